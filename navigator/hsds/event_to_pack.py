"""HSDS services that are events → the content pack's events. Pure, like to_pack.py.

A service is an event when the navigator profile says so (`service_kind: "event"`) or when
its id is one the city's export gave one of its events (a tabular publication has no
profile fields); any other service, with schedules or not, stays a service. Its dates
come back from its schedules (schedules.event_recurrence); its registration from
`application_process` and `url`; its place from its first service at a location. Who it
is for is not imported (the profile's `eligibility` names facts the city may not have; an
event already in the city keeps its rule), as for services.
"""

from __future__ import annotations

import re
from typing import Any

from navigator.hsds.schedules import event_recurrence
from navigator.hsds.to_pack import (
    _clean,
    _cost,
    _languages,
    _leftover,
    _location,
    _summary,
    _text,
    _topics,
)
from navigator.hsds.vocabulary import STATUS, Mapped, Slugs, Unmapped

#: the HSDS table name the city's events are known by (`hsds_id("event", slug)`)
TABLE = "event"
#: service fields an event reads besides those a service does
READ = {"service_kind", "summary", "application_process", "open_to_all", "registration_required"}


def is_event(service: dict[str, Any], slugs: Slugs) -> bool:
    return service.get("service_kind") == "event" or (TABLE, service.get("id")) in slugs.known


def map_event(
    mapped: Mapped, slugs: Slugs, service: dict[str, Any], terms: dict[str, dict[str, Any]]
) -> None:
    sid = service["id"]
    org_id = (service.get("organization") or {}).get("id") or service.get("organization_id")
    if ("organization", org_id) not in mapped.slugs:
        reason = "no organization in the publication: not imported"
        mapped.unmapped.append(Unmapped("service", sid, "organization", reason))
        return
    dates, problems = event_recurrence(service.get("schedules") or [])
    for schedule_id, reason in problems:
        mapped.unmapped.append(Unmapped("schedule", schedule_id, "schedule", reason))
    if "start" not in dates:
        mapped.unmapped.append(Unmapped("service", sid, "schedules", "no date: not imported"))
        return
    description = _text(service.get("description")) or _text(service.get("name")) or sid
    data: dict[str, Any] = {
        "slug": slugs.get("events", TABLE, sid, service.get("name", "")),
        "title": _text(service.get("name")) or sid,
        "summary": _text(service.get("summary")) or _summary(description),
        "organisation": mapped.slugs[("organization", org_id)],
        "location": _place(mapped, slugs, service),
        "topics": _topics(mapped, slugs, service, terms),
        "status": STATUS.get(str(service.get("status")), "published"),
        "eligibility_summary": _text(service.get("eligibility_description")),
        "languages": _languages(mapped, service),
        "registration": _text(service.get("application_process")),
        **dates,
    }
    data["cost"], data["free"] = _cost(mapped, service)
    url = _text(service.get("url"))
    if url and re.match(r"^https?://", url):
        data["registration_url"] = url
    elif url:
        mapped.unmapped.append(Unmapped("service", sid, "url", "not an http(s) URL"))
    for flag in ("open_to_all", "registration_required"):
        if isinstance(service.get(flag), bool):
            data[flag] = service[flag]
    if _text(service.get("assured_date")) and re.match(
        r"^\d{4}-\d\d-\d\d$", service["assured_date"]
    ):
        data["last_reviewed"] = service["assured_date"]
    data["description"] = description
    # an event without a rule is not "for everyone": only `open_to_all` says that
    mapped.add("events", data["slug"], {k: v for k, v in _clean(data).items()} | _flags(data))
    _leftover(mapped, "service", service, READ)


def _flags(data: dict[str, Any]) -> dict[str, Any]:
    """False flags that `_clean` would drop but an event already in the city must get."""
    return {k: data[k] for k in ("open_to_all", "registration_required", "free") if k in data}


def _place(mapped: Mapped, slugs: Slugs, service: dict[str, Any]) -> str | None:
    """The location of the event's first place (an event has one)."""
    found = None
    for sal in service.get("service_at_locations") or []:
        location = sal.get("location")
        slug = _location(mapped, slugs, location) if isinstance(location, dict) else None
        if found is None and slug is not None:
            found = slug
            continue
        reason = "an event has one place" if slug else "no location to hold it at"
        mapped.unmapped.append(Unmapped("service_at_location", sal["id"], "location", reason))
    return found
