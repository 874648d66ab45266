"""Events in the content pack: checks naming file and field (an invalid RRULE too),
all-or-nothing and idempotent loads, export → load round trip, archiving."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from navigator.content import canonical
from navigator.content.exporter import export_pack
from navigator.content.loader import PackError, check_pack, load_pack
from navigator.events.models import Event
from tests.conftest import DEMO_PACK

EVENTS = DEMO_PACK / "events"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "events-pack"
    shutil.copytree(DEMO_PACK, target)
    return target


def set_line(path: Path, field: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(f"{field}:"):
            lines[index] = f"{field}: {value}\n"
            break
    else:
        lines.insert(1, f"{field}: {value}\n")
    path.write_text("".join(lines), encoding="utf-8")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        check_pack(path)
    return [str(p) for p in caught.value.problems]


def test_demo_events_are_valid_sample_data_with_the_practices_they_follow():
    pack = check_pack(DEMO_PACK)
    events = pack.entities["events"]
    assert 4 <= len(events) <= 6
    assert all(e.get("modelled_on") and "sample data" in e["source"] for e in events.values())
    rules = {slug: e.get("rrule", "") for slug, e in events.items()}
    assert "FREQ=WEEKLY;BYDAY=TH" in rules.values()  # the weekly language café
    assert any("BYDAY=1SA" in r for r in rules.values())  # first Saturday of the month
    assert any(r.startswith("FREQ=YEARLY") for r in rules.values())
    assert any(e.get("exdate") and e.get("rdate") for e in events.values())  # moved date
    assert pack.meta["sample"] is True


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY is not one of DAILY, WEEKLY, MONTHLY, YEARLY"),
        ("BYDAY=TH", "FREQ is missing"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY: 'XX' is not a weekday"),
        ("FREQ=MONTHLY;BYDAY=9SA", "BYDAY=9SA: the number must be from 1 to 5"),
        ("FREQ=WEEKLY;BYDAY=2TU", "an nth weekday needs FREQ=MONTHLY"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31", "no month has the days"),
        ("FREQ=MONTHLY;UNTIL=20200101", "gives no date at all"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "give UNTIL or COUNT, not both"),
        ("FREQ=WEEKLY;UNTIL=20270101T000000Z", "without Z"),
        ("FREQ=HOURLY", "is not one of"),
        ("FREQ=WEEKLY;BYHOUR=9", "'BYHOUR' is not allowed"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be a whole number"),
        ("FREQ=WEEKLY;BYDAY", "'BYDAY' is not of the form NAME=VALUE"),
    ],
)
def test_an_invalid_rrule_is_named_with_file_field_and_reason(pack: Path, rule: str, reason: str):
    set_line(pack / "events" / "welcome-day.md", "rrule", f'"{rule}"')
    set_line(pack / "events" / "welcome-day.md", "exdate", "[]")
    set_line(pack / "events" / "welcome-day.md", "rdate", "[]")
    problems = problems_of(pack)
    assert len(problems) == 1, problems
    assert problems[0].startswith("events/welcome-day.md: rrule: not a valid recurrence rule: ")
    assert reason in problems[0]


def test_every_event_error_names_file_field_and_reason(pack: Path):
    cafe = pack / "events" / "language-cafe-thursdays.md"
    set_line(cafe, "organisation", "no-such-org")
    set_line(cafe, "location", "no-such-place")
    set_line(cafe, "end", '"16:00"')
    set_line(cafe, "exdate", "[2026-12-24, 2026-12-25]")  # a Friday: no café to cancel
    set_line(cafe, "colour", "blue")
    evening = pack / "events" / "work-permit-info-sessions.md"
    set_line(evening, "rule", '{"==": [{"var": "shoe_size"}, 42]}')
    set_line(evening, "start", '"2026-11-10 18:00"')
    text = "\n".join(problems_of(pack))
    assert "events/language-cafe-thursdays.md: unknown field(s): 'colour'" in text
    set_line(cafe, "colour", "")  # only that error hides the others (a broken file)
    cafe.write_text(cafe.read_text().replace("colour: \n", ""), encoding="utf-8")
    text = "\n".join(problems_of(pack))
    assert (
        "language-cafe-thursdays.md: organisation: there is no organisation 'no-such-org'" in text
    )
    assert "language-cafe-thursdays.md: location: there is no location 'no-such-place'" in text
    assert "language-cafe-thursdays.md: end: the end time must be after the start time" in text
    assert (
        "language-cafe-thursdays.md: exdate[1]: the event does not take place on 2026-12-25" in text
    )
    assert "work-permit-info-sessions.md: start: '2026-11-10 18:00' has the wrong form" in text
    set_line(evening, "start", '"2026-11-10T18:00"')
    text = "\n".join(problems_of(pack))
    assert "work-permit-info-sessions.md: rule: uses the unknown fact 'shoe_size'" in text


def test_open_to_all_and_a_rule_exclude_each_other(pack: Path):
    set_line(pack / "events" / "welcome-day.md", "rule", '{"==": [{"var": "age"}, 20]}')
    assert problems_of(pack) == [
        "events/welcome-day.md: open_to_all: an event open to everyone cannot have a rule"
    ]


def test_a_broken_event_writes_nothing(pack: Path, fresh_session):
    set_line(pack / "events" / "welcome-day.md", "rrule", "FREQ=MONTHLY;BYDAY=9SA")
    with pytest.raises(PackError):
        load_pack(fresh_session, pack)
    fresh_session.rollback()
    assert fresh_session.scalar(select(func.count()).select_from(Event)) == 0


def test_load_is_idempotent_and_stores_local_times(fresh_session):
    first = load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    assert first.created["events"] == 5
    assert not load_pack(fresh_session, DEMO_PACK).changed
    assert not fresh_session.dirty and not fresh_session.new
    day = fresh_session.scalars(select(Event).where(Event.slug == "welcome-day")).one()
    assert day.starts_at == dt.datetime(2026, 10, 3, 10, 0)
    assert day.end_time == 14 * 60
    assert day.rrule == "FREQ=MONTHLY;BYDAY=1SA"
    assert day.rdate == ["2027-01-09T10:00"] and day.exdate == ["2027-01-02"]
    assert [t.slug for t in day.topics] == ["registration-residence", "community"]
    assert day.translations["en"].title == "Welcome day for new residents"
    assert day.organisation.slug == "city-integration-office"


def test_a_rule_written_in_another_order_is_the_same_event(pack: Path, fresh_session):
    load_pack(fresh_session, pack)
    fresh_session.commit()
    set_line(
        pack / "events" / "work-permit-info-sessions.md",
        "rrule",
        "byday=TU;COUNT=6;FREQ=WEEKLY;INTERVAL=2",
    )
    assert not load_pack(fresh_session, pack).changed


def test_changed_event_is_updated_and_removed_event_archived(pack: Path, fresh_session):
    load_pack(fresh_session, pack)
    fresh_session.commit()
    set_line(pack / "events" / "welcome-day.md", "rrule", "FREQ=MONTHLY;BYDAY=-1SA")
    set_line(pack / "events" / "welcome-day.md", "exdate", "[2027-01-30]")
    (pack / "events" / "city-welcome-festival.md").unlink()
    for translation in (pack / "translations").glob("*.yaml"):
        data = yaml.safe_load(translation.read_text(encoding="utf-8"))
        data.get("events", {}).pop("city-welcome-festival", None)
        translation.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    summary = load_pack(fresh_session, pack)
    assert summary.updated["events"] == 1
    assert "1 events archived" in summary.describe()
    festival = fresh_session.scalars(select(Event).where(Event.slug == "city-welcome-festival"))
    assert festival.one().status == "archived"
    day = fresh_session.scalars(select(Event).where(Event.slug == "welcome-day")).one()
    assert day.rrule == "FREQ=MONTHLY;BYDAY=-1SA"


def test_export_then_load_round_trips_exactly(fresh_session, tmp_path: Path):
    load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    exported = tmp_path / "events-exported"
    export_pack(fresh_session, exported)
    for path in sorted(EVENTS.glob("*.md")):
        assert (exported / "events" / path.name).exists()
    assert not load_pack(fresh_session, exported).changed
    again = tmp_path / "events-again"
    export_pack(fresh_session, again)
    for path in sorted((exported / "events").glob("*.md")):
        assert (again / "events" / path.name).read_text() == path.read_text()
    text = (exported / "events" / "work-permit-info-sessions.md").read_text()
    assert "rrule: FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6" in text
    assert "exdate:\n- '2026-12-22'" in text


def test_canonical_form_is_what_the_file_says(fresh_session):
    load_pack(fresh_session, DEMO_PACK)
    pack = check_pack(DEMO_PACK)
    for event in fresh_session.scalars(select(Event)):
        written = canonical.to_pack("events", event, "en")
        assert canonical.comparable("events", written) == canonical.comparable(
            "events", pack.entities["events"][event.slug]
        )


def test_translations_of_events_are_read_and_checked(pack: Path, fresh_session):
    # Start from a pack without event translations in Arabic and Farsi.
    for locale in ("ar", "fa"):
        path = pack / "translations" / f"{locale}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.pop("events", None)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with (pack / "translations" / "ar.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "events:\n  welcome-day:\n    title: يوم الترحيب بالسكان الجدد\n"
            "    summary: في أول سبت من كل شهر.\n"
        )
    problems = problems_of(pack)
    assert (
        "translations/ar.yaml: events.welcome-day.description: missing: the source has this text"
        in problems
    )
    text = (pack / "translations" / "ar.yaml").read_text(encoding="utf-8")
    entry = (
        "    description: تعرّف على خدمات المدينة في مكان واحد.\n"
        "    eligibility_summary: لكل من وصل في الأشهر الأخيرة.\n    cost: مجاني\n"
        "    registration: لا حاجة للتسجيل.\n"
    )
    (pack / "translations" / "ar.yaml").write_text(text + entry, encoding="utf-8")
    load_pack(fresh_session, pack)
    day = fresh_session.scalars(select(Event).where(Event.slug == "welcome-day")).one()
    assert day.localized("title", ("ar", "en")).text == "يوم الترحيب بالسكان الجدد"
    assert day.localized("title", ("fa", "en")).is_fallback
