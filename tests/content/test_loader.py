"""The content pack loader: every error named, nothing written on error, idempotent,
export → load round trip, translation state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from navigator.content.exporter import export_pack
from navigator.content.loader import PackError, check_pack, load_pack
from navigator.directory.models import Service
from navigator.translatable import TranslationState
from tests.conftest import DEMO_PACK


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(DEMO_PACK, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_line(path: Path, field: str, value: str) -> None:
    """Replace the line `field: ...` (first occurrence) with `field: value`."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(f"{field}:"):
            lines[index] = f"{field}: {value}\n"
            break
    else:
        raise AssertionError(f"no {field} line in {path}")
    path.write_text("".join(lines), encoding="utf-8")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        check_pack(path)
    return [str(p) for p in caught.value.problems]


def test_demo_pack_is_valid_and_rich_enough():
    pack = check_pack(DEMO_PACK)
    services = pack.entities["services"]
    published = [s for s in services.values() if s.get("status", "published") == "published"]
    assert len(published) >= 40
    assert len(pack.entities["organisations"]) >= 10
    assert len(pack.entities["locations"]) >= 8
    assert all(s.get("modelled_on") for s in published)
    for topic in pack.entities["topics"]:
        assert any(topic in s["topics"] for s in published), topic
    assert {"ar", "uk", "de"} <= set(pack.locales)
    assert pack.meta["sample"] is True


def test_every_error_names_file_field_and_reason(pack: Path):
    set_line(pack / "services" / "welcome-centre.md", "organisation", "no-such-org")
    edit(pack / "services" / "language-cafe.md", "\nsummary:", "\ncolour: blue\nsummary:")
    set_line(pack / "locations" / "city-hall.yaml", "latitude", "500")
    edit(pack / "topics.yaml", "- slug: health\n", "- slug: Health!\n")
    problems = problems_of(pack)
    text = "\n".join(problems)
    assert (
        "services/welcome-centre.md: organisation: there is no organisation 'no-such-org'" in text
    )
    assert "services/language-cafe.md: unknown field(s): 'colour'" in text
    assert "locations/city-hall.yaml: latitude: 500 is greater than the maximum of 90" in text
    assert "topics.yaml: [" in text and "'Health!' has the wrong form" in text
    # A file with errors is reported once, where it is, not again by everything that uses it.
    assert not any("no service 'language-cafe'" in p for p in problems)


def test_rule_with_unknown_fact_is_rejected_naming_file_and_fact(pack: Path):
    edit(
        pack / "services" / "advisory-centre.md",
        '{"var": "age"}',
        '{"var": "shoe_size"}',
    )
    problems = problems_of(pack)
    assert any(
        p.startswith("services/advisory-centre.md: eligibility[0].rule")
        and "unknown fact 'shoe_size'" in p
        for p in problems
    ), problems


def test_invalid_json_logic_is_rejected(pack: Path):
    edit(pack / "services" / "advisory-centre.md", '{"var": "age"}', '{"teleport": [1]}')
    assert any("not a valid JSON Logic rule" in p for p in problems_of(pack))


def test_prerequisite_cycle_is_rejected_naming_the_cycle(pack: Path):
    path = pack / "services" / "address-registration.md"
    edit(path, "requires: []", "requires: [start-coaching]")
    problems = problems_of(pack)
    cycle = [p for p in problems if "prerequisites form a cycle" in p]
    assert cycle and "address-registration" in cycle[0] and "start-coaching" in cycle[0]


def test_translation_must_translate_every_field(pack: Path):
    path = pack / "translations" / "de.yaml"
    text = path.read_text(encoding="utf-8")
    # Drop the German summary of one service.
    import yaml

    data = yaml.safe_load(text)
    del data["services"]["welcome-centre"]["summary"]
    data["services"]["no-such-service"] = {"title": "X"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = problems_of(pack)
    assert (
        "translations/de.yaml: services.welcome-centre.summary: missing: the source has this text"
        in problems
    )
    assert any("services.no-such-service" in p for p in problems)


def test_a_broken_pack_writes_nothing(pack: Path, fresh_session):
    set_line(pack / "services" / "welcome-centre.md", "organisation", "nope")
    with pytest.raises(PackError):
        load_pack(fresh_session, pack)
    fresh_session.rollback()
    assert fresh_session.scalar(select(func.count()).select_from(Service)) == 0


def test_second_load_changes_nothing(fresh_session):
    first = load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    assert first.changed
    second = load_pack(fresh_session, DEMO_PACK)
    assert not second.changed, second.describe()
    assert not fresh_session.dirty and not fresh_session.new and not fresh_session.deleted


def test_changed_service_is_updated_and_removed_service_archived(pack: Path, fresh_session):
    load_pack(fresh_session, pack)
    fresh_session.commit()
    set_line(pack / "services" / "language-cafe.md", "cost", "Two euro")
    (pack / "services" / "public-writer.md").unlink()
    for translation in (pack / "translations").glob("*.yaml"):
        import yaml

        data = yaml.safe_load(translation.read_text(encoding="utf-8"))
        data.get("services", {}).pop("public-writer", None)
        translation.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    summary = load_pack(fresh_session, pack)
    assert summary.updated["services"] == 1
    assert summary.archived == 1
    writer = fresh_session.scalars(select(Service).where(Service.slug == "public-writer")).one()
    assert writer.status == "archived"


def test_export_then_load_round_trips_exactly(fresh_session, tmp_path: Path):
    load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    exported = tmp_path / "exported"
    export_pack(fresh_session, exported)
    assert not load_pack(fresh_session, exported).changed
    # Exporting again gives byte-identical files.
    again = tmp_path / "again"
    export_pack(fresh_session, again)
    files = sorted(p.relative_to(exported) for p in exported.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (exported / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_exported_pack_loads_into_an_empty_database_identically(fresh_session, tmp_path, app):
    from navigator.content import canonical
    from navigator.content.loader import MODELS
    from navigator.db import db

    load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    exported = tmp_path / "exported"
    export_pack(fresh_session, exported)
    with app.app_context():
        # The app's database was loaded from the original pack; the exported pack must
        # describe exactly the same content.
        assert not load_pack(db.session, exported).changed
        db.session.rollback()
    for kind, (model, _attr) in MODELS.items():
        rows = fresh_session.scalars(select(model)).all()
        assert rows, kind
        assert all(canonical.to_pack(kind, row, "en") for row in rows)


def test_translation_state_is_computed(pack: Path, fresh_session):
    import yaml

    # German translation made from revision 1; English service text now at revision 2.
    edit(pack / "services" / "language-cafe.md", "revision: 1", "revision: 2")
    de = pack / "translations" / "de.yaml"
    data = yaml.safe_load(de.read_text(encoding="utf-8"))
    data["services"]["language-cafe"]["translated_from"] = 1
    de.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_pack(fresh_session, pack)
    cafe = fresh_session.scalars(select(Service).where(Service.slug == "language-cafe")).one()
    assert cafe.translation_state("de") == TranslationState.OUTDATED
    assert cafe.translation_state("ar") == TranslationState.UP_TO_DATE
    assert cafe.translation_state("lt") == TranslationState.MISSING


def test_minor_source_edit_keeps_translations_up_to_date():
    from navigator.translatable import next_revision, translation_state

    assert next_revision(3, minor=True) == 3
    assert next_revision(3, minor=False) == 4
    assert translation_state(next_revision(3, minor=True), 3) == TranslationState.UP_TO_DATE
    assert translation_state(next_revision(3, minor=False), 3) == TranslationState.OUTDATED
    assert translation_state(3, None) == TranslationState.MISSING


def test_cli_load_reports_problems_and_exits_nonzero(runner, pack: Path):
    set_line(pack / "services" / "welcome-centre.md", "organisation", "nope")
    result = runner.invoke(args=["content", "check", str(pack)])
    assert result.exit_code == 1
    assert "services/welcome-centre.md: organisation" in result.output


def test_cli_check_and_rules_test_on_demo(runner):
    result = runner.invoke(args=["content", "check", str(DEMO_PACK)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["rules", "test", str(DEMO_PACK), "--date", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_location_hours_are_inherited_and_checked(pack: Path, fresh_session):
    """A service place with `location_hours` shows the location's hours; changing them in
    the location's file changes that service, not the others there; a place cannot both
    inherit and list hours, nor inherit from a location without any."""
    load_pack(fresh_session, pack)
    fresh_session.commit()
    welcome = fresh_session.scalars(select(Service).where(Service.slug == "welcome-centre")).one()
    place = welcome.locations[0]
    assert place.location_hours and not place.slots
    assert {(s.weekday, s.opens, s.closes) for s in place.weekly} >= {(3, 540, 1140)}
    assert [e.date.isoformat() for e in place.dated] == ["2026-12-23", "2026-12-30"]
    location = pack / "locations" / "welcome-centre-marktplatz.yaml"
    edit(
        location,
        '{days: [thu], opens: "09:00", closes: "19:00"}',
        '{days: [thu], opens: "09:00", closes: "20:00"}',
    )
    summary = load_pack(fresh_session, pack)
    assert summary.updated["locations"] == 1 and not summary.updated.get("services")
    fresh_session.expire_all()
    assert (3, 540, 1200) in {(s.weekday, s.opens, s.closes) for s in place.weekly}

    service = pack / "services" / "welcome-centre.md"
    edit(
        service,
        "    location_hours: true\n",
        "    location_hours: true\n    hours:\n"
        '      - {days: [sun], opens: "10:00", closes: "11:00"}\n',
    )
    edit(location, "exceptions:\n", "holiday_closures:\n")  # not a field: the check names it
    found = problems_of(pack)
    assert any("location_hours" in p and "cannot have hours" in p for p in found), found
    assert any("holiday_closures" in p for p in found), found


def test_a_place_cannot_inherit_from_a_location_without_hours(pack: Path):
    service = pack / "services" / "language-cafe.md"
    edit(
        service,
        "  - location: central-library\n",
        "  - location: central-library\n    location_hours: true\n",
    )
    found = problems_of(pack)
    assert any("has no opening hours of its own" in p for p in found), found
