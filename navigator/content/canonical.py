"""Database objects → the pack's canonical form, and the form both sides are compared in.

`to_pack(kind, obj)` is what the exporter writes (defaults left out, as a person would
write the file). `comparable(kind, data)` fills defaults and orders hours, so a pack entry
and a database row that mean the same thing compare equal — that makes loading idempotent.
"""

from __future__ import annotations

from typing import Any

from navigator.directory.hours import format_minutes, parse_time
from navigator.events import pack as event_pack

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SOURCE_FIELDS = {
    "topics": ("title", "description", "keywords"),
    "statuses": ("label", "description"),
    "areas": ("name",),
    "documents": ("name",),
    "facts": ("question", "help", "subject", "statement", "statement_negative"),
    "organisations": ("name", "description"),
    "locations": ("name", "accessibility", "directions"),
    "services": ("title", "summary", "description", "eligibility_summary", "cost"),
    "events": event_pack.SOURCE_FIELDS,
    # pack.yaml: the notice, and the names and labels its holidays and numbers carry
    "city": ("notice", "holidays", "emergency_numbers"),
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "topics": {"urgent": False, "revision": 1},
    "statuses": {"revision": 1},
    "areas": {"kind": "district", "revision": 1},
    "documents": {"revision": 1},
    "facts": {"revision": 1},
    "organisations": {"revision": 1},
    "locations": {"hours": [], "exceptions": [], "revision": 1},
    "city": {"sample": False, "holidays": [], "emergency_numbers": [], "revision": 1},
    "services": {
        "status": "published",
        "audience": "newcomers",
        "phase": "first-weeks",
        "open_to_all": False,
        "opt_in": False,
        "gives": {},
        "urgent_when": None,
        "free": False,
        "eligibility": [],
        "requires": [],
        "languages": [],
        "documents": [],
        "channels": [],
        "service_area": [],
        "locations": [],
        "valid_from": None,
        "valid_to": None,
        "last_reviewed": None,
        "revision": 1,
    },
    "events": event_pack.DEFAULTS,
}
#: kinds whose files are Markdown with the description as the body
MARKDOWN_KINDS = ("services", "events")
PLACE_DEFAULTS = {
    "appointment_only": False,
    "walk_in": False,
    "open_on_holidays": False,
    "location_hours": False,
}


def markdown_body(text: str | None) -> str:
    """A service's description as the body of its Markdown file holds it, and as the reader
    gives it back: no blank lines around it, one final newline ("" when there is no text).
    The back office's forms store texts without the final newline; written out and read
    back, the text gains it, so files and comparisons both use this form."""
    return text.strip("\n") + "\n" if text and text.strip() else ""


def _strip(data: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in data.items() if v is not None and not (k in defaults and defaults[k] == v)
    }


def tidy(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` as `to_pack` writes it: empty values and defaults left out (an editor's form
    gives every field; the pack form names only what differs from the defaults)."""
    return _strip({k: v for k, v in data.items() if v not in ("", [], {})}, DEFAULTS[kind])


def _translations(obj: Any, kind: str, source: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for locale in sorted(obj.translations):
        if locale == source:
            continue
        row = obj.translations[locale]
        entry = {f: getattr(row, f) for f in SOURCE_FIELDS[kind] if getattr(row, f, None)}
        if kind == "facts" and row.options:
            entry["options"] = dict(row.options)
        if entry:
            entry["translated_from"] = row.source_revision
            if row.machine:  # machine-translated, not reviewed yet
                entry["machine"] = True
            out[locale] = entry
    return out


def _source_text(obj: Any, kind: str, source: str) -> dict[str, Any]:
    row = obj.translations.get(source)
    if row is None:
        return {}
    return {f: getattr(row, f) for f in SOURCE_FIELDS[kind] if getattr(row, f, None)}


def to_pack(kind: str, obj: Any, source: str) -> dict[str, Any]:
    data: dict[str, Any] = _ENTITY[kind](obj)
    data.update(_source_text(obj, kind, source))
    data["revision"] = obj.revision
    if kind == "facts" and obj.option_values:
        labels = obj.translations[source].options or {}
        data["options"] = [{"value": v, "label": labels.get(v, v)} for v in obj.option_values]
    data = _strip(data, DEFAULTS[kind])
    translations = _translations(obj, kind, source)
    if translations:
        data["translations"] = translations
    return data


def _topic(obj: Any) -> dict[str, Any]:
    return {
        "slug": obj.slug,
        "parent": obj.parent.slug if obj.parent else None,
        "urgent": obj.urgent,
        "icon": obj.icon,
    }


def _fact(obj: Any) -> dict[str, Any]:
    return {
        "id": obj.key,
        "type": obj.type,
        "options_from": obj.options_from,
        "min": _number(obj.minimum),
        "max": _number(obj.maximum),
        "derived": obj.derived,
    }


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _location(obj: Any) -> dict[str, Any]:
    return {
        "slug": obj.slug,
        "street": obj.street,
        "postcode": obj.postcode,
        "city": obj.city,
        "area": obj.area.slug if obj.area else None,
        "latitude": obj.latitude,
        "longitude": obj.longitude,
        **_hours(obj.slots, obj.exceptions),
    }


def _service(obj: Any) -> dict[str, Any]:
    return {
        "slug": obj.slug,
        "status": obj.status,
        "organisation": obj.organisation.slug,
        "topics": [t.slug for t in obj.topics],
        "audience": obj.audience,
        "phase": obj.phase,
        "modelled_on": obj.modelled_on,
        "open_to_all": obj.open_to_all,
        "opt_in": obj.opt_in,
        "gives": dict(obj.gives or {}),
        "urgent_when": obj.urgent_when,
        "eligibility": [_rule(rule) for rule in obj.rules],
        "requires": [s.slug for s in obj.requires],
        "free": obj.free,
        "languages": list(obj.languages or []),
        "documents": [d.slug for d in obj.documents],
        "channels": [{"type": c.type, "value": c.value} for c in obj.channels],
        "service_area": [a.slug for a in obj.areas],
        "valid_from": _iso(obj.valid_from),
        "valid_to": _iso(obj.valid_to),
        "last_reviewed": _iso(obj.last_reviewed),
        "source": obj.source,
        "locations": [_place(p) for p in obj.locations],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _rule(rule: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"rule": rule.logic}
    if rule.reference_text:
        data["reference"] = {"text": rule.reference_text}
        if rule.reference_url:
            data["reference"]["url"] = rule.reference_url
    if rule.valid_from:
        data["valid_from"] = rule.valid_from.isoformat()
    if rule.valid_to:
        data["valid_to"] = rule.valid_to.isoformat()
    return data


def _hours(slots: Any, exceptions: Any) -> dict[str, list[dict[str, Any]]]:
    """Weekly slots as the pack writes them (days with the same times together) and dated
    exceptions; empty lists are left out by the caller."""
    grouped: dict[tuple[int, int], list[str]] = {}
    for slot in slots:
        grouped.setdefault((slot.opens, slot.closes), []).append(WEEKDAYS[slot.weekday])
    hours = [
        {"days": days, "opens": format_minutes(o), "closes": format_minutes(c)}
        for (o, c), days in sorted(
            grouped.items(), key=lambda kv: (WEEKDAYS.index(kv[1][0]), kv[0])
        )
    ]
    dated = []
    for exc in exceptions:
        item: dict[str, Any] = {"date": exc.date.isoformat()}
        if exc.closed:
            item["closed"] = True
        else:
            item.update(opens=format_minutes(exc.opens), closes=format_minutes(exc.closes))
        dated.append(item)
    return {"hours": hours, "exceptions": dated}


def _place(place: Any) -> dict[str, Any]:
    data = {
        "location": place.location.slug,
        "appointment_only": place.appointment_only,
        "walk_in": place.walk_in,
        "open_on_holidays": place.open_on_holidays,
        "location_hours": place.location_hours,
        **_hours(place.slots, place.exceptions),
    }
    return {k: v for k, v in data.items() if v not in (False, [])}


_ENTITY = {
    "topics": _topic,
    "statuses": lambda o: {"value": o.value},
    "areas": lambda o: {"slug": o.slug, "kind": o.kind},
    "documents": lambda o: {"slug": o.slug, "needed_when": o.needed_when},
    "facts": _fact,
    "organisations": lambda o: {
        "slug": o.slug,
        "kind": o.kind,
        "website": o.website,
        "email": o.email,
        "phone": o.phone,
    },
    "locations": _location,
    "services": _service,
    "events": event_pack.entity,
}


def expand_hours(hours: list[dict[str, Any]]) -> list[tuple[int, int, int]]:
    return sorted(
        (WEEKDAYS.index(day), parse_time(h["opens"]), parse_time(h["closes"]))
        for h in hours
        for day in h["days"]
    )


def comparable(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    out = {**DEFAULTS[kind], **{k: v for k, v in data.items() if v is not None}}
    revision = out["revision"]
    out["translations"] = {
        locale: {
            **{k: v for k, v in entry.items() if k != "machine" or v},  # machine: false = none
            "translated_from": entry.get("translated_from", revision),
        }
        for locale, entry in (data.get("translations") or {}).items()
    }
    if kind in MARKDOWN_KINDS and "description" in out:
        body = markdown_body(out.pop("description"))  # a form's text and a file's body
        if body:
            out["description"] = body
    if kind == "events":
        event_pack.comparable(out)
    if kind == "services":
        out["eligibility"] = [
            {k: v for k, v in rule.items() if v is not None} for rule in out["eligibility"]
        ]
        for name in ("requires", "topics", "documents", "service_area"):
            out[name] = sorted(out[name]) if name in out else []
        out["locations"] = [
            {**PLACE_DEFAULTS, **place, **_comparable_hours(place)} for place in out["locations"]
        ]
    if kind == "locations":
        out.update(_comparable_hours(out))
    return out


def _comparable_hours(owner: dict[str, Any]) -> dict[str, Any]:
    """Hours and exceptions in one order, however a file groups and orders them."""
    return {
        "hours": expand_hours(owner.get("hours", [])),
        "exceptions": sorted(
            (e["date"], e.get("opens"), e.get("closes")) for e in owner.get("exceptions", [])
        ),
    }
