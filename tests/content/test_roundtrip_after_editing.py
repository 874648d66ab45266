"""Files stay the interchange (issue 9): a database edited through the back office, exported,
loaded into an empty database and exported again gives byte-identical files.

The edits go through the back office's own path (`revisions.save` + `publish`, with the data
as the forms make it: texts without outer white space, defaults left out), so what is
exported is what an editor's work looks like as files."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator import migrate
from navigator.content import canonical
from navigator.content.exporter import export_pack
from navigator.content.loader import load_pack
from navigator.db import db, make_engine
from navigator.directory.models import Organisation, Service
from navigator.editor import revisions
from navigator.editor.auth import hash_password
from navigator.editor.models import Account
from tests.conftest import DEMO_PACK, _base_url, _drop_schema, _fresh

SERVICE = "language-cafe"
ORGANISATION = "city-library"


@pytest.fixture
def other_session(tmp_path: Path) -> Iterator[Session]:
    """A second empty, migrated database (fresh_database_url holds the edited one)."""
    url = _fresh(_base_url(tmp_path), tmp_path, "other")
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()
    _drop_schema(url)


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def edit_through_the_back_office() -> None:
    """A service and an organisation changed as the back office's forms change them."""
    editor = Account(
        email="roundtrip.editor@example.org",
        role="city_editor",
        password_hash=hash_password("correct horse battery staple"),
    )
    db.session.add(editor)
    db.session.flush()

    service = db.session.scalars(select(Service).where(Service.slug == SERVICE)).one()
    data = copy.deepcopy(revisions.snapshot("services", service))
    data.update(
        title="Language café for everyone",
        # The form strips outer white space: no final newline, unlike a Markdown file's body.
        description="Meet people and practise speaking.\n\n- Coffee is free.\n- No sign-up.",
        cost="Free, no registration needed",
        topics=list(reversed(data["topics"])),
        languages=["de", "en", "ar"],
        valid_from="2026-12-01",
    )
    draft = revisions.save("services", service, canonical.tidy("services", data), editor)
    revisions.publish(draft, editor)

    organisation = db.session.scalars(
        select(Organisation).where(Organisation.slug == ORGANISATION)
    ).one()
    data = copy.deepcopy(revisions.snapshot("organisations", organisation))
    data.update(
        name="Demo City Library",
        description="Books in many languages.\nVolunteers help with forms.",
        phone="",  # emptied in the form
    )
    draft = revisions.save(
        "organisations", organisation, canonical.tidy("organisations", data), editor
    )
    revisions.publish(draft, editor)

    # A location's own hours, and a service there that takes them.
    location = revisions.live("locations", "central-library")
    data = copy.deepcopy(revisions.snapshot("locations", location))
    data.update(
        hours=[{"days": ["mon", "tue"], "opens": "10:00", "closes": "18:00"}],
        exceptions=[{"date": "2026-12-24", "closed": True}],
    )
    draft = revisions.save("locations", location, canonical.tidy("locations", data), editor)
    revisions.publish(draft, editor)
    service = db.session.scalars(select(Service).where(Service.slug == SERVICE)).one()
    data = copy.deepcopy(revisions.snapshot("services", service))
    place = next(p for p in data["locations"] if p["location"] == "central-library")
    place.pop("hours", None)
    place.pop("exceptions", None)
    place["location_hours"] = True
    draft = revisions.save("services", service, canonical.tidy("services", data), editor)
    revisions.publish(draft, editor)

    # The city: a holiday and a number added.
    city = revisions.live("city", "city")
    data = copy.deepcopy(revisions.snapshot("city", city))
    data["holidays"] = [*data["holidays"], {"date": "2027-10-03", "name": "Unity Day"}]
    data["emergency_numbers"] = [
        *data["emergency_numbers"],
        {"id": "poison-control", "number": "+49 30 0000 1922", "label": "Poison control"},
    ]
    draft = revisions.save("city", city, canonical.tidy("city", data), editor)
    revisions.publish(draft, editor)
    db.session.commit()


def test_export_of_an_edited_database_round_trips_byte_for_byte(
    make_app, fresh_database_url, other_session, tmp_path
):
    app = make_app(DATABASE_URL=fresh_database_url)
    first, second = tmp_path / "A", tmp_path / "B"
    with app.app_context():
        load_pack(db.session, DEMO_PACK)
        db.session.commit()
        edit_through_the_back_office()
        export_pack(db.session, first)
        db.session.rollback()

    # The edits are in the export (the round trip below is not trivially of the demo pack).
    cafe = (first / "services" / f"{SERVICE}.md").read_text(encoding="utf-8")
    assert "title: Language café for everyone" in cafe
    assert "valid_from: '2026-12-01'" in cafe or "valid_from: 2026-12-01" in cafe
    library = (first / "organisations" / f"{ORGANISATION}.yaml").read_text(encoding="utf-8")
    assert "name: Demo City Library" in library and "phone" not in library
    assert "location_hours: true" in cafe
    branch = (first / "locations" / "central-library.yaml").read_text(encoding="utf-8")
    assert "opens: '10:00'" in branch and "2026-12-24" in branch
    pack = (first / "pack.yaml").read_text(encoding="utf-8")
    assert "Unity Day" in pack and "poison-control" in pack

    summary = load_pack(other_session, first)
    other_session.commit()
    assert summary.changed
    export_pack(other_session, second)

    exported, again = files_of(first), files_of(second)
    assert sorted(exported) == sorted(again)
    different = [name for name in exported if exported[name] != again[name]]
    assert not different, different

    # And the exported pack describes the edited database exactly: loading it back changes
    # nothing there.
    with app.app_context():
        assert not load_pack(db.session, first).changed
        db.session.rollback()
