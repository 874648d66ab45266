"""Opening hours: is it open now, until when, and when does it open next.

Pure logic (no Flask, no database). Times are minutes after local midnight in the city's
time zone; a day's hours are wall-clock hours, so a daylight-saving change moves them with
the clocks, as people expect ("opens at 9" stays 9 on the Monday after the change).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
HORIZON_DAYS = 14


@dataclass(frozen=True)
class Slot:
    weekday: int  # Monday = 0
    opens: int
    closes: int


@dataclass(frozen=True)
class DayHours:
    """A dated exception: closed all day (no intervals) or other hours that day."""

    date: dt.date
    intervals: tuple[tuple[int, int], ...]


class Kind(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    APPOINTMENT = "appointment"
    NO_HOURS = "no_hours"


@dataclass(frozen=True)
class OpeningStatus:
    kind: Kind
    until: dt.datetime | None = None  # open now: when it closes
    next_open: dt.datetime | None = None  # closed now: when it opens next
    closed_today_for: str | None = None  # "holiday" or "exception" when a normal day is closed


def parse_time(value: str) -> int:
    """'09:30' → 570; '24:00' is the end of the day."""
    hours, minutes = value.split(":")
    total = int(hours) * 60 + int(minutes)
    if not 0 <= total <= MINUTES_PER_DAY or not 0 <= int(minutes) < 60:
        raise ValueError(value)
    return total


def format_minutes(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


@dataclass(frozen=True)
class Schedule:
    slots: Sequence[Slot]
    exceptions: Mapping[dt.date, DayHours]
    holidays: frozenset[dt.date] = frozenset()
    open_on_holidays: bool = False

    def intervals_on(self, day: dt.date) -> tuple[tuple[int, int], ...]:
        if day in self.exceptions:
            return self.exceptions[day].intervals
        if day in self.holidays and not self.open_on_holidays:
            return ()
        weekday = day.weekday()
        return tuple(sorted((s.opens, s.closes) for s in self.slots if s.weekday == weekday))

    def closed_reason(self, day: dt.date) -> str | None:
        regular = any(s.weekday == day.weekday() for s in self.slots)
        if not regular or self.intervals_on(day):
            return None
        return "exception" if day in self.exceptions else "holiday"


def _at(day: dt.date, minutes: int, tz: ZoneInfo) -> dt.datetime:
    day = day + dt.timedelta(days=minutes // MINUTES_PER_DAY)
    minutes %= MINUTES_PER_DAY
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=tz)


def _closing_time(schedule: Schedule, day: dt.date, closes: int, tz: ZoneInfo) -> dt.datetime:
    # Open until midnight and again from midnight (a 24-hour shelter): follow the chain.
    for _ in range(HORIZON_DAYS):
        if closes < MINUTES_PER_DAY:
            break
        following = schedule.intervals_on(day + dt.timedelta(days=1))
        if not following or following[0][0] != 0:
            break
        day, closes = day + dt.timedelta(days=1), following[0][1]
    return _at(day, closes, tz)


def opening_status(
    schedule: Schedule, now: dt.datetime, tz: ZoneInfo, *, appointment_only: bool = False
) -> OpeningStatus:
    local = now.astimezone(tz)
    today = local.date()
    minute = local.hour * 60 + local.minute
    if appointment_only:
        return OpeningStatus(Kind.APPOINTMENT)
    if not schedule.slots and not schedule.exceptions:
        return OpeningStatus(Kind.NO_HOURS)
    for opens, closes in schedule.intervals_on(today):
        if opens <= minute < closes:
            return OpeningStatus(Kind.OPEN, until=_closing_time(schedule, today, closes, tz))
    reason = schedule.closed_reason(today)
    for offset in range(HORIZON_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        for opens, _closes in schedule.intervals_on(day):
            if offset or opens > minute:
                return OpeningStatus(
                    Kind.CLOSED, next_open=_at(day, opens, tz), closed_today_for=reason
                )
    return OpeningStatus(Kind.CLOSED, closed_today_for=reason)


def weekly_table(slots: Iterable[Slot]) -> list[list[tuple[int, int]]]:
    """Seven lists (Monday first) of (opens, closes) intervals."""
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for slot in slots:
        days[slot.weekday].append((slot.opens, slot.closes))
    return [sorted(day) for day in days]
