"""`content import-hsds`: HSDS 3.0 publications into a city through the content pack loader,
and `content export-hsds` back out.

Export equivalence (test_import_then_export_gives_the_same_mapped_fields) is defined as:
mapping the exported publication gives the same pack entities as mapping the imported one
— every field the import maps (organisations, locations with hours, services with their
channels, languages, documents, areas, cost, age rule, places and hours, topics) — once
HSDS ids are normalised away (the pack keys objects by slug, and the export mints its own
UUIDs). What the import reports as not mapped is, by definition, not compared. From the
city's side (test_the_citys_own_export_imports_back_without_a_change): the city's own
export imported back changes no row of the database.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from navigator.content.loader import PackConflict
from navigator.db import db
from navigator.directory.models import Location, Organisation, Service
from navigator.editor import revisions
from navigator.editor.models import AuditEvent, Revision
from navigator.events.models import Event
from navigator.hsds import publication as hsds
from navigator.hsds.importer import import_publication
from navigator.hsds.publication import PublicationError
from navigator.hsds.to_pack import map_publication
from navigator.hsds.vocabulary import PROFILE_READ
from tests.content.test_load_atomic import snapshot
from tests.hsds.test_publication import EXAMPLES

SERVICE = "community-counselling"
LOCATION = "mycity-civic-center"


def weekly(service: dict[str, Any]) -> dict[str, Any]:
    """The official service with a plain weekly schedule at its location, a monthly one
    for the service, and a real point on Earth."""
    service = copy.deepcopy(service)
    place = service["service_at_locations"][0]
    place["schedules"] = [
        {
            "id": "0f0e0d0c-0b0a-4909-8807-060504030201",
            "freq": "WEEKLY",
            "byday": "MO,TU,TH",
            "opens_at": "09:00:00",
            "closes_at": "12:30:00",
        }
    ]
    place["location"]["latitude"], place["location"]["longitude"] = 52.52, 13.405
    service["schedules"] = [
        {
            "id": "1f0e0d0c-0b0a-4909-8807-060504030201",
            "freq": "MONTHLY",
            "byday": "1MO",
            "opens_at": "10:00:00",
            "closes_at": "11:00:00",
        }
    ]
    return service


@pytest.fixture
def empty_app(make_app, fresh_database_url):  # type: ignore[no-untyped-def]
    return make_app(DATABASE_URL=fresh_database_url, TIMEZONE="Europe/London")


def _import(path: Path, **kwargs: Any):  # type: ignore[no-untyped-def]
    imported = import_publication(
        db.session, path, source_locale="en", timezone="Europe/London", **kwargs
    )
    db.session.commit()
    return imported


def _service(slug: str = SERVICE) -> Service:
    return db.session.scalars(select(Service).where(Service.slug == slug)).one()


@pytest.mark.parametrize("example", ["service_full.json", "csv"])
def test_the_official_example_imports_into_an_empty_city(empty_app, example: str) -> None:
    with empty_app.app_context():
        imported = _import(EXAMPLES / example)
        service = _service()
        assert service.status == "published"
        assert service.organisation.slug == "example-organization-inc"
        assert service.languages == ["ur"]
        assert [loc.location.slug for loc in service.locations] == [LOCATION]
        assert service.rules[0].logic == {
            "and": [{">=": [{"var": "age"}, 12]}, {"<=": [{"var": "age"}, 100]}]
        }
        assert len(service.documents) == 1 and len(service.areas) == 1
        assert service.last_reviewed.isoformat() == "2005-01-01"
        assert not service.free
        assert "35 GBP per 1 hour session" in service.translations["en"].cost
        location = db.session.scalars(select(Location)).one()
        assert (location.street, location.postcode, location.city) == (
            "1-30 Main Street, MyVillage",
            "ABC 1234",
            "MyCity",
        )
        assert location.latitude is None  # 100 is not a latitude: reported, not imported
        reported = {(u.table, u.field): u.reason for u in imported.unmapped}
        assert "narrow the weekly rule" in reported[("schedule", "schedule")]
        assert "not a point on Earth" in reported[("location", "latitude, longitude")]
        assert ("service", "alert") in reported and ("organization", "logo") in reported
        assert imported.summary.created["services"] == 1
        assert imported.summary.created["facts"] == 1  # `age`, which the rule asks about


def test_both_official_forms_map_to_the_same_pack() -> None:
    from_json = map_publication(hsds.read(EXAMPLES / "service_full.json"))
    from_tables = map_publication(hsds.read(EXAMPLES / "csv"))
    # The tables' attribute (the service's taxonomy term) points at no object (link_id
    # f28dd44b…): the service gets no topic from it there, and the row is reported.
    json_topics, table_topics = from_json.entities.pop("topics"), from_tables.entities.pop("topics")
    assert list(json_topics) == ["name"] and list(table_topics) == ["not-yet-classified"]
    assert from_json.entities["services"][SERVICE].pop("topics") == ["name"]
    assert from_tables.entities["services"][SERVICE].pop("topics") == ["not-yet-classified"]
    assert from_json.entities == from_tables.entities
    assert ("attribute", "ae58cc39-8b70-4ab1-8aea-786882e5ac8e") in {
        (u.table, u.id) for u in from_tables.unmapped
    }


def test_weekly_schedules_become_hours_and_others_are_reported(empty_app, tmp_path) -> None:
    path = tmp_path / "service.json"
    path.write_text(json.dumps(weekly(json.loads((EXAMPLES / "service_full.json").read_text()))))
    with empty_app.app_context():
        imported = _import(path)
        place = _service().locations[0]
        assert sorted((s.weekday, s.opens, s.closes) for s in place.slots) == [
            (0, 540, 750),
            (1, 540, 750),
            (3, 540, 750),
        ]
        assert place.location.latitude == pytest.approx(52.52)
        reasons = [str(u) for u in imported.unmapped if u.table == "schedule"]
        assert any("freq=MONTHLY" in r for r in reasons)


def test_importing_twice_changes_nothing(empty_app) -> None:
    with empty_app.app_context():
        _import(EXAMPLES / "csv")
        before = snapshot(str(empty_app.config["DATABASE_URL"]))
        again = _import(EXAMPLES / "csv")
        assert not again.summary.changed
        assert snapshot(str(empty_app.config["DATABASE_URL"])) == before


def test_an_import_keeps_the_rest_of_the_city(loaded) -> None:
    with loaded.app_context():
        services = db.session.scalar(select(func.count()).select_from(Service))
        imported = _import(EXAMPLES / "service_full.json")
        assert imported.summary.archived == 0
        assert db.session.scalar(select(func.count()).select_from(Service)) == services + 1
        assert _service().rules[0].logic["and"][0] == {">=": [{"var": "age"}, 12]}
        # the demo city's own `age` question is used, not replaced
        assert imported.summary.created["facts"] == imported.summary.updated["facts"] == 0


def test_a_bad_publication_changes_nothing(empty_app, tmp_path) -> None:
    with empty_app.app_context():
        _import(EXAMPLES / "csv")
        before = snapshot(str(empty_app.config["DATABASE_URL"]))
        service = json.loads((EXAMPLES / "service_full.json").read_text())
        service["name"] = "Community Counselling, renamed"
        service["status"] = "open"  # not an HSDS status
        (tmp_path / "bad.json").write_text(json.dumps(service))
        with pytest.raises(PublicationError):
            import_publication(
                db.session, tmp_path / "bad.json", source_locale="en", timezone="UTC"
            )
        db.session.rollback()
        assert snapshot(str(empty_app.config["DATABASE_URL"])) == before


def test_back_office_work_stops_the_import_and_revisions_are_written(empty_app, tmp_path):
    from navigator.editor.auth import hash_password
    from navigator.editor.models import Account

    original = json.loads((EXAMPLES / "service_full.json").read_text())
    changed = copy.deepcopy(original)
    changed["description"] = "Counselling by trained professionals, now on Saturdays too."
    (tmp_path / "changed.json").write_text(json.dumps(changed))
    with empty_app.app_context():
        _import(EXAMPLES / "service_full.json")
        first = revisions.start("services", _service())
        db.session.commit()
        imported = _import(tmp_path / "changed.json")
        assert imported.summary.revisions == 1
        newest = db.session.scalars(
            select(Revision).where(Revision.key == SERVICE).order_by(Revision.number.desc())
        ).first()
        assert newest.number == first.number + 1
        assert newest.state == "published" and newest.author_id is None
        assert newest.note.startswith("loaded from the HSDS publication")
        assert newest.data["description"].startswith("Counselling by trained professionals, now")
        # HSDS has no summary: the one derived at the first import stays
        assert newest.data["summary"] == "Counselling Services provided by trained professionals."
        assert newest.data["revision"] == 2  # a new source text: translations are outdated
        # A draft waiting in the back office: the import is refused, nothing written.
        editor = Account(email="hsds.editor@example.org", role="city_editor")
        editor.password_hash = hash_password("not-a-real-password")
        db.session.add(editor)
        db.session.flush()
        data = {**revisions.snapshot("services", _service()), "cost": "Two euro"}
        revisions.save("services", _service(), data, editor)
        db.session.commit()
        before = snapshot(str(empty_app.config["DATABASE_URL"]))
        with pytest.raises(PackConflict):
            import_publication(
                db.session, EXAMPLES / "service_full.json", source_locale="en", timezone="UTC"
            )
        db.session.rollback()
        assert snapshot(str(empty_app.config["DATABASE_URL"])) == before


@pytest.mark.parametrize("example", ["service_full.json", "csv", "weekly"])
def test_import_then_export_gives_the_same_mapped_fields(empty_app, tmp_path, example) -> None:
    source = EXAMPLES / example
    if example == "weekly":
        source = tmp_path / "in.json"
        source.write_text(
            json.dumps(weekly(json.loads((EXAMPLES / "service_full.json").read_text())))
        )
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["content", "import-hsds", str(source)])
    assert result.exit_code == 0, result.output
    assert "not imported: schedule" in result.output
    result = runner.invoke(args=["content", "export-hsds", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "csv" / "datapackage.json").exists()
    assert hsds.table_problems(tmp_path / "out" / "csv") == []
    before = map_publication(hsds.read(source)).entities
    for form in ("json", "csv"):
        after = map_publication(hsds.read(tmp_path / "out" / form)).entities
        assert after == before, form
    with empty_app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions[-2:] == ["import", "export"]


def test_dry_run_writes_nothing_and_bad_input_is_explained(empty_app, tmp_path) -> None:
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["content", "import-hsds", "--dry-run", str(EXAMPLES / "csv")])
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written: " in result.output
    assert "1 services created" in result.output
    assert "not imported: attribute ae58cc39-8b70-4ab1-8aea-786882e5ac8e" in result.output
    with empty_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
    result = runner.invoke(args=["content", "export-hsds", "--locale", "xx", str(tmp_path)])
    assert result.exit_code == 2 and "xx is not a language of this city" in result.output
    (tmp_path / "bad.json").write_text('{"id": "x", "name": "No status"}')
    result = runner.invoke(args=["content", "import-hsds", str(tmp_path / "bad.json")])
    assert result.exit_code == 1
    assert "is not a valid HSDS 3.0 publication; nothing was imported" in result.output
    assert "'status' is a required property" in result.output


def test_the_demo_city_exports_as_a_valid_publication(loaded, tmp_path) -> None:
    runner = loaded.test_cli_runner()
    result = runner.invoke(args=["content", "export-hsds", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert hsds.table_problems(tmp_path / "demo" / "csv") == []
    publication = hsds.read(tmp_path / "demo" / "json", PROFILE_READ)
    with loaded.app_context():
        published = db.session.scalar(
            select(func.count()).select_from(Service).where(Service.status == "published")
        )
        events = db.session.scalar(
            select(func.count()).select_from(Event).where(Event.status == "published")
        )
    assert len(publication["services"]) == published + events
    kinds = [s.get("service_kind") for s in publication["services"]]
    assert kinds.count("event") == events == 5


def test_the_citys_own_export_imports_back_without_a_change(loaded, tmp_path) -> None:
    """Export equivalence from the city's side: its own HSDS export, imported back, is
    recognised object by object (the export's ids derive from slugs) and changes nothing —
    what HSDS cannot say (summaries, prerequisites, other rules, in-person channels, a
    place's appointment and walk-in flags) stays as it was."""
    runner = loaded.test_cli_runner()
    assert runner.invoke(args=["content", "export-hsds", str(tmp_path / "out")]).exit_code == 0
    url = str(loaded.config["DATABASE_URL"])
    before = snapshot(url)
    for form in ("json", "csv"):
        result = runner.invoke(args=["content", "import-hsds", str(tmp_path / "out" / form)])
        assert result.exit_code == 0, result.output
        assert "nothing changed: the database already matches the pack" in result.output
    after = snapshot(url)
    after.pop("audit_event"), before.pop("audit_event")
    assert after == before


def test_a_changed_description_outdates_its_translations(loaded, tmp_path) -> None:
    runner = loaded.test_cli_runner()
    assert runner.invoke(args=["content", "export-hsds", str(tmp_path / "out")]).exit_code == 0
    services = json.loads((tmp_path / "out" / "json" / "services.json").read_text())
    with loaded.app_context():
        translated = next(s for s in db.session.scalars(select(Service)) if "de" in s.translations)
        slug, revision = translated.slug, translated.revision
    title = translated.translations["en"].title
    service = next(s for s in services if s["name"] == title)
    service["description"] = "A new description, in the source language only."
    (tmp_path / "changed.json").write_text(json.dumps({"services": [service]}))
    result = runner.invoke(args=["content", "import-hsds", str(tmp_path / "changed.json")])
    assert result.exit_code == 0, result.output
    assert "1 services updated" in result.output
    with loaded.app_context():
        service_row = _service(slug)
        assert service_row.revision == revision + 1
        assert service_row.translations["de"].source_revision == revision  # now outdated
