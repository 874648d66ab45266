"""Dates and times of events in the reader's language and the city's time zone."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from navigator.events.occurrences import Occurrence
from navigator.i18n import _, reader_locale


def day_text(day: dt.date) -> str:
    return format_date(day, "full", locale=reader_locale())


def time_range(occurrence: Occurrence) -> str:
    """ "17:00–19:00", or "17:00" without an end time (in the city's local time)."""
    locale = reader_locale()
    start = format_time(occurrence.start, "short", locale=locale)
    if occurrence.end is None:
        return start
    if occurrence.end.date() != occurrence.start.date():
        end = format_date(occurrence.end.date(), "medium", locale=locale)
        return _(
            "%(start)s to %(day)s %(end)s",
            start=start,
            day=end,
            end=format_time(occurrence.end, "short", locale=locale),
        )
    return f"{start}–{format_time(occurrence.end, 'short', locale=locale)}"


def when_text(occurrence: Occurrence) -> str:
    return _(
        "%(day)s, %(time)s", day=day_text(occurrence.start.date()), time=time_range(occurrence)
    )


def end_of_week(now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Midnight after this Sunday, local time: the end of "this week" (Monday to Sunday)."""
    today = now.astimezone(tz).date()
    monday_next = today + dt.timedelta(days=7 - today.weekday())
    return dt.datetime.combine(monday_next, dt.time(0), tz)
