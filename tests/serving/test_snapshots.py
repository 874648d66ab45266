"""What every page reads of the city (name, sample banner, time zone, holidays) is kept by each
server until the content version changes, then read again at the next request."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import event, select

from navigator.db import db
from navigator.directory.models import City, Holiday
from navigator.pathway.source import content_changed


def _statements(app, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert app.test_client().get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_city_and_holidays_are_read_once_per_content_version(loaded):  # type: ignore[no-untyped-def]
    client = loaded.test_client()
    assert client.get("/en/").status_code == 200  # reads and keeps them
    later = _statements(loaded, "/en/topics/health")
    from_city = [s for s in later if re.search(r"\bFROM city\b", s)]
    # One read of the city per request: its content version, nothing else of it.
    assert len(from_city) == 1 and "content_version" in from_city[0], from_city
    assert not [s for s in later if re.search(r"\b(FROM|JOIN) (holiday|city_translation)\b", s)]


def test_a_content_change_is_seen_at_the_next_request(loaded):  # type: ignore[no-untyped-def]
    client = loaded.test_client()
    assert "Renamed City" not in client.get("/en/").get_data(as_text=True)
    with loaded.app_context():
        city = db.session.scalars(select(City)).one()
        city.name = "Renamed City"
        db.session.add(Holiday(date=dt.date(2026, 11, 24)))
        db.session.commit()
        # Without a new content version the kept values stay (that is the contract) ...
    assert "Renamed City" not in client.get("/en/").get_data(as_text=True)
    with loaded.app_context():
        content_changed(db.session)
        db.session.commit()
    # ... and with one, the next request reads them again.
    assert "Renamed City" in client.get("/en/").get_data(as_text=True)
    from navigator.core import snapshots

    with loaded.test_request_context("/en/"):
        assert dt.date(2026, 11, 24) in snapshots.holidays()


def test_two_apps_in_one_process_keep_their_own(make_app, loaded):  # type: ignore[no-untyped-def]
    other = make_app()  # the suite's shared database, with its own city
    with loaded.app_context():
        db.session.scalars(select(City)).one().name = "Only In Loaded"
        content_changed(db.session)
        db.session.commit()
    assert "Only In Loaded" in loaded.test_client().get("/en/").get_data(as_text=True)
    assert "Only In Loaded" not in other.test_client().get("/en/").get_data(as_text=True)
