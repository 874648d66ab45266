"""Opening hours and event dates as HSDS 3.0 schedules (RFC 5545 fields), and back.

Times are local wall-clock time in the city's time zone ("24:00" closes at midnight).

An event's dates are one schedule for its first start and recurrence rule, one schedule
per added single date (RDATE, the profile's `added: true`) and one per cancelled date
(EXDATE, the profile's `cancelled: true`, without times, as a closed day of a location).
HSDS's own fields say what they can: `freq` is WEEKLY or MONTHLY only, so a yearly rule in
one month is said as every 12 months and a daily one as every day of the week; the
profile's `rrule` always carries the rule exactly, `bymonth` its months and `tzid` the
city's time zone (HSDS's `timezone` is the UTC offset on the first day). `event_recurrence`
reads the schedules back: from the profile's fields when they are there, else from HSDS's
own (a tabular publication has only those).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from navigator.directory.hours import format_minutes
from navigator.events.occurrences import WEEKDAY_CODES, join_parts
from navigator.hsds.ids import hsds_id

#: the RRULE parts HSDS has a field of its own for (lower-case: the field's name)
_HSDS_PARTS = ("INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "WKST")


def weekly_schedules(slots: Iterable[Any], key: str, **owner: str) -> list[dict[str, Any]]:
    """Weekly hours as RFC 5545-style HSDS schedules: one WEEKLY schedule per opening
    time, with the days it applies to (`byday` "MO,TU")."""
    grouped: dict[tuple[int, int], list[int]] = {}
    for slot in slots:
        grouped.setdefault((slot.opens, slot.closes), []).append(slot.weekday)
    schedules = []
    for (opens, closes), days in sorted(grouped.items(), key=lambda kv: (min(kv[1]), kv[0])):
        schedules.append(
            {
                "id": hsds_id("schedule", f"{key}:{opens}-{closes}"),
                **owner,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(WEEKDAY_CODES[d] for d in sorted(set(days))),
                "opens_at": format_minutes(opens),
                "closes_at": format_minutes(closes),
            }
        )
    return schedules


def dated_schedules(
    exceptions: Iterable[Any], key: str, closed_text: str, **owner: str
) -> list[dict[str, Any]]:
    """Dated exceptions as one-day schedules (`valid_from` = `valid_to` = the day): other
    hours that day, or closed all day (no times, `description` says so)."""
    schedules = []
    for exception in exceptions:
        day = exception.date.isoformat()
        item: dict[str, Any] = {
            "id": hsds_id("schedule", f"{key}:{day}:{exception.opens}"),
            **owner,
            "valid_from": day,
            "valid_to": day,
            "dtstart": day,
        }
        if exception.closed:
            item["description"] = closed_text
        else:
            item["opens_at"] = format_minutes(exception.opens)
            item["closes_at"] = format_minutes(exception.closes)
        schedules.append(item)
    return schedules


# -- events --------------------------------------------------------------------------------


def _parts(rule: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in rule.split(";") if "=" in item)


def _day(value: str) -> str:
    """An RRULE date ("20270630" or "20270630T235959") as ISO 8601 ("2027-06-30")."""
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def hsds_rule(rule: str, start: dt.datetime) -> dict[str, Any]:
    """The HSDS fields of an RRULE whose dates HSDS's own fields can say exactly ({} when
    they cannot: the profile's `rrule` alone says it). The month of a rule goes in the
    profile's `bymonth`."""
    parts = _parts(rule)
    freq, interval = parts["FREQ"], int(parts.get("INTERVAL", "1"))
    fields: dict[str, Any] = {}
    months = parts.get("BYMONTH")
    if freq in ("WEEKLY", "MONTHLY") and months is None:
        fields = {"freq": freq, "interval": interval}
    elif freq == "YEARLY" and (
        months == str(start.month) or (months is None and not {"BYDAY", "BYMONTHDAY"} & set(parts))
    ):
        # one month a year is every twelve months from the first date's month
        fields = {"freq": "MONTHLY", "interval": 12 * interval}
        if "BYDAY" not in parts and "BYMONTHDAY" not in parts:
            fields["bymonthday"] = str(start.day)
    elif freq == "DAILY" and interval == 1 and months is None:
        fields = {"freq": "WEEKLY", "interval": 1, "byday": ",".join(WEEKDAY_CODES)}
    if not fields:
        return {}
    for name in _HSDS_PARTS[1:]:
        if name in parts:
            value = parts[name]
            fields[name.lower()] = int(value) if name == "COUNT" else value
    if "UNTIL" in parts:
        fields["until"] = _day(parts["UNTIL"])
    return fields


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def utc_offset(moment: dt.datetime, zone: str) -> float | None:
    """HSDS's `timezone`: the UTC offset in hours of local `moment` in `zone`."""
    tz = _zone(zone)
    if tz is None:
        return None
    offset = moment.replace(tzinfo=tz).utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 0.0
    return int(hours) if hours.is_integer() else hours


def last_date(rule: str, start: dt.datetime) -> dt.date | None:
    """The last day the rule falls on, when it ends (COUNT: its last date; UNTIL: that
    day); None for a rule without end."""
    parts = _parts(rule)
    if "UNTIL" in parts:
        return dt.date.fromisoformat(_day(parts["UNTIL"]))
    if "COUNT" in parts:
        dates = list(rrulestr(f"RRULE:{rule}", dtstart=start.replace(tzinfo=None)))
        return dates[-1].date() if dates else start.date()
    return None


def event_schedules(
    event: Any, zone: str, cancelled_text: str, **owner: str
) -> list[dict[str, Any]]:
    """The event's dates as schedules (see the module's note); `zone` is the city's time
    zone (IANA name), `cancelled_text` the description of a cancelled date."""
    key = f"event:{event.slug}"
    start: dt.datetime = event.starts_at
    day = start.date().isoformat()
    when = {"opens_at": format_minutes(start.hour * 60 + start.minute)}
    if event.end_time is not None and event.end_time > start.hour * 60 + start.minute:
        when["closes_at"] = format_minutes(event.end_time)
    zone_fields: dict[str, Any] = {"tzid": zone} if _zone(zone) else {}
    main: dict[str, Any] = {
        "id": hsds_id("schedule", key),
        **owner,
        "dtstart": day,
        "valid_from": day,
    }
    if event.rrule:
        last = last_date(event.rrule, start)
        if last is not None:
            main["valid_to"] = last.isoformat()
        main.update(hsds_rule(event.rrule, start))
        months = _parts(event.rrule).get("BYMONTH")
        if months:
            main["bymonth"] = months
        main["rrule"] = event.rrule
    else:
        main["valid_to"] = day
    offset = utc_offset(start, zone)
    if offset is not None:
        main["timezone"] = offset
    schedules = [{**main, **when, **zone_fields}]
    for value in sorted(event.rdate or ()):
        moment = dt.datetime.fromisoformat(value)
        added = moment.date().isoformat()
        item: dict[str, Any] = {
            "id": hsds_id("schedule", f"{key}:rdate:{value}"),
            **owner,
            "dtstart": added,
            "valid_from": added,
            "valid_to": added,
            "opens_at": format_minutes(moment.hour * 60 + moment.minute),
        }
        if event.end_time is not None and event.end_time > moment.hour * 60 + moment.minute:
            item["closes_at"] = format_minutes(event.end_time)
        offset = utc_offset(moment, zone)
        if offset is not None:
            item["timezone"] = offset
        schedules.append({**item, **zone_fields, "added": True})
    for value in sorted(event.exdate or ()):
        schedules.append(
            {
                "id": hsds_id("schedule", f"{key}:exdate:{value}"),
                **owner,
                "dtstart": value,
                "valid_from": value,
                "valid_to": value,
                "description": cancelled_text,
                "cancelled": True,
            }
        )
    return schedules


def _one_day(schedule: dict[str, Any]) -> bool:
    return not schedule.get("freq") and not schedule.get("rrule")


def _rule_from_fields(schedule: dict[str, Any], start: dt.date) -> str | None:
    """The RRULE HSDS's own fields state (the inverse of `hsds_rule`)."""
    freq = str(schedule.get("freq") or "").upper()
    if freq not in ("WEEKLY", "MONTHLY"):
        return None
    interval = int(schedule.get("interval") or 1)
    parts: dict[str, str] = {"FREQ": freq}
    byday = str(schedule.get("byday") or "").upper().replace(" ", "")
    if freq == "MONTHLY" and interval % 12 == 0:
        parts["FREQ"], interval = "YEARLY", interval // 12
        parts["BYMONTH"] = str(schedule.get("bymonth") or start.month)
    elif freq == "WEEKLY" and interval == 1 and set(byday.split(",")) == set(WEEKDAY_CODES):
        parts["FREQ"], byday = "DAILY", ""
    elif schedule.get("bymonth"):
        parts["BYMONTH"] = str(schedule["bymonth"])
    if interval != 1:
        parts["INTERVAL"] = str(interval)
    if byday:
        parts["BYDAY"] = byday
    for name in ("bymonthday", "wkst", "count"):
        if schedule.get(name) not in (None, ""):
            value = schedule[name]
            parts[name.upper()] = str(int(value) if isinstance(value, float) else value)
    if schedule.get("until"):
        parts["UNTIL"] = str(schedule["until"])[:10].replace("-", "")
    return join_parts(parts)


def event_recurrence(
    schedules: Sequence[dict[str, Any]],
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """An event's dates in the content pack's form (`start`, `end`, `rrule`, `rdate`,
    `exdate`) from its schedules as `event_schedules` writes them, and (schedule id,
    reason) for what could not be read. A cancelled date is a one-day schedule without
    times; the first start is the schedule with the rule, else the earliest one-day one;
    the other one-day schedules are added dates."""
    problems: list[tuple[str, str]] = []
    timed = [s for s in schedules if s.get("opens_at") and s.get("dtstart")]
    cancelled = [
        s
        for s in schedules
        if s.get("cancelled") or (_one_day(s) and not s.get("opens_at") and s.get("dtstart"))
    ]
    for s in schedules:
        if s not in timed and s not in cancelled:
            problems.append((s.get("id", "?"), "neither a date with a time nor a cancelled date"))
    ruled = [s for s in timed if not _one_day(s) and not s.get("added")]
    plain = sorted(
        (s for s in timed if s not in ruled),
        key=lambda s: (bool(s.get("added")), str(s["dtstart"])),
    )
    main = (ruled or plain or [None])[0]
    if main is None:
        return {}, [*problems, ("*", "no schedule says when the event starts")]
    for extra in ruled[1:]:
        problems.append((extra.get("id", "?"), "an event has one recurrence rule"))
    data: dict[str, Any] = {"start": f"{str(main['dtstart'])[:10]}T{str(main['opens_at'])[:5]}"}
    if main.get("closes_at"):
        data["end"] = str(main["closes_at"])[:5]
    if _one_day(main) and str(main.get("valid_to") or main["dtstart"]) != str(main["dtstart"]):
        problems.append((main.get("id", "?"), "a recurrence without a rule: its first date only"))
    if not _one_day(main):
        rule = main.get("rrule") or _rule_from_fields(
            main, dt.date.fromisoformat(str(main["dtstart"])[:10])
        )
        if rule:
            data["rrule"] = str(rule)
        else:
            problems.append(
                (main.get("id", "?"), f"freq={main.get('freq')}: not a rule HSDS can say")
            )
    data["rdate"] = sorted(
        f"{str(s['dtstart'])[:10]}T{str(s['opens_at'])[:5]}" for s in plain if s is not main
    )
    data["exdate"] = sorted(str(s["dtstart"])[:10] for s in cancelled)
    return data, problems
