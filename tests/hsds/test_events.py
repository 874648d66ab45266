"""Events in HSDS 3.0: published as services (`service_kind: "event"`) whose schedules are
their dates — the RRULE's parts in HSDS's fields (and exactly in the profile's `rrule`),
one schedule per added date (RDATE) and per cancelled date (EXDATE) — in the API with its
filters, in the export, and back through the import as events."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from dateutil.rrule import rrulestr
from sqlalchemy import func, select

from navigator import migrate
from navigator.db import db
from navigator.directory.models import Service
from navigator.events.models import Event
from navigator.events.occurrences import rule_parts
from navigator.hsds import profile, views
from navigator.hsds import publication as hsds
from navigator.hsds.mapping import hsds_id
from navigator.hsds.schedules import event_recurrence, event_schedules
from navigator.hsds.tables import tables
from navigator.hsds.to_pack import map_publication
from navigator.hsds.vocabulary import PROFILE_READ
from tests.conftest import _base_url, _drop_schema, _fresh
from tests.hsds.test_api import API, CORE_BASE, KINDS, _ids, _validators, check, everything
from tests.hsds.test_import import EXAMPLES, weekly

BERLIN = "Europe/Berlin"
#: the profile's schedule fields: what a tabular publication does not carry
PROFILE_FIELDS = {"rrule", "bymonth", "tzid", "added", "cancelled"}


@pytest.fixture(scope="module")
def merged():  # type: ignore[no-untyped-def]
    return _validators(profile.merged_schemas(), profile.DEFAULT_BASE)


@pytest.fixture(scope="module")
def core():  # type: ignore[no-untyped-def]
    schemas = {
        name: {"$schema": profile.DIALECT, "$id": f"{CORE_BASE}{name}.json", **s}
        for name, s in profile.core_schemas().items()
    }
    return _validators(schemas, CORE_BASE)


@pytest.fixture
def empty_url(tmp_path):  # type: ignore[no-untyped-def]
    """A second empty database (`loaded` has taken `fresh_database_url`)."""
    url = _fresh(_base_url(tmp_path), tmp_path, "empty")
    migrate.upgrade(url)
    yield url
    _drop_schema(url)


def event(rule=None, start="2026-09-03T17:00", end=19 * 60, rdate=(), exdate=()):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        slug="cafe",
        starts_at=dt.datetime.fromisoformat(start),
        end_time=end,
        rrule=rule,
        rdate=list(rdate),
        exdate=list(exdate),
    )


def schedules(**kwargs):  # type: ignore[no-untyped-def]
    return event_schedules(event(**kwargs), BERLIN, "Cancelled", service_id="S")


def hsds_dates(schedule: dict, count: int) -> list[dt.date]:
    """The first dates HSDS's own fields of `schedule` give (as a consumer without the
    profile reads them)."""
    parts = [f"FREQ={schedule['freq']}", f"INTERVAL={schedule.get('interval', 1)}"]
    for name in ("byday", "bymonthday", "count"):
        if name in schedule:
            parts.append(f"{name.upper()}={schedule[name]}")
    if "until" in schedule:
        parts.append(f"UNTIL={schedule['until'].replace('-', '')}")
    start = dt.datetime.fromisoformat(f"{schedule['dtstart']}T{schedule['opens_at']}")
    return [d.date() for d in rrulestr("RRULE:" + ";".join(parts), dtstart=start)[:count]]


def rule_dates(rule: str, start: str, count: int) -> list[dt.date]:
    first = dt.datetime.fromisoformat(start)
    return [d.date() for d in rrulestr(f"RRULE:{rule}", dtstart=first)[:count]]


def test_a_weekly_event_is_one_weekly_schedule_in_the_citys_time() -> None:
    (main,) = schedules(rule="FREQ=WEEKLY;BYDAY=TH")
    assert main["id"] == hsds_id("schedule", "event:cafe") and main["service_id"] == "S"
    assert (main["freq"], main["interval"], main["byday"]) == ("WEEKLY", 1, "TH")
    assert (main["dtstart"], main["valid_from"]) == ("2026-09-03", "2026-09-03")
    assert (main["opens_at"], main["closes_at"]) == ("17:00", "19:00")
    assert main["tzid"] == BERLIN and main["timezone"] == 2  # summer time on the first day
    assert "valid_to" not in main and "until" not in main and "count" not in main
    assert main["rrule"] == "FREQ=WEEKLY;BYDAY=TH"


def test_a_monthly_nth_weekday_until_a_day() -> None:
    (main,) = schedules(rule="FREQ=MONTHLY;BYDAY=2WE;UNTIL=20270630", start="2026-09-09T17:30")
    assert (main["freq"], main["byday"], main["until"]) == ("MONTHLY", "2WE", "2027-06-30")
    assert main["valid_to"] == "2027-06-30"
    assert hsds_dates(main, 12) == rule_dates(main["rrule"], "2026-09-09T17:30", 12)


def test_a_count_ends_on_its_last_date() -> None:
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6"
    (main,) = schedules(rule=rule, start="2026-11-10T18:00", end=19 * 60 + 30)
    assert (main["interval"], main["count"], main["timezone"]) == (2, 6, 1)
    assert main["valid_to"] == "2027-01-19"  # the sixth Tuesday, two weeks apart
    assert hsds_dates(main, 10) == rule_dates(rule, "2026-11-10T18:00", 10)


@pytest.mark.parametrize(
    ("rule", "start", "freq", "interval"),
    [
        ("FREQ=YEARLY;BYMONTH=6;BYDAY=3SA", "2027-06-19T14:00", "MONTHLY", 12),
        ("FREQ=YEARLY;INTERVAL=2", "2027-05-01T10:00", "MONTHLY", 24),
        ("FREQ=DAILY;COUNT=5", "2027-05-01T10:00", "WEEKLY", 1),
    ],
)
def test_rules_hsds_has_no_freq_for_are_said_with_the_same_dates(rule, start, freq, interval):
    (main,) = schedules(rule=rule, start=start)
    assert (main["freq"], main["interval"], main["rrule"]) == (freq, interval, rule)
    assert hsds_dates(main, 8) == rule_dates(rule, start, 8)
    if "BYMONTH" in rule:
        assert main["bymonth"] == "6"


def test_a_rule_hsds_cannot_say_is_in_the_profiles_rrule_only() -> None:
    (main,) = schedules(rule="FREQ=DAILY;INTERVAL=3")
    assert "freq" not in main and main["rrule"] == "FREQ=DAILY;INTERVAL=3"
    (several,) = schedules(rule="FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1", start="2027-03-01T10:00")
    assert "freq" not in several and several["bymonth"] == "3,9"


def test_added_and_cancelled_dates_have_schedules_of_their_own() -> None:
    found = schedules(
        rule="FREQ=MONTHLY;BYDAY=1SA",
        start="2026-10-03T10:00",
        end=14 * 60,
        rdate=["2027-01-09T10:00"],
        exdate=["2027-01-02"],
    )
    _main, added, cancelled = found
    assert len({s["id"] for s in found}) == 3
    assert added["added"] is True and "freq" not in added
    assert (added["dtstart"], added["valid_from"], added["valid_to"]) == ("2027-01-09",) * 3
    assert (added["opens_at"], added["closes_at"], added["timezone"]) == ("10:00", "14:00", 1)
    assert cancelled["cancelled"] is True and cancelled["description"] == "Cancelled"
    assert (cancelled["dtstart"], cancelled["valid_to"]) == ("2027-01-02", "2027-01-02")
    assert "opens_at" not in cancelled and "freq" not in cancelled


def test_a_single_date_is_valid_that_day_only() -> None:
    (main,) = schedules(start="2027-03-01T09:30", end=None)
    assert (main["valid_from"], main["valid_to"], main["opens_at"]) == (
        "2027-03-01",
        "2027-03-01",
        "09:30",
    )
    assert "freq" not in main and "rrule" not in main and "closes_at" not in main


@pytest.mark.parametrize("profile", [True, False], ids=["json", "tables"])
@pytest.mark.parametrize(
    ("rule", "start"),
    [
        (None, "2027-03-01T09:30"),
        ("FREQ=WEEKLY;BYDAY=TH", "2026-09-03T17:00"),
        ("FREQ=MONTHLY;BYDAY=2WE;UNTIL=20270630", "2026-09-09T17:30"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6", "2026-11-10T18:00"),
        ("FREQ=YEARLY;BYMONTH=6;BYDAY=3SA", "2027-06-19T14:00"),
        ("FREQ=DAILY;UNTIL=20270110", "2027-01-01T08:00"),
    ],
)
def test_schedules_read_back_as_the_same_dates(rule, start, profile) -> None:
    """With the profile's fields (JSON) or without them (a tabular publication)."""
    made = schedules(rule=rule, start=start, rdate=["2027-08-02T11:00"], exdate=["2027-07-01"])
    if not profile:
        made = [{k: v for k, v in s.items() if k not in PROFILE_FIELDS} for s in made]
    dates, problems = event_recurrence(list(reversed(made)))
    assert problems == []
    expected = {"start": start, "end": "19:00", "rdate": ["2027-08-02T11:00"]}
    assert {k: dates[k] for k in expected} == expected
    assert dates["exdate"] == ["2027-07-01"]
    assert dates.get("rrule") == rule


def test_events_validate_and_are_services_with_the_event_kind(client, merged, core) -> None:
    cafe = client.get(f"{API}/services/{hsds_id('event', 'language-cafe-thursdays')}").json
    check(merged["service"], cafe)
    check(core["service"], cafe)
    for schedule in cafe["schedules"]:
        check(merged["schedule"], schedule)
        check(core["schedule"], schedule)
    assert cafe["service_kind"] == "event" and cafe["status"] == "active"
    assert cafe["name"] == "Language café on Thursday evenings"
    assert cafe["organization_id"] == hsds_id("organization", "city-library")
    assert {a["taxonomy_term"]["code"] for a in cafe["attributes"]} == {
        "language-learning",
        "community",
    }
    assert [lang["code"] for lang in cafe["languages"]][:2] == ["de", "en"]
    assert cafe["cost_options"][0]["amount"] == 0 and cafe["open_to_all"] is True
    assert cafe["eligibility"] == [] and cafe["registration_required"] is False
    assert cafe["application_process"] == "You do not need to register. Just come."
    main = cafe["schedules"][0]
    assert (main["freq"], main["byday"], main["tzid"]) == ("WEEKLY", "TH", "Europe/Berlin")
    assert sorted(s["dtstart"] for s in cafe["schedules"] if s.get("cancelled")) == [
        "2026-12-24",
        "2026-12-31",
    ]
    (place,) = cafe["service_at_locations"]
    assert place["location_id"] == hsds_id("location", "central-library")
    # a service of the same organisation is another object, with other ids
    assert hsds_id("event", "language-cafe-thursdays") != hsds_id(
        "service", "language-cafe-thursdays"
    )
    evenings = client.get(f"{API}/services/{hsds_id('event', 'work-permit-info-sessions')}").json
    assert evenings["registration_required"] is True
    assert evenings["url"] == "https://demo-city.example.org/refugee-council/evenings"
    assert evenings["eligibility"][0]["logic"]["in"][0] == {"var": "residence_status"}
    assert evenings["open_to_all"] is False


def test_filters_pages_and_ndjson_include_events(client) -> None:
    cafe = hsds_id("event", "language-cafe-thursdays")
    evenings = hsds_id("event", "work-permit-info-sessions")
    term = hsds_id("taxonomy_term", "language-learning")
    assert cafe in _ids(client, f"taxonomy_term_id={term}")
    assert evenings not in _ids(client, f"taxonomy_term_id={term}")
    by_org = _ids(client, f"organization_id={hsds_id('organization', 'refugee-council')}")
    assert evenings in by_org and cafe not in by_org
    assert cafe in _ids(client, "search=language café")
    assert cafe in _ids(client, "search=Kalbų kavinė&locale=lt")
    assert cafe not in _ids(client, "search=zzzzqqqq")
    # The site's one search index: a word of the description only finds it too.
    assert cafe in _ids(client, "search=volunteers conversation")
    modified = dt.datetime.fromisoformat(
        client.get(f"{API}/services/{cafe}").json["last_modified"].replace("Z", "+00:00")
    )
    later = (modified + dt.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    assert cafe in _ids(client, f"modified_after={modified.isoformat().replace('+00:00', 'Z')}")
    assert cafe not in _ids(client, f"modified_after={later}")
    listed = client.get(f"{API}/services?per_page=100&minimal=true").json["contents"]
    (small,) = [s for s in listed if s["id"] == cafe]
    assert small["service_kind"] == "event" and "schedules" not in small
    total = client.get(f"{API}/services?per_page=1").json["total_items"]
    last = client.get(f"{API}/services?per_page=10&page={-(-total // 10)}").json
    assert last["last_page"] and cafe in {s["id"] for s in everything(client, "services")}
    lines = client.get(f"{API}/services?format=ndjson").get_data(as_text=True).splitlines()
    kinds = [json.loads(line).get("service_kind") for line in lines]
    assert len(lines) == total and kinds.count("event") == 5
    term_lines = client.get(f"{API}/services?format=ndjson&taxonomy_term_id={term}")
    assert cafe in {
        json.loads(line)["id"] for line in term_lines.get_data(as_text=True).splitlines()
    }


def test_an_events_place_is_a_service_at_a_location(client, merged) -> None:
    cafe = hsds_id("event", "language-cafe-thursdays")
    places = everything(client, "service_at_locations")
    (place,) = [p for p in places if p["service_id"] == cafe]
    check(merged[KINDS["service_at_locations"]], place)
    assert place["location"]["id"] == hsds_id("location", "central-library")
    detail = client.get(f"{API}/service_at_locations/{place['id']}").json
    assert detail == place
    lines = client.get(f"{API}/service_at_locations?format=ndjson").get_data(as_text=True)
    assert place["id"] in {json.loads(line)["id"] for line in lines.splitlines()}


def test_a_draft_event_is_not_published(loaded) -> None:
    with loaded.app_context():
        cafe = db.session.scalars(select(Event).where(Event.slug == "language-cafe-thursdays"))
        cafe.one().status = "draft"
        db.session.commit()
    client = loaded.test_client()
    draft = hsds_id("event", "language-cafe-thursdays")
    assert client.get(f"{API}/services/{draft}").status_code == 404
    assert draft not in _ids(client, "")
    places = client.get(f"{API}/service_at_locations?per_page=100").json["contents"]
    assert draft not in {p["service_id"] for p in places}
    assert hsds_id("event", "welcome-day") in _ids(client, "")


def test_texts_fall_back_and_say_their_locale_and_state(loaded) -> None:
    with loaded.app_context():
        cafe = db.session.scalars(
            select(Event).where(Event.slug == "language-cafe-thursdays")
        ).one()
        del cafe.translations["lt"]
        cafe.revision += 1  # a major edit of the source: the other translations are outdated
        cafe.translations["en"].source_revision = cafe.revision
        db.session.commit()
    client = loaded.test_client()
    url = f"{API}/services/{hsds_id('event', 'language-cafe-thursdays')}"
    lithuanian = client.get(f"{url}?locale=lt").json
    assert lithuanian["name"] == "Language café on Thursday evenings"
    assert lithuanian["text_locales"]["name"] == "en"
    states = {t["locale"]: t["state"] for t in lithuanian["translations"]}
    assert "lt" not in states and states["de"] == "outdated" and states["en"] == "up_to_date"
    german = client.get(url, headers={"Accept-Language": "de"}).json
    assert german["text_locales"]["name"] == "de" and german["name"] != lithuanian["name"]
    assert german["text_locales"]["application_process"] == "de"


def test_errors_are_in_the_requests_language(client, monkeypatch) -> None:
    from flask_babel import get_locale

    from navigator.hsds import params

    def marked(text, **kw):  # type: ignore[no-untyped-def]
        return f"[{get_locale()}] " + text % kw

    monkeypatch.setattr(views, "_", marked)  # the views' messages (404s)
    monkeypatch.setattr(params, "_", marked)  # the parameters' messages (400s)
    bad = client.get(f"{API}/services?per_page=0&locale=ar").json["error"]
    assert bad["field"] == "per_page" and bad["message"].startswith("[ar] must be a whole")
    missing = client.get(f"{API}/services/{hsds_id('event', 'nothing')}?locale=uk").json
    assert missing["error"]["message"].startswith("[uk] No published service")
    locale = client.get(f"{API}/services?locale=xx", headers={"Accept-Language": "de"}).json
    assert locale["error"]["message"].startswith("[de] must be one of")


def test_the_export_holds_the_events_and_imports_back_into_an_empty_city(
    loaded, make_app, empty_url, tmp_path
) -> None:
    runner = loaded.test_cli_runner()
    assert runner.invoke(args=["content", "export-hsds", str(tmp_path / "demo")]).exit_code == 0
    assert hsds.table_problems(tmp_path / "demo" / "csv") == []
    rows = (tmp_path / "demo" / "csv" / tables()["schedule"].path).read_text()
    assert "FREQ" not in rows and "2026-12-24" in rows  # HSDS's columns, the cancelled date
    with loaded.app_context():
        original = {
            (e.starts_at, e.end_time, e.rrule, tuple(sorted(e.rdate)), tuple(sorted(e.exdate)))
            for e in db.session.scalars(select(Event).where(Event.status == "published"))
        }
    empty = make_app(DATABASE_URL=empty_url, TIMEZONE=BERLIN)
    result = empty.test_cli_runner().invoke(
        args=["content", "import-hsds", str(tmp_path / "demo" / "json")]
    )
    assert result.exit_code == 0, result.output
    assert "5 events created" in result.output
    with empty.app_context():
        imported = db.session.scalars(select(Event)).all()
        by_title = {e.translations["en"].title: e for e in imported}
        assert len(imported) == 5 and all(e.status == "published" for e in imported)
        cafe = by_title["Language café on Thursday evenings"]
        assert cafe.location.slug and [t.slug for t in cafe.topics]
        assert cafe.open_to_all and cafe.free and cafe.languages[:2] == ["de", "en"]
        got = {
            (e.starts_at, e.end_time, e.rrule, tuple(sorted(e.rdate)), tuple(sorted(e.exdate)))
            for e in imported
        }
        assert got == original and len(original) == 5
        evenings = by_title["Information evenings: working while your asylum application is open"]
        assert evenings.registration_required and evenings.registration_url
        assert evenings.rule is None  # who it is for names facts this city may not have
        assert db.session.scalar(select(func.count()).select_from(Service)) > 40
    out = tmp_path / "again"
    assert empty.test_cli_runner().invoke(args=["content", "export-hsds", str(out)]).exit_code == 0
    before = map_publication(hsds.read(tmp_path / "demo" / "json", PROFILE_READ)).entities
    after = map_publication(hsds.read(out / "json", PROFILE_READ)).entities
    for slug, data in before["events"].items():
        # an event's topics are a set (the pack compares them sorted); their order is the
        # topics' own, which an empty city numbers as the import meets them
        again = after["events"][slug]
        assert {**again, "topics": sorted(again["topics"])} == {
            **data,
            "topics": sorted(data["topics"]),
        }, slug
    assert len(after["events"]) == len(before["events"]) == 5


def test_a_service_from_elsewhere_with_schedules_stays_a_service(
    make_app, fresh_database_url, tmp_path
):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(weekly(json.loads((EXAMPLES / "service_full.json").read_text()))))
    app = make_app(DATABASE_URL=fresh_database_url, TIMEZONE="Europe/London")
    result = app.test_cli_runner().invoke(args=["content", "import-hsds", str(source)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0
        assert db.session.scalar(select(func.count()).select_from(Service)) == 1


def test_rule_parts_of_the_demo_events_are_all_said(client) -> None:
    """Every demo event's rule part is in an HSDS field or the profile's."""
    for entry in everything(client, "services"):
        if entry.get("service_kind") != "event":
            continue
        main = entry["schedules"][0]
        for name, value in rule_parts(main["rrule"]).items():
            field = name.lower()
            if name == "UNTIL":
                assert main["until"] == f"{value[:4]}-{value[4:6]}-{value[6:8]}"
            elif name == "FREQ" and value == "YEARLY":
                assert main["freq"] == "MONTHLY" and main["interval"] % 12 == 0
            else:
                assert str(main[field]) == value, (entry["name"], name)
