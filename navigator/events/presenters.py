"""Dates and times of events in the reader's language and the city's time zone."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list

from navigator.events.occurrences import WEEKDAY_CODES, Occurrence, RecurrenceError, rule_parts
from navigator.i18n import _, ngettext, reader_locale


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


def _nth_phrase(nth: str, day: str) -> str:
    # Whole sentences per ordinal: languages inflect "first" with the weekday's gender.
    if nth == "1":
        return _("Every month on the first %(day)s", day=day)
    if nth == "2":
        return _("Every month on the second %(day)s", day=day)
    if nth == "3":
        return _("Every month on the third %(day)s", day=day)
    if nth == "4":
        return _("Every month on the fourth %(day)s", day=day)
    if nth == "-1":
        return _("Every month on the last %(day)s", day=day)
    return ""


def rhythm_text(rule: str | None) -> str:
    """How often, in words ("Every week on Thursday"), for the common rules; "" for a single
    date or a rule better read from its dates."""
    if not rule:
        return ""
    try:
        parts = rule_parts(rule)
    except RecurrenceError:
        return ""
    locale = reader_locale()
    names = get_day_names("wide", locale=locale)
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    plain = [WEEKDAY_CODES.index(d) for d in days if d in WEEKDAY_CODES]
    interval = int(parts.get("INTERVAL", "1"))
    freq = parts["FREQ"]
    if freq == "DAILY" and interval == 1 and not days:
        return _("Every day")
    if freq == "WEEKLY" and plain and len(plain) == len(days):
        listed = format_list([names[d] for d in plain], locale=locale)
        if interval == 1:
            return _("Every week on %(days)s", days=listed)
        return ngettext(
            "Every %(num)d week on %(days)s",
            "Every %(num)d weeks on %(days)s",
            interval,
            days=listed,
        )
    if freq == "MONTHLY" and interval == 1 and len(days) == 1 and "BYMONTH" not in parts:
        nth, code = days[0][:-2], days[0][-2:]
        if code in WEEKDAY_CODES:
            return _nth_phrase(nth, names[WEEKDAY_CODES.index(code)])
    if freq == "YEARLY" and interval == 1:
        return _("Once a year")
    return ""
