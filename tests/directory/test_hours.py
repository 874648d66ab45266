"""Opening hours: open now, next opening, appointment-only, exceptions, time zones, DST."""

import datetime as dt
from zoneinfo import ZoneInfo

from navigator.directory.hours import (
    DayHours,
    Kind,
    Schedule,
    Slot,
    opening_status,
    parse_time,
)

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS_9_TO_16 = [Slot(day, parse_time("09:00"), parse_time("16:00")) for day in range(5)]


def at(year, month, day, hour, minute=0, tz=BERLIN):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def test_open_now_until_closing_time():
    status = opening_status(Schedule(WEEKDAYS_9_TO_16, {}), at(2026, 11, 24, 10, 30), BERLIN)
    assert status.kind == Kind.OPEN
    assert status.until == at(2026, 11, 24, 16)


def test_closed_before_opening_says_today():
    status = opening_status(Schedule(WEEKDAYS_9_TO_16, {}), at(2026, 11, 24, 7, 59), BERLIN)
    assert status.kind == Kind.CLOSED
    assert status.next_open == at(2026, 11, 24, 9)


def test_closing_minute_is_closed_and_weekend_moves_to_monday():
    friday_evening = at(2026, 11, 27, 16, 0)
    status = opening_status(Schedule(WEEKDAYS_9_TO_16, {}), friday_evening, BERLIN)
    assert status.kind == Kind.CLOSED
    assert status.next_open == at(2026, 11, 30, 9)


def test_appointment_only_is_never_open_now():
    status = opening_status(
        Schedule(WEEKDAYS_9_TO_16, {}), at(2026, 11, 24, 10), BERLIN, appointment_only=True
    )
    assert status.kind == Kind.APPOINTMENT


def test_no_hours_at_all():
    assert opening_status(Schedule([], {}), at(2026, 11, 24, 10), BERLIN).kind == Kind.NO_HOURS


def test_dated_exception_closes_a_normal_day():
    christmas_eve = dt.date(2026, 12, 24)  # a Thursday
    schedule = Schedule(WEEKDAYS_9_TO_16, {christmas_eve: DayHours(christmas_eve, ())})
    status = opening_status(schedule, at(2026, 12, 24, 10), BERLIN)
    assert status.kind == Kind.CLOSED
    assert status.closed_today_for == "exception"
    assert status.next_open == at(2026, 12, 25, 9)


def test_dated_exception_with_other_hours():
    new_years_eve = dt.date(2026, 12, 31)
    short_day = DayHours(new_years_eve, ((parse_time("09:00"), parse_time("12:00")),))
    schedule = Schedule(WEEKDAYS_9_TO_16, {new_years_eve: short_day})
    assert opening_status(schedule, at(2026, 12, 31, 11), BERLIN).until == at(2026, 12, 31, 12)
    assert opening_status(schedule, at(2026, 12, 31, 13), BERLIN).kind == Kind.CLOSED


def test_public_holiday_closes_unless_open_on_holidays():
    holiday = dt.date(2026, 12, 25)  # a Friday
    closed = Schedule(WEEKDAYS_9_TO_16, {}, holidays=frozenset({holiday}))
    status = opening_status(closed, at(2026, 12, 25, 10), BERLIN)
    assert status.kind == Kind.CLOSED and status.closed_today_for == "holiday"
    assert status.next_open == at(2026, 12, 28, 9)
    open_anyway = Schedule(WEEKDAYS_9_TO_16, {}, frozenset({holiday}), open_on_holidays=True)
    assert opening_status(open_anyway, at(2026, 12, 25, 10), BERLIN).kind == Kind.OPEN


def test_now_in_another_time_zone_is_converted_to_the_city():
    # 08:30 UTC is 09:30 in Berlin in winter: open.
    now = dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.UTC)
    assert opening_status(Schedule(WEEKDAYS_9_TO_16, {}), now, BERLIN).kind == Kind.OPEN


def test_daylight_saving_change_keeps_wall_clock_hours():
    # Clocks go forward on Sunday 29 March 2026. 08:30 UTC is 09:30 CET on Friday 27th
    # (open) but 10:30 CEST on Monday 30th — both open; 07:30 UTC on Monday is 09:30 CEST.
    schedule = Schedule(
        [Slot(day, parse_time("10:00"), parse_time("16:00")) for day in range(5)], {}
    )
    friday = dt.datetime(2026, 3, 27, 8, 30, tzinfo=dt.UTC)
    monday = dt.datetime(2026, 3, 30, 8, 30, tzinfo=dt.UTC)
    monday_early = dt.datetime(2026, 3, 30, 7, 30, tzinfo=dt.UTC)
    assert opening_status(schedule, friday, BERLIN).kind == Kind.CLOSED  # 09:30 CET
    assert opening_status(schedule, monday, BERLIN).kind == Kind.OPEN  # 10:30 CEST
    status = opening_status(schedule, monday_early, BERLIN)
    assert status.kind == Kind.CLOSED
    assert status.next_open == at(2026, 3, 30, 10)
    assert status.next_open.utcoffset() == dt.timedelta(hours=2)


def test_next_opening_across_the_dst_weekend():
    schedule = Schedule([Slot(0, parse_time("09:00"), parse_time("12:00"))], {})
    saturday = dt.datetime(2026, 3, 28, 12, 0, tzinfo=dt.UTC)
    status = opening_status(schedule, saturday, BERLIN)
    assert status.next_open == at(2026, 3, 30, 9)
    assert status.next_open.astimezone(dt.UTC).hour == 7  # 09:00 CEST


def test_open_around_the_clock_follows_midnight():
    always = Schedule([Slot(day, 0, 1440) for day in range(7)], {}, open_on_holidays=True)
    status = opening_status(always, at(2026, 11, 24, 23, 50), BERLIN)
    assert status.kind == Kind.OPEN
    assert status.until.date() > dt.date(2026, 11, 26)


def test_parse_time_rejects_nonsense():
    import pytest

    for bad in ("25:00", "12:60", "24:01"):
        with pytest.raises(ValueError):
            parse_time(bad)
    assert parse_time("24:00") == 1440
