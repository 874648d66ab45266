"""Events as HSDS 3.0 services (the navigator profile's `service_kind: "event"`).

HSDS has no events; an event is published as a service whose `schedules` are its dates
(schedules.py: the first start and its RRULE, added and cancelled dates). Its id is
`hsds_id("event", slug)`, so an event and a service of one slug are different objects;
what it owns (languages, cost option, topics' attributes, its place) is keyed
"event:<slug>". Texts come in the chain's first locale that has them, as for services;
the registration text is HSDS's `application_process`, the registration page its `url`,
who it is for the profile's `open_to_all` or `eligibility` (its one rule). Pure, like
mapping.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from navigator.hsds.eligibility import age_limits
from navigator.hsds.ids import hsds_id
from navigator.hsds.mapping import (
    Context,
    _localized,
    attribute_object,
    cost_option_object,
    language_object,
    last_modified,
    location_object,
    organization_object,
)
from navigator.hsds.schedules import event_schedules

KIND = "event"
#: the profile's `service_kind` of an event (services have none)
SERVICE_KIND = "event"
FIELDS = {
    "name": "title",
    "summary": "summary",
    "description": "description",
    "eligibility_description": "eligibility_summary",
    "fees_description": "cost",
    "application_process": "registration",
}


def event_place_key(slug: str, location_slug: str) -> str:
    return f"{KIND}:{slug}@{location_slug}"


def event_at_location_object(
    event: Any, ctx: Context, closed_text: str = "Closed"
) -> dict[str, Any]:
    """The event at its location (its dates are the service's schedules, not repeated)."""
    location = event.location
    sal_id = hsds_id("service_at_location", event_place_key(event.slug, location.slug))
    return {
        "id": sal_id,
        "service_id": hsds_id(KIND, event.slug),
        "location_id": hsds_id("location", location.slug),
        "schedules": [],
        "location": location_object(location, ctx, closed_text),
    }


def eligibility(event: Any) -> list[dict[str, Any]]:
    """The event's rule as the profile's eligibility (none when it is open to all)."""
    if event.open_to_all or event.rule is None:
        return []
    return [{"logic": event.rule}]


def event_object(
    event: Any,
    ctx: Context,
    *,
    topic_parents: Mapping[str, str | None] | None = None,
    closed_text: str = "Closed",
    minimal: bool = False,
) -> dict[str, Any]:
    """A published event as an HSDS service (see the module's note); `minimal`: only the
    fields HSDS and the profile require, `service_kind` and `last_modified`."""
    event_id = hsds_id(KIND, event.slug)
    texts = _localized(event, ctx, FIELDS, required=("name",))
    modified = last_modified("events", event, ctx)
    if minimal:
        result: dict[str, Any] = {"id": event_id, "name": texts["name"], "status": "active"}
        if modified:
            result["last_modified"] = modified
        result["text_locales"] = {k: v for k, v in texts["text_locales"].items() if k == "name"}
        result["translations"] = texts["translations"]
        result["service_kind"] = SERVICE_KIND
        return result
    parents = topic_parents or {}
    result = {
        "id": event_id,
        "organization_id": hsds_id("organization", event.organisation.slug),
        **texts,
        "status": "active",
        "service_kind": SERVICE_KIND,
    }
    if event.registration_url:
        result["url"] = event.registration_url
    if event.last_reviewed:
        result["assured_date"] = event.last_reviewed.isoformat()
    if modified:
        result["last_modified"] = modified
    cost = cost_option_object(event, KIND)
    result.update(
        {
            "schedules": event_schedules(
                event, ctx.timezone, ctx.cancelled_text, service_id=event_id
            ),
            "service_at_locations": (
                [event_at_location_object(event, ctx, closed_text)] if event.location else []
            ),
            "languages": [language_object(c, event, ctx, KIND) for c in event.languages or []],
            "organization": organization_object(event.organisation, ctx),
            "cost_options": [cost] if cost else [],
            "attributes": [
                attribute_object(event, t, ctx, parents.get(t.slug), KIND) for t in event.topics
            ],
            "open_to_all": bool(event.open_to_all),
            "eligibility": eligibility(event),
            "registration_required": bool(event.registration_required),
        }
    )
    if result["eligibility"]:
        rule = SimpleNamespace(logic=event.rule, valid_from=None, valid_to=None)
        result.update(age_limits([rule]))
    return result
