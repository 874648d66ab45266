"""When an event takes place: its recurrence (RFC 5545) expanded into dated occurrences.

An event's recurrence is stored as iCalendar states it — a first start, an RRULE, added
dates (RDATE) and cancelled dates (EXDATE) — in the city's *local* time, so it maps one to
one to an iCalendar VEVENT and to an HSDS schedule. The rule it lives by: expand in naive
local time, then attach the city's time zone. A language café at 17:00 stays at 17:00
across the March and October clock changes (expanding in UTC would move it by an hour).

Expansion is always bounded: `between` needs a window end, so a rule without UNTIL or COUNT
("every Thursday", for ever) yields only the occurrences inside the window.

Pure logic: no Flask, no database (dateutil does the recurrence arithmetic).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr

#: the RRULE parts an editor may use (no hourly rules, no BYHOUR/BYMINUTE: an event's time
#: of day is its start time)
ALLOWED_PARTS = frozenset(
    {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "UNTIL", "COUNT", "WKST"}
)
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
#: weekday codes in the order of `datetime.weekday()`
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UNTIL = re.compile(r"^\d{8}(T\d{6})?$")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
#: the most days each month can have (February in a leap year)
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: an upper bound on occurrences listed at once (a daily rule over years would be thousands)
MAX_OCCURRENCES = 500


class RecurrenceError(ValueError):
    """A recurrence that cannot be used; the message says what is wrong, for an editor."""


@dataclass(frozen=True)
class Recurrence:
    """An event's dates in local time: the first start, how long it lasts, and the RFC 5545
    rule with its added and cancelled dates."""

    start: dt.datetime  # naive, local time
    #: how long each occurrence lasts (zero: no end time given)
    duration: dt.timedelta = dt.timedelta(0)
    rrule: str | None = None  # "FREQ=WEEKLY;BYDAY=TH" (no "RRULE:" prefix)
    rdate: tuple[dt.datetime, ...] = field(default=())  # naive, local
    exdate: tuple[dt.date, ...] = field(default=())


@dataclass(frozen=True, order=True)
class Occurrence:
    start: dt.datetime  # aware, in the city's time zone
    end: dt.datetime | None
    #: an added single date (RDATE), not one the rule makes
    added: bool = False


def rule_parts(rule: str) -> dict[str, str]:
    """The parts of an RRULE ("FREQ=WEEKLY;BYDAY=TH" -> {"FREQ": "WEEKLY", "BYDAY": "TH"}),
    checked for the form and the parts allowed; raises RecurrenceError."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for item in filter(None, text.split(";")):
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        if not sep or not value.strip():
            raise RecurrenceError(f"'{item}' is not of the form NAME=VALUE")
        if name not in ALLOWED_PARTS:
            raise RecurrenceError(
                f"'{name}' is not allowed (use {', '.join(sorted(ALLOWED_PARTS))})"
            )
        if name in parts:
            raise RecurrenceError(f"'{name}' appears twice")
        parts[name] = value.strip().upper()
    if "FREQ" not in parts:
        raise RecurrenceError("FREQ is missing (DAILY, WEEKLY, MONTHLY or YEARLY)")
    if parts["FREQ"] not in FREQUENCIES:
        raise RecurrenceError(f"FREQ={parts['FREQ']} is not one of {', '.join(FREQUENCIES)}")
    if "UNTIL" in parts and "COUNT" in parts:
        raise RecurrenceError("give UNTIL or COUNT, not both")
    if "UNTIL" in parts and not _UNTIL.match(parts["UNTIL"]):
        raise RecurrenceError(
            f"UNTIL={parts['UNTIL']} must be a local date (YYYYMMDD) or date and time "
            "(YYYYMMDDTHHMMSS), without Z"
        )
    for name in ("COUNT", "INTERVAL"):
        if name in parts and not (parts[name].isdigit() and 0 < int(parts[name]) <= 1000):
            raise RecurrenceError(f"{name} must be a whole number from 1 to 1000")
    _check_by_parts(parts)
    return parts


def _numbers(parts: dict[str, str], name: str, low: int, high: int) -> list[int]:
    values = []
    for item in parts[name].split(","):
        try:
            value = int(item)
        except ValueError:
            value = 0
        if not (low <= abs(value) <= high) or (low > 0 and value < 0 and name == "BYMONTH"):
            raise RecurrenceError(f"{name}={parts[name]}: '{item}' is not from {low} to {high}")
        values.append(value)
    return values


def _check_by_parts(parts: dict[str, str]) -> None:
    """Rules whose dates can never come make dateutil search to the year 9999 (seconds of
    work) or fail: they are refused here, with the reason."""
    freq = parts["FREQ"]
    if "BYDAY" in parts:
        if "BYMONTHDAY" in parts:
            raise RecurrenceError("use BYDAY or BYMONTHDAY, not both")
        for item in parts["BYDAY"].split(","):
            match = _BYDAY.match(item)
            if not match:
                raise RecurrenceError(f"BYDAY: '{item}' is not a weekday (MO … SU, e.g. 2TU)")
            if match.group(1) is None:
                continue
            nth = abs(int(match.group(1)))
            if freq not in ("MONTHLY", "YEARLY"):
                raise RecurrenceError(
                    f"BYDAY={item}: an nth weekday needs FREQ=MONTHLY or FREQ=YEARLY"
                )
            most = 5 if freq == "MONTHLY" or "BYMONTH" in parts else 53
            if not 1 <= nth <= most:
                raise RecurrenceError(f"BYDAY={item}: the number must be from 1 to {most}")
    months = _numbers(parts, "BYMONTH", 1, 12) if "BYMONTH" in parts else list(range(1, 13))
    if "BYMONTHDAY" in parts:
        days = _numbers(parts, "BYMONTHDAY", 1, 31)
        if not any(abs(day) <= _MONTH_DAYS[month - 1] for day in days for month in months):
            raise RecurrenceError("no month has the days BYMONTHDAY names")


def join_parts(parts: dict[str, str]) -> str:
    """An RRULE in one canonical order (FREQ first), as stored and written to packs."""
    order = ["FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "BYSETPOS", "WKST"]
    order += ["UNTIL", "COUNT"]
    return ";".join(f"{name}={parts[name]}" for name in order if name in parts)


def normalise_rule(rule: str, start: dt.datetime) -> str:
    """The rule checked (form, allowed parts, values dateutil accepts, at least one date)
    and in canonical order; raises RecurrenceError naming what is wrong."""
    parts = rule_parts(rule)
    text = join_parts(parts)
    parsed = _parse(text, start)
    try:
        first = parsed.after(start.replace(tzinfo=None), inc=True)
    except (ValueError, IndexError) as error:
        raise RecurrenceError(f"not a valid RRULE: {error}") from None
    if first is None:
        raise RecurrenceError("the rule gives no date at all (is UNTIL before the start?)")
    return text


def _parse(rule: str, start: dt.datetime):  # type: ignore[no-untyped-def]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return rrulestr(f"RRULE:{rule}", dtstart=start.replace(tzinfo=None))
    except (ValueError, TypeError, IndexError, KeyError, DeprecationWarning) as error:
        raise RecurrenceError(f"not a valid RRULE: {error}") from None


def until_date(rule: str | None) -> dt.date | None:
    """The last day a rule can fall on (UNTIL), if it has one."""
    if not rule:
        return None
    value = rule_parts(rule).get("UNTIL")
    return dt.datetime.strptime(value[:8], "%Y%m%d").date() if value else None


def is_bounded(rule: str | None) -> bool:
    """Whether the rule ends by itself (UNTIL or COUNT); a single date always does."""
    if not rule:
        return True
    parts = rule_parts(rule)
    return "UNTIL" in parts or "COUNT" in parts


def between(
    recurrence: Recurrence,
    start: dt.datetime,
    end: dt.datetime,
    tz: ZoneInfo,
    *,
    limit: int = MAX_OCCURRENCES,
) -> list[Occurrence]:
    """The occurrences that start in [start, end) (aware datetimes, any zone), earliest
    first, at most `limit`. Expanded in local wall-clock time, then placed in `tz`."""
    local_start = start.astimezone(tz).replace(tzinfo=None)
    local_end = end.astimezone(tz).replace(tzinfo=None)
    if local_end <= local_start:
        return []
    first = recurrence.start.replace(tzinfo=None)
    rules = rruleset()
    if recurrence.rrule:
        rules.rrule(_parse(recurrence.rrule, first))
    else:
        rules.rdate(first)
    added = set()
    for moment in recurrence.rdate:
        naive = moment.replace(tzinfo=None)
        rules.rdate(naive)
        added.add(naive)
    cancelled = set(recurrence.exdate)
    duration = recurrence.duration
    found: list[Occurrence] = []
    # The window's end is exclusive; rruleset.between with inc=True includes both ends.
    for moment in rules.xafter(local_start, inc=True):
        if moment >= local_end or len(found) >= limit:
            break
        if moment.date() in cancelled and moment not in added:
            continue  # a cancelled day of the rule (an added date that day is a move)
        aware = _in_zone(moment, tz)
        found.append(
            Occurrence(
                aware, _in_zone(moment + duration, tz) if duration else None, moment in added
            )
        )
    return found


def _in_zone(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Local wall-clock time in `tz`. A time the spring change skips (02:30 on the last
    Sunday of March in Berlin) is moved forward by the gap, as calendar apps do; a time
    the autumn change repeats is its first (summer-time) instance (fold=0)."""
    aware = moment.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != moment:  # in the gap
        return aware.astimezone(dt.UTC).astimezone(tz)
    return aware


def next_occurrences(
    recurrence: Recurrence, now: dt.datetime, tz: ZoneInfo, *, count: int, horizon_days: int = 400
) -> list[Occurrence]:
    """The next `count` occurrences from `now` on (an occurrence under way counts), within
    `horizon_days`."""
    since = now - recurrence.duration
    return between(recurrence, since, now + dt.timedelta(days=horizon_days), tz, limit=count)


def weekday_code(day: dt.date) -> str:
    return WEEKDAY_CODES[day.weekday()]
