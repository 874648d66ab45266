"""The model → HSDS mapping's small pure functions (no app, no database)."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from navigator.hsds.mapping import (
    NAMESPACE,
    Context,
    dated_schedules,
    hsds_id,
    last_modified,
    weekly_schedules,
)


def test_ids_are_uuid5_of_kind_and_key():
    assert hsds_id("service", "x") == str(uuid.uuid5(NAMESPACE, "service:x"))
    assert hsds_id("service", "x") == hsds_id("service", "x")
    assert hsds_id("service", "x") != hsds_id("organization", "x")
    assert uuid.UUID("6f1d7c4e-3b0a-5c8e-9a51-2d4e8b7f0c13") == NAMESPACE  # published ids


def slot(weekday: int, opens: int, closes: int) -> SimpleNamespace:
    return SimpleNamespace(weekday=weekday, opens=opens, closes=closes)


def test_weekly_slots_become_one_schedule_per_opening_time():
    slots = [slot(0, 480, 780), slot(1, 480, 780), slot(3, 780, 1140), slot(4, 480, 780)]
    schedules = weekly_schedules(slots, "k", location_id="L")
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in schedules] == [
        ("MO,TU,FR", "08:00", "13:00"),
        ("TH", "13:00", "19:00"),
    ]
    assert all(s["freq"] == "WEEKLY" and s["location_id"] == "L" for s in schedules)
    assert len({s["id"] for s in schedules}) == 2
    late = weekly_schedules([slot(6, 1320, 1440)], "k")
    assert late[0]["byday"] == "SU" and late[0]["closes_at"] == "24:00"


def test_dated_exceptions_are_one_day_schedules():
    closed = SimpleNamespace(date=dt.date(2026, 12, 24), closed=True, opens=None, closes=None)
    short = SimpleNamespace(date=dt.date(2026, 12, 31), closed=False, opens=540, closes=720)
    one, two = dated_schedules([closed, short], "k", "Closed")
    assert one["valid_from"] == one["valid_to"] == "2026-12-24" and one["description"] == "Closed"
    assert "opens_at" not in one
    assert (two["opens_at"], two["closes_at"]) == ("09:00", "12:00")


def test_last_modified_prefers_publication_over_last_check():
    service = SimpleNamespace(slug="s", last_reviewed=dt.date(2026, 3, 1))
    published = dt.datetime(2026, 5, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    ctx = Context(chain=("en",), modified={("services", "s"): published})
    assert last_modified("services", service, ctx) == "2026-05-02T08:30:00Z"
    assert last_modified("services", service, Context(chain=("en",))) == "2026-03-01T00:00:00Z"
    never = SimpleNamespace(slug="n", last_reviewed=None)
    assert last_modified("services", never, Context(chain=("en",))) is None


def test_age_limits_only_from_one_undated_age_rule():
    from navigator.hsds.mapping import age_limits

    def rule(logic, valid_from=None, valid_to=None):  # type: ignore[no-untyped-def]
        return SimpleNamespace(logic=logic, valid_from=valid_from, valid_to=valid_to)

    both = {"and": [{">=": [{"var": "age"}, 16]}, {"<=": [{"var": "age"}, 26]}]}
    assert age_limits([rule(both)]) == {"minimum_age": 16, "maximum_age": 26}
    assert age_limits([rule({">=": [{"var": "age"}, 18]})]) == {"minimum_age": 18}
    # a change of rule, a dated rule, another condition: HSDS's two numbers cannot say it
    old = rule({">=": [{"var": "age"}, 13]}, valid_to=dt.date(2025, 12, 31))
    new = rule({">=": [{"var": "age"}, 16]}, valid_from=dt.date(2026, 1, 1))
    assert age_limits([old, new]) == {} and age_limits([new]) == {}
    mixed = {"and": [{">=": [{"var": "age"}, 18]}, {"==": [{"var": "is_student"}, True]}]}
    assert age_limits([rule(mixed)]) == {}
    assert age_limits([rule({">=": [{"var": "age"}, 18]}), rule({"var": "is_student"})]) == {}
