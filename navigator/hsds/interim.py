"""INTERIM ADAPTER — to be replaced by `navigator.hsds.mapping.publication_objects` (branch
`hsds-api`), which `cli.publication_objects` prefers as soon as it exists; delete this
module then (and nothing else needs to change).

The published directory as HSDS objects, built from the content pack's canonical form: the
inverse of to_pack.py for the fields the import maps, with deterministic UUIDs (uuid5 of
the kind and slug), so `content export-hsds` and its end-to-end test run on this branch.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from navigator.content import canonical
from navigator.db import db
from navigator.directory.models import Area, Document, Location, Organisation, Service, Topic
from navigator.hsds.vocabulary import WEEKDAYS

_NAMESPACE = uuid.UUID("5b0f6d57-0c1e-4d55-8a9e-6f1b2f3c9a10")
_DAYS = {v: k for k, v in WEEKDAYS.items()}


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def hsds_id(kind: str, slug: str) -> str:
    """The HSDS id of the pack object `slug` of `kind` ("services", "topics", …): the
    import recognises the city's own objects by it. (Required documents and service areas
    are rows per service in HSDS: the import finds those by name.)"""
    return _id(kind.removesuffix("s"), slug)


def _text(data: dict[str, Any], name: str, locale: str) -> Any:
    return data.get("translations", {}).get(locale, {}).get(name) or data.get(name)


def publication_objects(locale: str) -> dict[str, list[dict[str, Any]]]:
    from flask import current_app

    source = str(current_app.config["SOURCE_LOCALE"])
    session = db.session
    orgs = {
        o.slug: canonical.to_pack("organisations", o, source)
        for o in session.scalars(select(Organisation))
    }
    locations = {
        loc.slug: canonical.to_pack("locations", loc, source)
        for loc in session.scalars(select(Location))
    }
    services = [
        canonical.to_pack("services", s, source)
        for s in session.scalars(select(Service).where(Service.status == "published"))
    ]
    names = {
        kind: {o.slug: canonical.to_pack(kind, o, source) for o in session.scalars(select(model))}
        for kind, model in (("documents", Document), ("areas", Area), ("topics", Topic))
    }
    topics = {}
    out = []
    for data in sorted(services, key=lambda s: s["slug"]):
        service = _service(data, orgs[data["organisation"]], locations, names, locale)
        for slug in data["topics"]:
            title = _text(names["topics"][slug], "title", locale)
            # HSDS requires a description; the import drops one that repeats the name
            described = _text(names["topics"][slug], "description", locale) or title
            topics[slug] = {"id": hsds_id("topics", slug), "name": title, "description": described}
        service["attributes"] = [
            {
                "id": _id("attribute", data["slug"], slug),
                "link_id": service["id"],
                "link_entity": "service",
                "taxonomy_term_id": topics[slug]["id"],
                "taxonomy_term": topics[slug],
            }
            for slug in data["topics"]
        ]
        out.append(service)
    return {
        "services": out,
        "organizations": [_organization(o, locale) for o in orgs.values()],
        "taxonomy_terms": list(topics.values()),
    }


def _organization(data: dict[str, Any], locale: str) -> dict[str, Any]:
    org = {
        "id": hsds_id("organisations", data["slug"]),
        "name": _text(data, "name", locale),
        "description": _text(data, "description", locale) or _text(data, "name", locale),
        "website": data.get("website"),
        "email": data.get("email"),
    }
    if data.get("phone"):
        org["phones"] = [{"id": _id("phone", data["slug"]), "number": data["phone"]}]
    return {k: v for k, v in org.items() if v is not None}


def _schedules(hours: list[dict[str, Any]], owner: str) -> list[dict[str, Any]]:
    return [
        {
            "id": _id("schedule", owner, str(i)),
            "freq": "WEEKLY",
            "byday": ",".join(_DAYS[d] for d in h["days"]),
            "opens_at": f"{h['opens']}:00",
            # HSDS times end at 23:59:59; the pack's "until midnight" is 24:00
            "closes_at": "23:59:59" if h["closes"] == "24:00" else f"{h['closes']}:00",
        }
        for i, h in enumerate(hours)
    ]


def _location(data: dict[str, Any], locale: str) -> dict[str, Any]:
    location = {
        "id": hsds_id("locations", data["slug"]),
        "location_type": "physical",
        "name": _text(data, "name", locale),
        "transportation": _text(data, "directions", locale),
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "addresses": [
            {
                "id": _id("address", data["slug"]),
                "address_1": data["street"],
                "city": data["city"],
                "state_province": data["city"],  # required by HSDS; the pack has none
                "postal_code": data["postcode"],
                "country": "ZZ",  # ISO 3166's "unknown": the pack has no country
                "address_type": "physical",
            }
        ],
        "schedules": _schedules(data.get("hours", []), data["slug"]),
    }
    if _text(data, "accessibility", locale):
        location["accessibility"] = [
            {"id": _id("accessibility", data["slug"]), "description": data["accessibility"]}
        ]
    return {k: v for k, v in location.items() if v not in (None, [])}


def _age(rules: list[dict[str, Any]]) -> dict[str, Any]:
    """minimum_age / maximum_age from a rule that is only age limits."""
    for rule in rules:
        logic = rule["rule"]
        parts = logic.get("and", [logic]) if isinstance(logic, dict) else []
        ages = {}
        for part in parts:
            (op, args), *rest = part.items() if isinstance(part, dict) else [(None, None)]
            if rest or op not in (">=", "<=") or args[0] != {"var": "age"}:
                break
            ages["minimum_age" if op == ">=" else "maximum_age"] = args[1]
        else:
            return ages
    return {}


def _service(
    data: dict[str, Any],
    org: dict[str, Any],
    locations: dict[str, Any],
    names: dict[str, dict[str, Any]],
    locale: str,
) -> dict[str, Any]:
    slug = data["slug"]
    channels = {c["type"]: c["value"] for c in reversed(data.get("channels", []))}
    service: dict[str, Any] = {
        "id": hsds_id("services", slug),
        "name": _text(data, "title", locale),
        "description": _text(data, "description", locale).strip(),
        "status": "active",
        "url": channels.get("web"),
        "email": channels.get("email"),
        "eligibility_description": _text(data, "eligibility_summary", locale),
        "fees_description": _text(data, "cost", locale),
        "assured_date": data.get("last_reviewed"),
        **_age(data.get("eligibility", [])),
        "organization": _organization(org, locale),
        "phones": [
            {"id": _id("phone", slug, str(i)), "number": c["value"]}
            for i, c in enumerate(data.get("channels", []))
            if c["type"] == "phone"
        ],
        "languages": [
            {"id": _id("language", slug, code), "code": code} for code in data.get("languages", [])
        ],
        "required_documents": [
            {
                "id": _id("document", slug, doc),
                "document": _text(names["documents"][doc], "name", locale),
            }
            for doc in data.get("documents", [])
        ],
        "service_areas": [
            {"id": _id("area", slug, area), "name": _text(names["areas"][area], "name", locale)}
            for area in data.get("service_area", [])
        ],
        "cost_options": [{"id": _id("cost", slug), "amount": 0}] if data.get("free") else [],
        "service_at_locations": [
            {
                "id": _id("service_at_location", slug, p["location"]),
                "location": _location(locations[p["location"]], locale),
                "schedules": _schedules(p.get("hours", []), f"{slug}@{p['location']}"),
            }
            for p in data.get("locations", [])
        ],
    }
    return {k: v for k, v in service.items() if v not in (None, [])}
