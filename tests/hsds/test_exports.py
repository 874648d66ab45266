"""Whole exports (`format=ndjson`) stay what the paged API answers while the content
changes: after a publish in the back office (only what it changed is built again), on a
new day (only the services that start are built), built ahead by `content prepare-hsds`,
and with two processes sharing one folder (one builds, the other waits and reads)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from navigator.content import canonical
from navigator.db import db
from navigator.directory.models import City, Location, Service, Topic
from navigator.editor import revisions
from navigator.editor.models import Account
from navigator.events.models import Event
from navigator.hsds import mapping
from tests.conftest import FIXED_NOW
from tests.hsds.test_api import API, everything

KINDS = (("services", ""), ("services", "&minimal=true"), ("service_at_locations", ""))


@pytest.fixture
def city(loaded, tmp_path):  # type: ignore[no-untyped-def]
    """The demo city on a database of its own, its exports kept in a folder of its own."""
    loaded.config["HSDS_NDJSON_DIR"] = str(tmp_path / "ndjson")
    with loaded.app_context():
        db.session.add(
            Account(email="editor@exports.example.org", role="city_editor", password_hash="!")
        )
        db.session.commit()
    return loaded


def ndjson(client, kind: str, locale: str, extra: str = "") -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get(f"{API}/{kind}?format=ndjson&locale={locale}{extra}")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def paged(client, kind: str, locale: str, extra: str = "") -> list[dict]:  # type: ignore[no-untyped-def]
    if not extra:
        return everything(client, kind, locale)
    objects, page = [], 1
    while True:
        body = client.get(f"{API}/{kind}?per_page=100&page={page}&locale={locale}{extra}").json
        objects += body["contents"]
        if body["last_page"]:
            return objects
        page += 1


def assert_same_as_pages(client, locale: str) -> None:  # type: ignore[no-untyped-def]
    for kind, extra in KINDS:
        assert ndjson(client, kind, locale, extra) == paged(client, kind, locale, extra), kind


@pytest.fixture
def builds(monkeypatch):  # type: ignore[no-untyped-def]
    """The slugs of the services made into HSDS objects (in full or minimal) from now on."""
    made: list[str] = []
    real = mapping.service_object

    def counting(service, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(service.slug)
        return real(service, *args, **kwargs)

    monkeypatch.setattr(mapping, "service_object", counting)
    return made


def publish(app, kind: str, model, slug: str, **changes) -> None:  # type: ignore[no-untyped-def]
    """An editor publishes a change to the `kind` `slug` in the back office."""
    with app.app_context():
        editor = db.session.scalars(select(Account)).one()
        found = select(model) if model is City else select(model).where(model.slug == slug)
        obj = db.session.scalars(found).one()
        data = copy.deepcopy(revisions.snapshot(kind, obj))
        data.update(changes)
        draft = revisions.save(kind, obj, canonical.tidy(kind, data), editor)
        revisions.publish(draft, editor)
        db.session.commit()


def kept_files(app) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = Path(app.config["HSDS_NDJSON_DIR"])
    return sorted(p for p in folder.iterdir() if p.suffix in (".json", ".ndjson"))


def test_a_published_service_is_in_the_next_export_and_only_it_is_built_again(city, builds):
    client = city.test_client()
    for locale in ("en", "de"):
        assert_same_as_pages(client, locale)
    publish(city, "services", Service, "address-registration", title="Register your address now")
    builds.clear()
    services = ndjson(client, "services", "en")
    assert builds == ["address-registration"]
    assert "Register your address now" in {s["name"] for s in services}
    for locale in ("en", "de"):  # in German, its translation is now outdated
        assert_same_as_pages(client, locale)


def test_two_publishes_in_one_transaction_are_both_in_the_next_export(city, builds):
    client = city.test_client()
    ndjson(client, "services", "en")
    with city.app_context():
        editor = db.session.scalars(select(Account)).one()
        for slug in ("address-registration", "language-cafe"):
            service = db.session.scalars(select(Service).where(Service.slug == slug)).one()
            data = copy.deepcopy(revisions.snapshot("services", service))
            data["title"] = f"{slug} checked"
            draft = revisions.save("services", service, canonical.tidy("services", data), editor)
            revisions.publish(draft, editor)
        db.session.commit()
    builds.clear()
    names = {s["name"] for s in ndjson(client, "services", "en")}
    assert sorted(builds) == ["address-registration", "language-cafe"]
    assert {"address-registration checked", "language-cafe checked"} <= names
    assert_same_as_pages(client, "en")


def test_a_published_location_shows_in_every_service_there(city, builds):
    client = city.test_client()
    assert_same_as_pages(client, "fr")
    with city.app_context():
        there = set(
            db.session.scalars(
                select(Service.slug)
                .join(Service.locations)
                .join(Location)
                .where(Location.slug == "citizens-office-centre")
            )
        )
    assert len(there) > 1
    publish(city, "locations", Location, "citizens-office-centre", street="Neue Straße 1")
    builds.clear()
    places = ndjson(client, "service_at_locations", "fr")
    assert "Neue Straße 1" in {p["location"]["addresses"][0]["address_1"] for p in places}
    services = ndjson(client, "services", "fr")
    assert set(builds) == there
    streets = {
        s["id"]: {p["location"]["addresses"][0]["address_1"] for p in s["service_at_locations"]}
        for s in services
    }
    assert all("Neue Straße 1" in streets[mapping.hsds_id("service", slug)] for slug in there)
    assert_same_as_pages(client, "fr")


def test_a_new_day_builds_only_the_services_that_start(city, builds):
    client = city.test_client()
    tomorrow = FIXED_NOW.date() + dt.timedelta(days=1)
    with city.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == "language-cafe")).one()
        service.valid_from = tomorrow
        db.session.scalars(select(City)).one().content_version += 1
        db.session.commit()
    first = ndjson(client, "services", "es")
    assert mapping.hsds_id("service", "language-cafe") not in {s["id"] for s in first}
    city.config["NOW"] = FIXED_NOW + dt.timedelta(days=1)
    builds.clear()
    then = ndjson(client, "services", "es")
    assert builds == ["language-cafe"]
    assert mapping.hsds_id("service", "language-cafe") in {s["id"] for s in then}
    assert_same_as_pages(client, "es")


def test_prepared_ahead_the_first_request_builds_nothing(city, builds):
    client = city.test_client()
    ndjson(client, "services", "ar")  # a server was asked for Arabic once
    with city.app_context():
        db.session.scalars(select(City)).one().content_version += 1  # as a content load does
        db.session.commit()
    result = city.test_cli_runner().invoke(args=["content", "prepare-hsds", "--locale", "uk"])
    assert result.exit_code == 0, result.output
    assert "ar, " in result.output or "uk, ar" in result.output
    builds.clear()
    for locale in ("ar", "uk"):
        for kind, extra in KINDS:
            ndjson(client, kind, locale, extra)
    assert builds == []
    assert_same_as_pages(client, "uk")


def test_a_published_event_is_built_again_alone(city, builds, monkeypatch):
    from navigator.hsds import queries

    events: list[str] = []
    real = queries.event_object

    def counting(event, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append(event.slug)
        return real(event, *args, **kwargs)

    monkeypatch.setattr(queries, "event_object", counting)
    client = city.test_client()
    assert_same_as_pages(client, "en")
    publish(city, "events", Event, "welcome-day", title="Welcome day, now at noon")
    builds.clear()
    events.clear()
    services = ndjson(client, "services", "en")
    assert builds == [] and events == ["welcome-day"]  # no service shows an event
    assert "Welcome day, now at noon" in {s["name"] for s in services}
    assert_same_as_pages(client, "en")
    # A topic the event shows: the event is built again with the services in that topic.
    publish(city, "topics", Topic, "community", title="Community life")
    events.clear()
    ndjson(client, "services", "en")
    assert "welcome-day" in events and "language-cafe-thursdays" in events
    assert "work-permit-info-sessions" not in events
    assert_same_as_pages(client, "en")


def test_a_city_in_another_time_zone_builds_them_anew(city, builds):
    client = city.test_client()
    ndjson(client, "services", "nl")
    publish(city, "city", City, "city", timezone="Europe/Lisbon")
    builds.clear()
    ndjson(client, "services", "nl")
    with city.app_context():
        published = len(db.session.scalars(select(Service.id)).all())
    assert len(builds) >= published - 5  # every current service, not one
    assert_same_as_pages(client, "nl")


def test_the_citys_holidays_and_notice_build_nothing(city, builds):
    client = city.test_client()
    ndjson(client, "services", "nl")
    with city.app_context():
        holidays = revisions.snapshot("city", db.session.scalars(select(City)).one())["holidays"]
        before = db.session.scalar(select(City.content_version))
    publish(
        city,
        "city",
        City,
        "city",
        holidays=[*holidays, {"date": "2027-05-20", "name": "City day"}],
        notice="Closed on City day",
    )
    with city.app_context():
        assert db.session.scalar(select(City.content_version)) > before
        assert "2027-05-20" in {
            h["date"]
            for h in revisions.snapshot("city", db.session.scalars(select(City)).one())["holidays"]
        }
    builds.clear()
    ndjson(client, "services", "nl")
    assert builds == []  # no HSDS object shows them
    assert_same_as_pages(client, "nl")


def test_old_files_and_records_are_removed(city):
    client = city.test_client()
    publish(city, "services", Service, "address-registration", title="Null")
    folder = Path(city.config["HSDS_NDJSON_DIR"])
    assert not folder.exists() or not kept_files(city)  # nothing kept: no record either
    ndjson(client, "services", "de")
    for title in ("Eins", "Zwei", "Drei"):
        publish(city, "services", Service, "address-registration", title=title)
        assert_same_as_pages(client, "de")
    names = [p.name for p in kept_files(city)]
    assert sum(n.endswith(".json") and "_changes_" not in n for n in names) == len(KINDS)
    assert not any("_changes_" in n for n in names)  # every index is past the records
    indexes = [p for p in kept_files(city) if p.suffix == ".json"]
    used = {s for p in indexes for s in json.loads(p.read_text())["segments"]}
    assert {n for n in names if n.endswith(".ndjson")} == used


SCRIPT = """
import sys, time
from pathlib import Path
from navigator import create_app
from navigator.hsds import exports

url, folder, log, wait_for = sys.argv[1:5]
app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True,
                  "NOW": __import__("tests.conftest").conftest.FIXED_NOW,
                  "RATELIMIT_ENABLED": False, "HSDS_NDJSON_DIR": folder})
real = exports._whole

def logged(*args, **kwargs):
    with open(log, "a") as out:
        out.write("start\\n")
    time.sleep(1.0)  # another process asks meanwhile
    made = real(*args, **kwargs)
    with open(log, "a") as out:
        out.write("end\\n")
    return made

exports._whole = logged
if wait_for != "-":
    while "start" not in Path(log).read_text():
        time.sleep(0.05)
response = app.test_client().get("/api/v1/hsds/services?format=ndjson&locale=pl")
assert response.status_code == 200
sys.stdout.write(str(len(response.get_data().splitlines())))
"""


def test_two_processes_build_one_export_once(city, tmp_path):
    """Two servers on one database and folder: the second waits for the first's build and
    streams it, rather than building the same file at the same time."""
    log = tmp_path / "builds.log"
    log.write_text("")
    url, folder = city.config["DATABASE_URL"], city.config["HSDS_NDJSON_DIR"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-c", SCRIPT, url, folder, str(log)]
    first = subprocess.Popen([*command, "-"], stdout=subprocess.PIPE, env=env, text=True)
    second = subprocess.Popen([*command, "wait"], stdout=subprocess.PIPE, env=env, text=True)
    outputs = [p.communicate(timeout=120)[0] for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0]
    assert log.read_text().split() == ["start", "end"]  # one build, never two at once
    expected = len(everything(city.test_client(), "services", "pl"))
    assert outputs == [str(expected), str(expected)]


def test_a_changed_setting_builds_anew(city):
    """Lines outlive content versions: a setting they show makes new ones."""
    client = city.test_client()
    ndjson(client, "service_at_locations", "de")
    city.config["HSDS_STATE_PROVINCE"] = "Hessen"
    places = ndjson(client, "service_at_locations", "de")
    assert {p["location"]["addresses"][0]["state_province"] for p in places} == {"Hessen"}
    assert places == everything(client, "service_at_locations", "de")
