"""JSON Schemas of a content pack's files (see content/README.md for the prose version).

Dates and times arrive as ISO strings (the reader turns YAML dates into strings), so the
schemas check their shape with patterns and the loader parses them.
"""

from __future__ import annotations

from typing import Any

SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 100}
KEY = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$", "maxLength": 64}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"}
TEXT = {"type": "string", "minLength": 1}
OPT_DATE = {"anyOf": [DATE, {"type": "null"}]}
REVISION = {"type": "integer", "minimum": 1}
WEEKDAY = {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
LANGUAGE = {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}


def _obj(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


PACK = _obj(
    ["name", "source_locale", "timezone"],
    {
        "name": TEXT,
        "sample": {"type": "boolean"},
        "notice": TEXT,
        "source_locale": {"type": "string", "pattern": r"^[a-z]{2}$"},
        "timezone": TEXT,
        "welcome_service": SLUG,
        "revision": REVISION,
        "holidays": {
            "type": "array",
            "items": _obj(["date", "name"], {"date": DATE, "name": TEXT}),
        },
        "emergency_numbers": {
            "type": "array",
            "items": _obj(
                ["id", "number", "label"],
                {
                    "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$"},
                    "number": TEXT,
                    "label": TEXT,
                },
            ),
        },
    },
)

TOPICS = {
    "type": "array",
    "items": _obj(
        ["slug", "title"],
        {
            "slug": SLUG,
            "title": TEXT,
            "description": TEXT,
            "parent": SLUG,
            "urgent": {"type": "boolean"},
            "keywords": TEXT,
            "icon": {"type": "string", "pattern": r"^[a-z0-9-]{1,40}$"},
            "revision": REVISION,
        },
    ),
}
STATUSES = {
    "type": "array",
    "items": _obj(
        ["value", "label"],
        {"value": KEY, "label": TEXT, "description": TEXT, "revision": REVISION},
    ),
}
AREAS = {
    "type": "array",
    "items": _obj(
        ["slug", "name"],
        {
            "slug": SLUG,
            "name": TEXT,
            "kind": {"enum": ["district", "municipality"]},
            "revision": REVISION,
        },
    ),
}
DOCUMENTS = {
    "type": "array",
    "items": _obj(
        ["slug", "name"],
        {"slug": SLUG, "name": TEXT, "needed_when": {}, "revision": REVISION},
    ),
}
OPTION = _obj(["value", "label"], {"value": KEY, "label": TEXT})
FACTS = {
    "type": "array",
    "items": _obj(
        ["id"],
        {
            "id": KEY,
            "type": {"enum": ["choice", "multi", "number", "boolean", "date"]},
            "question": TEXT,
            "help": TEXT,
            "subject": TEXT,
            "statement": TEXT,
            "statement_negative": TEXT,
            "options_from": {"enum": ["statuses", "topics", "areas"]},
            "options": {"type": "array", "minItems": 1, "items": OPTION},
            "min": {"type": "number"},
            "max": {"type": "number"},
            "derived": {},
            "revision": REVISION,
        },
    ),
}
ORGANISATION = _obj(
    ["slug", "name", "kind"],
    {
        "slug": SLUG,
        "name": TEXT,
        "kind": {"enum": ["city", "ngo", "state", "other"]},
        "description": TEXT,
        "website": {"type": "string", "pattern": r"^https?://"},
        "email": {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+$"},
        "phone": TEXT,
        "revision": REVISION,
    },
)
HOURS = _obj(
    ["days", "opens", "closes"],
    {"days": {"type": "array", "minItems": 1, "items": WEEKDAY}, "opens": TIME, "closes": TIME},
)
EXCEPTION = _obj(
    ["date"], {"date": DATE, "closed": {"type": "boolean"}, "opens": TIME, "closes": TIME}
)
LOCATION = _obj(
    ["slug", "name", "street", "postcode", "city"],
    {
        "slug": SLUG,
        "name": TEXT,
        "street": TEXT,
        "postcode": {"type": "string"},
        "city": TEXT,
        "area": SLUG,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "accessibility": TEXT,
        "directions": TEXT,
        "revision": REVISION,
        "hours": {"type": "array", "items": HOURS},
        "exceptions": {"type": "array", "items": EXCEPTION},
    },
)
SERVICE_LOCATION = _obj(
    ["location"],
    {
        "location": SLUG,
        "appointment_only": {"type": "boolean"},
        "walk_in": {"type": "boolean"},
        "open_on_holidays": {"type": "boolean"},
        "location_hours": {"type": "boolean"},
        "hours": {"type": "array", "items": HOURS},
        "exceptions": {"type": "array", "items": EXCEPTION},
    },
)
RULE = _obj(
    ["rule"],
    {
        "rule": {},
        "reference": _obj(
            ["text"], {"text": TEXT, "url": {"type": "string", "pattern": "^https?://"}}
        ),
        "valid_from": OPT_DATE,
        "valid_to": OPT_DATE,
    },
)
CHANNEL = _obj(
    ["type", "value"],
    {"type": {"enum": ["in_person", "phone", "email", "web", "app", "video"]}, "value": TEXT},
)
SERVICE = _obj(
    ["slug", "title", "summary", "organisation", "topics", "description"],
    {
        "slug": SLUG,
        "title": TEXT,
        "summary": TEXT,
        "description": TEXT,
        "status": {"enum": ["draft", "published", "archived"]},
        "organisation": SLUG,
        "topics": {"type": "array", "minItems": 1, "items": SLUG},
        "audience": {"enum": ["newcomers", "professionals"]},
        "phase": {"enum": ["first-days", "first-weeks", "first-months", "later"]},
        "modelled_on": TEXT,
        "open_to_all": {"type": "boolean"},
        "opt_in": {"type": "boolean"},
        "gives": {"type": "object", "propertyNames": {"pattern": r"^[a-z][a-z0-9_]*$"}},
        "urgent_when": {},
        "eligibility_summary": TEXT,
        "eligibility": {"type": "array", "items": RULE},
        "requires": {"type": "array", "items": SLUG},
        "cost": TEXT,
        "free": {"type": "boolean"},
        "languages": {"type": "array", "items": LANGUAGE},
        "documents": {"type": "array", "items": SLUG},
        "channels": {"type": "array", "items": CHANNEL},
        "service_area": {"type": "array", "items": SLUG},
        "valid_from": OPT_DATE,
        "valid_to": OPT_DATE,
        "last_reviewed": OPT_DATE,
        "source": TEXT,
        "revision": REVISION,
        "locations": {"type": "array", "items": SERVICE_LOCATION},
    },
)
#: Events (events/*.md): dates in the city's local time, as iCalendar states them.
LOCAL_DATETIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$"}
EVENT = _obj(
    ["slug", "title", "summary", "organisation", "topics", "description", "start"],
    {
        "slug": SLUG,
        "title": TEXT,
        "summary": TEXT,
        "description": TEXT,
        "status": {"enum": ["draft", "published", "archived"]},
        "organisation": SLUG,
        "location": SLUG,
        "topics": {"type": "array", "minItems": 1, "items": SLUG},
        "modelled_on": TEXT,
        "open_to_all": {"type": "boolean"},
        "rule": {},
        "eligibility_summary": TEXT,
        "cost": TEXT,
        "free": {"type": "boolean"},
        "languages": {"type": "array", "items": LANGUAGE},
        "registration_required": {"type": "boolean"},
        "registration": TEXT,
        "registration_url": {"type": "string", "pattern": r"^https?://"},
        # The first start (DTSTART), the end time that day, the RFC 5545 rule (RRULE), added
        # dates (RDATE, with their time) and cancelled dates (EXDATE).
        "start": LOCAL_DATETIME,
        "end": TIME,
        "rrule": TEXT,
        "rdate": {"type": "array", "items": LOCAL_DATETIME},
        "exdate": {"type": "array", "items": DATE},
        "last_reviewed": OPT_DATE,
        "source": TEXT,
        "revision": REVISION,
    },
)
SLUGS = {"type": "array", "items": SLUG}
#: What a persona expects: each service's status, and checks on the plan (see content/README.md).
PERSONA_CHECKS = {
    "expect": _obj([], {"eligible": SLUGS, "not_eligible": SLUGS, "unknown": SLUGS}),
    "first_steps": SLUGS,
    "in_plan": SLUGS,
    "not_in_plan": SLUGS,
    "not_first": SLUGS,
    "unlocked_by": {"type": "object", "propertyNames": SLUG, "additionalProperties": SLUG},
}
#: A seed line (`000:327`, `002:1342-1350`, several joined by ", ") and what it backs.
CITE = _obj(
    ["seed", "covers"],
    {
        "seed": {"type": "string", "pattern": r"^\d{3}:\d+(-\d+)?(, \d{3}:\d+(-\d+)?)*$"},
        "says": TEXT,
        "covers": {
            "type": "array",
            "minItems": 1,
            "items": {"anyOf": [SLUG, {"enum": ["first_steps", "not_first"]}]},
        },
    },
)
PERSONAS = {
    "type": "array",
    "items": _obj(
        ["id", "facts", "expect"],
        {
            "id": SLUG,
            "description": TEXT,
            "today": DATE,  # the day the persona is checked on (rules change over time)
            "facts": {"type": "object"},
            "needs": SLUGS,
            **PERSONA_CHECKS,
            # From a date on, these expectations replace the ones they name.
            "expect_from": {
                "type": "object",
                "propertyNames": DATE,
                "additionalProperties": _obj([], PERSONA_CHECKS),
            },
            "cites": {"type": "array", "items": CITE},
        },
    ),
}


def _entries(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "propertyNames": {"type": "string"},
        "additionalProperties": _obj(
            [], {**fields, "translated_from": REVISION, "machine": {"type": "boolean"}}
        ),
    }


TRANSLATION = _obj(
    ["locale"],
    {
        "locale": {"type": "string", "pattern": r"^[a-z]{2}$"},
        "pack": _obj([], {"notice": TEXT, "translated_from": REVISION}),
        "holidays": {"type": "object", "additionalProperties": TEXT},
        "emergency_numbers": {"type": "object", "additionalProperties": TEXT},
        "topics": _entries({"title": TEXT, "description": TEXT, "keywords": TEXT}),
        "statuses": _entries({"label": TEXT, "description": TEXT}),
        "areas": _entries({"name": TEXT}),
        "documents": _entries({"name": TEXT}),
        "facts": _entries(
            {
                "question": TEXT,
                "help": TEXT,
                "subject": TEXT,
                "statement": TEXT,
                "statement_negative": TEXT,
                "options": {"type": "object", "additionalProperties": TEXT},
            }
        ),
        "organisations": _entries({"name": TEXT, "description": TEXT}),
        "locations": _entries({"name": TEXT, "accessibility": TEXT, "directions": TEXT}),
        "services": _entries(
            {
                "title": TEXT,
                "summary": TEXT,
                "description": TEXT,
                "eligibility_summary": TEXT,
                "cost": TEXT,
            }
        ),
        "events": _entries(
            {
                "title": TEXT,
                "summary": TEXT,
                "description": TEXT,
                "eligibility_summary": TEXT,
                "cost": TEXT,
                "registration": TEXT,
            }
        ),
    },
)
