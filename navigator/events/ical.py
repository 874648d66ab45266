"""The iCalendar feed of events (RFC 5545), made with the `icalendar` package.

Each event is one VEVENT with its recurrence as the event states it — DTSTART in the city's
time zone (TZID, with a VTIMEZONE), RRULE, and EXDATE for cancelled dates — not a list of
expanded occurrences. Calendar apps (Google, Apple, Outlook, Thunderbird) all expand RRULE
and EXDATE themselves, so a subscribed feed stays small, a rule without an end date shows
all its future dates, and a cancelled date disappears from the reader's calendar at the
next refresh. Added single dates (RDATE) are the one part some apps ignore in subscribed
feeds, so each added date is a VEVENT of its own instead.

The rule is stored in local time; in a feed with a TZID, RFC 5545 wants UNTIL in UTC, so a
local UNTIL (a date: the end of that day) is converted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar

from navigator.events.models import Event
from navigator.events.occurrences import rule_parts

PRODID = "-//Newcomer Navigator//Events//EN"


def _until_utc(value: str, tz: ZoneInfo) -> dt.datetime:
    if "T" in value:
        local = dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
    else:
        local = dt.datetime.combine(
            dt.datetime.strptime(value, "%Y%m%d").date(), dt.time(23, 59, 59)
        )
    return local.replace(tzinfo=tz).astimezone(dt.UTC)


def ical_rule(rule: str, tz: ZoneInfo) -> icalendar.vRecur:
    parts = rule_parts(rule)
    recur = icalendar.vRecur.from_ical(
        ";".join(f"{k}={v}" for k, v in parts.items() if k != "UNTIL")
    )
    if "UNTIL" in parts:
        recur["UNTIL"] = [_until_utc(parts["UNTIL"], tz)]
    return recur


def feed(
    events: Iterable[Event],
    *,
    name: str,
    tz: ZoneInfo,
    url_of: dict[str, str],
    texts: dict[str, dict[str, str]],
    stamp: dt.datetime,
    domain: str,
    language: str,
) -> bytes:
    """The calendar of `events`. `url_of[slug]` is each event's page, `texts[slug]` its
    title, summary, description and place in the reader's language."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", tz.key)
    first = stamp.date()
    for event in events:
        recurrence = event.recurrence
        first = min(first, recurrence.start.date())
        text = texts[event.slug]
        start = recurrence.start.replace(tzinfo=tz)
        dates: list[tuple[str, dt.datetime, bool]] = [(event.slug, start, True)]
        dates += [
            (f"{event.slug}-{moment:%Y%m%dT%H%M}", moment.replace(tzinfo=tz), False)
            for moment in recurrence.rdate
        ]
        for uid, begins, main in dates:
            vevent = icalendar.Event()
            vevent.add("uid", f"{uid}@{domain}")
            vevent.add("dtstamp", stamp.astimezone(dt.UTC))
            vevent.add("dtstart", begins)
            if recurrence.duration:
                vevent.add("dtend", begins + recurrence.duration)
            if main and event.rrule:
                vevent.add("rrule", ical_rule(event.rrule, tz))
                if recurrence.exdate:
                    vevent.add(
                        "exdate",
                        [
                            dt.datetime.combine(day, recurrence.start.time(), tz)
                            for day in recurrence.exdate
                        ],
                    )
            vevent.add("summary", text["title"])
            description = "\n\n".join(
                t.strip() for t in (text["summary"], text["description"]) if t
            )
            vevent.add("description", f"{description}\n\n{url_of[event.slug]}".strip())
            if text.get("place"):
                vevent.add("location", text["place"])
            vevent.add("url", url_of[event.slug])
            vevent.add("categories", text["topics"] or [])
            if event.organisation.email:
                vevent.add(
                    "organizer",
                    f"mailto:{event.organisation.email}",
                    parameters={"CN": text["organisation"]},
                )
            calendar.add_component(vevent)
    calendar["x-wr-calname"].params["LANGUAGE"] = language
    calendar.add_missing_timezones(
        first_date=dt.date(first.year, 1, 1), last_date=dt.date(stamp.year + 10, 1, 1)
    )
    return calendar.to_ical()
