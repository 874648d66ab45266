"""Where and when a service is offered, as a form: each place with its location, access
(appointment only, walk-in, open on holidays), weekly hours and dated exceptions — or the
location's own hours, which a location's form edits with the same fields.

Hours are typed per weekday as people write them on a door: "09:00-12:00, 14:00-17:00"
(an en dash, "to" spaces and a dot between hours and minutes are fine too); an empty day is
closed. Exceptions are one per line: "2026-12-24 closed" or "2026-12-31 09:00-12:00" (a date with no
hours after it is closed, whatever word says so: "geschlossen", "مغلق").
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from typing import Any

from navigator.content.canonical import WEEKDAYS
from navigator.directory.hours import format_minutes, parse_time

_RANGE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(?:-|–|—|to|bis|à)\s*(\d{1,2})[:.](\d{2})\s*$")


class HoursError(ValueError):
    """Text that is not opening hours; `args[0]` is the piece that is not."""


def parse_day(text: str) -> list[tuple[int, int]]:
    """ "09:00-12:00, 14:00-17:00" -> [(540, 720), (840, 1020)]; "" -> [] (closed)."""
    ranges = []
    for piece in filter(None, (part.strip() for part in re.split(r"[,;]", text or ""))):
        found = _RANGE.match(piece)
        if not found:
            raise HoursError(piece)
        h1, m1, h2, m2 = found.groups()
        try:
            opens, closes = parse_time(f"{h1}:{m1}"), parse_time(f"{h2}:{m2}")
        except ValueError:
            raise HoursError(piece) from None
        if closes <= opens:
            raise HoursError(piece)
        ranges.append((opens, closes))
    ranges.sort()
    if any(a[1] > b[0] for a, b in pairwise(ranges)):
        raise HoursError(text)
    return ranges


def day_text(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(f"{format_minutes(o)}-{format_minutes(c)}" for o, c in ranges)


def hours_from_days(days: dict[str, list[tuple[int, int]]]) -> list[dict[str, Any]]:
    """Per-weekday ranges -> the pack's hours: one entry per (opens, closes) with its days,
    ordered as the exporter writes them (by first day, then time)."""
    grouped: dict[tuple[int, int], list[str]] = {}
    for day in WEEKDAYS:
        for opens, closes in days.get(day, []):
            grouped.setdefault((opens, closes), []).append(day)
    return [
        {"days": names, "opens": format_minutes(o), "closes": format_minutes(c)}
        for (o, c), names in sorted(
            grouped.items(), key=lambda kv: (WEEKDAYS.index(kv[1][0]), kv[0])
        )
    ]


def days_from_hours(hours: list[dict[str, Any]]) -> dict[str, list[tuple[int, int]]]:
    days: dict[str, list[tuple[int, int]]] = {day: [] for day in WEEKDAYS}
    for entry in hours:
        for day in entry["days"]:
            days[day].append((parse_time(entry["opens"]), parse_time(entry["closes"])))
    return {day: sorted(ranges) for day, ranges in days.items()}


def parse_exceptions(text: str) -> list[dict[str, Any]]:
    """Lines "2026-12-24 closed" / "2026-12-31 09:00-12:00" -> the pack's exceptions."""
    found = []
    for line in filter(None, (line.strip() for line in (text or "").splitlines())):
        day, _sep, rest = line.partition(" ")
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise HoursError(line) from None
        rest = rest.strip()
        if not any(ch.isdigit() for ch in rest):  # "closed", "geschlossen", "مغلق", "-"
            found.append({"date": date.isoformat(), "closed": True})
            continue
        ranges = parse_day(rest)
        if len(ranges) != 1:
            raise HoursError(line)
        opens, closes = ranges[0]
        found.append(
            {
                "date": date.isoformat(),
                "opens": format_minutes(opens),
                "closes": format_minutes(closes),
            }
        )
    return sorted(found, key=lambda e: e["date"])


def exceptions_text(exceptions: list[dict[str, Any]]) -> str:
    lines = []
    for entry in exceptions:
        if entry.get("closed") or "opens" not in entry:
            lines.append(f"{entry['date']} closed")
        else:
            lines.append(f"{entry['date']} {entry['opens']}-{entry['closes']}")
    return "\n".join(lines)


def fill_hours(row: Any, owner: dict[str, Any]) -> None:
    """A form's day and exception fields from a place's or a location's pack data."""
    days = days_from_hours(owner.get("hours", []))
    for day in WEEKDAYS:
        getattr(row, day).data = day_text(days[day])
    row.exceptions.data = exceptions_text(owner.get("exceptions", []))


def hours_data(row: Any) -> dict[str, Any]:
    """The pack's `hours` and `exceptions` from a validated form (empty ones left out)."""
    days = {day: parse_day(getattr(row, day).data or "") for day in WEEKDAYS}
    data: dict[str, Any] = {}
    hours = hours_from_days(days)
    if hours:
        data["hours"] = hours
    exceptions = parse_exceptions(row.exceptions.data or "")
    if exceptions:
        data["exceptions"] = exceptions
    return data
