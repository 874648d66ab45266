"""Events in a content pack (`events/<slug>.md`): checks, pack form ↔ database row.

The pack form of an event (front matter; the description is the Markdown body):

    start: "2027-01-07T17:00"        # the first start, local time (DTSTART)
    end: "19:00"                     # the end time on the day of each occurrence
    rrule: FREQ=WEEKLY;BYDAY=TH      # RFC 5545, local time; none for a single date
    rdate: ["2027-02-13T10:00"]      # added single dates, with their time
    exdate: [2027-03-25]             # cancelled dates

The loader and the back office write rows with `apply`; `to_pack` reads them back; both
sides are compared in `comparable` form (defaults filled in, the rule in canonical order).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from navigator.directory.hours import format_minutes, parse_time
from navigator.events.occurrences import (
    Recurrence,
    RecurrenceError,
    between,
    join_parts,
    normalise_rule,
    rule_parts,
)

SOURCE_FIELDS = ("title", "summary", "description", "eligibility_summary", "cost", "registration")
DEFAULTS: dict[str, Any] = {
    "status": "published",
    "open_to_all": False,
    "rule": None,
    "free": False,
    "languages": [],
    "registration_required": False,
    "rdate": [],
    "exdate": [],
    "last_reviewed": None,
    "revision": 1,
}


def _start(data: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(data["start"])


def recurrence_of(data: dict[str, Any]) -> Recurrence:
    """The recurrence an event's pack form states (assumed checked)."""
    start = _start(data)
    minutes = 0
    if data.get("end"):
        minutes = max(parse_time(data["end"]) - (start.hour * 60 + start.minute), 0)
    return Recurrence(
        start=start,
        duration=dt.timedelta(minutes=minutes),
        rrule=data.get("rrule"),
        rdate=tuple(dt.datetime.fromisoformat(v) for v in data.get("rdate", [])),
        exdate=tuple(dt.date.fromisoformat(v) for v in data.get("exdate", [])),
    )


def recurrence_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for each problem of an event's dates, in pack form."""
    problems: list[tuple[str, str]] = []
    try:
        start = _start(data)
    except ValueError:
        return [("start", f"'{data.get('start')}' is not a date and time (YYYY-MM-DDTHH:MM)")]
    if data.get("end") and parse_time(data["end"]) <= start.hour * 60 + start.minute:
        problems.append(("end", "the end time must be after the start time"))
    rule = data.get("rrule")
    if rule:
        try:
            normalise_rule(rule, start)
        except RecurrenceError as error:
            return [*problems, ("rrule", f"not a valid recurrence rule: {error}")]
    for name in ("rdate", "exdate"):
        seen: set[str] = set()
        for index, value in enumerate(data.get(name, [])):
            try:
                parsed = (dt.datetime if name == "rdate" else dt.date).fromisoformat(value)
            except ValueError:
                problems.append((f"{name}[{index}]", f"'{value}' is not a real date"))
                continue
            if value in seen:
                problems.append((f"{name}[{index}]", f"'{value}' appears twice"))
            seen.add(value)
            if name == "exdate" and not _takes_place(data, start, parsed):
                problems.append(
                    (
                        f"exdate[{index}]",
                        f"the event does not take place on {value}: nothing to cancel",
                    )
                )
    return problems


def _takes_place(data: dict[str, Any], start: dt.datetime, day: dt.date) -> bool:
    """Whether the rule puts an occurrence on `day` (a cancelled date cancels the rule's
    date; an added date is taken away by removing it). Local dates: the check runs in UTC,
    which has no clock changes."""
    recurrence = Recurrence(start=start, rrule=data.get("rrule"))
    utc = ZoneInfo("UTC")
    midnight = dt.datetime.combine(day, dt.time(0), utc)
    return bool(between(recurrence, midnight, midnight + dt.timedelta(days=1), utc, limit=1))


def canonical_rule(rule: str | None) -> str | None:
    if not rule:
        return None
    try:
        return join_parts(rule_parts(rule))
    except RecurrenceError:
        return rule  # compared as written; the checks name the problem


def entity(obj: Any) -> dict[str, Any]:
    """The event's own fields in pack form (texts and translations are added by the
    caller, content.canonical)."""
    return {
        "slug": obj.slug,
        "status": obj.status,
        "organisation": obj.organisation.slug,
        "location": obj.location.slug if obj.location else None,
        "topics": [t.slug for t in obj.topics],
        "modelled_on": obj.modelled_on,
        "open_to_all": obj.open_to_all,
        "rule": obj.rule,
        "free": obj.free,
        "languages": list(obj.languages or []),
        "registration_required": obj.registration_required,
        "registration_url": obj.registration_url,
        "start": obj.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "end": format_minutes(obj.end_time) if obj.end_time is not None else None,
        "rrule": obj.rrule,
        "rdate": list(obj.rdate or []),
        "exdate": list(obj.exdate or []),
        "last_reviewed": obj.last_reviewed.isoformat() if obj.last_reviewed else None,
        "source": obj.source,
    }


def comparable(out: dict[str, Any]) -> dict[str, Any]:
    """`out` (defaults already filled in) in the form both sides are compared in."""
    out["topics"] = sorted(out.get("topics", []))
    out["rrule"] = canonical_rule(out.get("rrule"))
    out["rdate"] = sorted(out["rdate"])
    out["exdate"] = sorted(out["exdate"])
    return out


def apply(obj: Any, data: dict[str, Any], lookup: Any) -> None:
    """Write the pack form `data` to the Event `obj`; `lookup(model_name, slugs)` returns
    the Organisation, Location or Topic rows for slugs, in order."""
    obj.status = data.get("status", "published")
    obj.organisation = lookup("Organisation", [data["organisation"]])[0]
    obj.location = lookup("Location", [data["location"]])[0] if data.get("location") else None
    obj.topics = lookup("Topic", data["topics"])
    obj.modelled_on = data.get("modelled_on")
    obj.open_to_all = data.get("open_to_all", False)
    obj.rule = data.get("rule")
    obj.free = data.get("free", False)
    obj.languages = list(data.get("languages", []))
    obj.registration_required = data.get("registration_required", False)
    obj.registration_url = data.get("registration_url")
    obj.starts_at = _start(data)
    obj.end_time = parse_time(data["end"]) if data.get("end") else None
    obj.rrule = canonical_rule(data.get("rrule"))
    obj.rdate = sorted(data.get("rdate", []))
    obj.exdate = sorted(data.get("exdate", []))
    last = data.get("last_reviewed")
    obj.last_reviewed = dt.date.fromisoformat(last) if last else None
    obj.source = data.get("source")
