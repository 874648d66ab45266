"""Expanding recurrences: local wall-clock times kept across daylight-saving changes, nth
weekdays, COUNT and UNTIL, added and cancelled dates, bounded windows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.events.occurrences import (
    Recurrence,
    RecurrenceError,
    between,
    is_bounded,
    next_occurrences,
    normalise_rule,
    until_date,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def window(year: int) -> tuple[dt.datetime, dt.datetime]:
    return local(year, 1, 1), local(year + 1, 1, 1)


def test_weekly_at_ten_stays_at_ten_across_both_clock_changes():
    cafe = Recurrence(dt.datetime(2027, 3, 4, 10, 0), dt.timedelta(hours=2), "FREQ=WEEKLY;BYDAY=TH")
    found = between(cafe, local(2027, 3, 1), local(2027, 11, 30), BERLIN)
    assert all(o.start.astimezone(BERLIN).hour == 10 for o in found)
    assert all(o.end.astimezone(BERLIN).hour == 12 for o in found)
    # In UTC the time moves: 09:00 in winter, 08:00 in summer (from 28 March, until 31 October).
    utc_hours = {o.start.date(): o.start.astimezone(UTC).hour for o in found}
    assert utc_hours[dt.date(2027, 3, 25)] == 9
    assert utc_hours[dt.date(2027, 4, 1)] == 8
    assert utc_hours[dt.date(2027, 10, 28)] == 8
    assert utc_hours[dt.date(2027, 11, 4)] == 9


def test_an_occurrence_on_the_night_of_the_change_keeps_its_wall_clock_time():
    # Sundays at 01:30 and 03:30 around the March change (02:00 → 03:00) in 2027 (28 March).
    early = Recurrence(dt.datetime(2027, 3, 21, 1, 30), rrule="FREQ=WEEKLY;COUNT=3")
    late = Recurrence(dt.datetime(2027, 3, 21, 3, 30), rrule="FREQ=WEEKLY;COUNT=3")
    for rec, hour in ((early, 1), (late, 3)):
        found = between(rec, *window(2027), BERLIN)
        assert [o.start.hour for o in found] == [hour] * 3
    # 02:30 does not exist that night: moved forward by the gap, as calendar apps do.
    gap = Recurrence(dt.datetime(2027, 3, 21, 2, 30), rrule="FREQ=WEEKLY;COUNT=2")
    second = between(gap, *window(2027), BERLIN)[1].start
    assert (second.hour, second.minute) == (3, 30)
    assert second.utcoffset() == dt.timedelta(hours=2)
    # 02:30 happens twice on 31 October 2027: the first, summer-time instance.
    twice = Recurrence(dt.datetime(2027, 10, 24, 2, 30), rrule="FREQ=WEEKLY;COUNT=2")
    repeated = between(twice, *window(2027), BERLIN)[1].start
    assert repeated.astimezone(UTC) == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_first_saturday_of_each_month_and_second_tuesday():
    day = Recurrence(dt.datetime(2026, 10, 3, 10, 0), rrule="FREQ=MONTHLY;BYDAY=1SA")
    found = [o.start.date() for o in between(day, *window(2027), BERLIN)]
    assert len(found) == 12
    assert all(d.weekday() == 5 and d.day <= 7 for d in found)
    assert found[:3] == [dt.date(2027, 1, 2), dt.date(2027, 2, 6), dt.date(2027, 3, 6)]
    second = Recurrence(dt.datetime(2027, 1, 12, 18, 0), rrule="FREQ=MONTHLY;BYDAY=2TU")
    found = [o.start.date() for o in between(second, *window(2027), BERLIN)]
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in found)
    last = Recurrence(dt.datetime(2027, 1, 29, 18, 0), rrule="FREQ=MONTHLY;BYDAY=-1FR")
    found = [o.start.date() for o in between(last, *window(2027), BERLIN)]
    assert dt.date(2027, 2, 26) in found and all(d.day > 21 for d in found)


def test_count_and_until():
    counted = Recurrence(
        dt.datetime(2026, 11, 10, 18, 0), rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6"
    )
    found = between(counted, local(2026, 1, 1), local(2030, 1, 1), BERLIN)
    assert [o.start.date() for o in found] == [
        dt.date(2026, 11, 10),
        dt.date(2026, 11, 24),
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 22),
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 19),
    ]
    until = Recurrence(
        dt.datetime(2026, 9, 9, 17, 30), rrule="FREQ=MONTHLY;BYDAY=2WE;UNTIL=20270630"
    )
    found = between(until, local(2026, 1, 1), local(2030, 1, 1), BERLIN)
    assert found[-1].start.date() == dt.date(2027, 6, 9)
    assert len(found) == 10
    assert until_date(until.rrule) == dt.date(2027, 6, 30)
    assert is_bounded(until.rrule) and is_bounded(counted.rrule) and is_bounded(None)
    assert not is_bounded("FREQ=WEEKLY")


def test_cancelled_and_added_dates():
    evenings = Recurrence(
        dt.datetime(2026, 11, 10, 18, 0),
        dt.timedelta(minutes=90),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6",
        rdate=(dt.datetime(2027, 1, 12, 18, 0),),
        exdate=(dt.date(2026, 12, 22),),
    )
    found = between(evenings, local(2026, 12, 1), local(2027, 2, 1), BERLIN)
    assert [(o.start.date(), o.added) for o in found] == [
        (dt.date(2026, 12, 8), False),
        (dt.date(2027, 1, 5), False),
        (dt.date(2027, 1, 12), True),
        (dt.date(2027, 1, 19), False),
    ]
    assert found[2].end == local(2027, 1, 12, 19, 30)


def test_a_session_moved_within_its_day_is_cancelled_and_added():
    cafe = Recurrence(
        dt.datetime(2026, 9, 3, 17, 0),
        rrule="FREQ=WEEKLY;BYDAY=TH",
        rdate=(dt.datetime(2026, 12, 10, 14, 0),),
        exdate=(dt.date(2026, 12, 10),),
    )
    found = between(cafe, local(2026, 12, 9), local(2026, 12, 12), BERLIN)
    assert [(o.start, o.added) for o in found] == [(local(2026, 12, 10, 14), True)]


def test_a_single_date_without_a_rule():
    once = Recurrence(dt.datetime(2027, 6, 19, 14, 0), dt.timedelta(hours=6))
    assert [o.start for o in between(once, *window(2027), BERLIN)] == [local(2027, 6, 19, 14)]
    assert between(once, *window(2028), BERLIN) == []


def test_unbounded_rules_are_expanded_only_within_the_window_and_limit():
    daily = Recurrence(dt.datetime(2020, 1, 1, 9, 0), rrule="FREQ=DAILY")
    found = between(daily, local(2027, 1, 1), local(2027, 1, 8), BERLIN)
    assert len(found) == 7
    assert len(between(daily, local(2020, 1, 1), local(2040, 1, 1), BERLIN, limit=50)) == 50
    assert between(daily, local(2027, 1, 8), local(2027, 1, 1), BERLIN) == []


def test_next_occurrences_include_one_under_way():
    cafe = Recurrence(dt.datetime(2026, 9, 3, 17, 0), dt.timedelta(hours=2), "FREQ=WEEKLY;BYDAY=TH")
    during = local(2026, 11, 26, 18, 0)
    found = next_occurrences(cafe, during, BERLIN, count=2)
    assert [o.start for o in found] == [local(2026, 11, 26, 17), local(2026, 12, 3, 17)]


def test_normalise_rule_orders_the_parts():
    start = dt.datetime(2027, 1, 1, 10)
    assert normalise_rule("count=3;byday=MO,WE;freq=weekly", start) == (
        "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3"
    )
    with pytest.raises(RecurrenceError, match="FREQ is missing"):
        normalise_rule("COUNT=3", start)


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2029, 12, 31)),
    freq=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    interval=st.integers(1, 4),
)
def test_every_occurrence_keeps_the_start_wall_clock_time(start, freq, interval):
    """Except a time the spring change skips (moved by the gap), every occurrence in Berlin
    has the first start's hour and minute, whatever the season."""
    start = start.replace(second=0, microsecond=0, fold=0)  # the form and the pack have no fold
    rec = Recurrence(start, rrule=f"FREQ={freq};INTERVAL={interval};COUNT=40")
    for occurrence in between(rec, local(2024, 1, 1), local(2040, 1, 1), BERLIN):
        intended = dt.datetime.combine(occurrence.start.date(), start.time())
        placed = intended.replace(tzinfo=BERLIN).astimezone(UTC).astimezone(BERLIN)
        if placed.replace(tzinfo=None) == intended:
            assert (occurrence.start.hour, occurrence.start.minute) == (start.hour, start.minute)
        else:  # in the spring gap
            assert occurrence.start == placed and occurrence.start.hour == start.hour + 1
        assert occurrence.start.tzinfo is BERLIN


def test_a_rule_starting_in_the_gap_is_moved_by_the_gap_only_that_night():
    gap = Recurrence(dt.datetime(2027, 3, 28, 2, 15), rrule="FREQ=DAILY;COUNT=2")
    first, second = between(gap, *window(2027), BERLIN)
    assert (first.start.hour, first.start.minute) == (3, 15)
    assert (second.start.hour, second.start.minute) == (2, 15)
