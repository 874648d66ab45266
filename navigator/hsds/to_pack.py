"""HSDS objects → a content pack's entities (the form `content/reader.py` reads), and what
could not be mapped, per object and field. Pure: no Flask, no database.

What maps: organizations (name, description, website, email, first phone), locations
(name, first address, coordinates, accessibility, transportation as directions, weekly
schedules as hours), services (name, description, status, url/email/phones as channels,
languages by code, required documents, service areas, cost options and fees as cost/free,
minimum/maximum age as a JSON Logic rule on the `age` fact, eligibility description,
assured date as last reviewed, taxonomy terms as topics, service at locations with their
weekly schedules); a service that is an event becomes an event (event_to_pack.py). A
schedule maps only when it is a plain weekly rule (FREQ=WEEKLY, INTERVAL 1, BYDAY of
weekdays, opens_at/closes_at, nothing narrowing it); anything else, and every field the
pack has no place for, is reported, never silently dropped.

Slugs come from names (stable across imports of the same publication); a name that two
objects share gets the first eight characters of the HSDS id, except documents and service
areas, which HSDS repeats per service: one name is one document. The pack has no field for
an external id, so foreign HSDS ids are not kept (see README); the city's own objects are
recognised by the ids its export derives from their slugs (`known`).
"""

from __future__ import annotations

import re
from typing import Any

from navigator.hsds.vocabulary import (
    MAPPED,
    STATUS,
    UNCLASSIFIED,
    WEEKDAYS,
    Mapped,
    Slugs,
    Unmapped,
)


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _leftover(
    mapped: Mapped, table: str, obj: dict[str, Any], extra: set[str] = frozenset()
) -> None:
    for name, value in obj.items():
        if name not in MAPPED.get(table, {"id"}) | extra and value not in (None, "", [], {}):
            mapped.unmapped.append(Unmapped(table, obj.get("id", "?"), name))


def map_publication(
    publication: dict[str, list[dict[str, Any]]],
    known: dict[tuple[str, str], str] | None = None,
) -> Mapped:
    """The pack entities for `publication` (see publication.read) and what did not map.

    `known` gives the slugs of the city's objects by (HSDS table, HSDS id) — the export's
    ids derive from slugs, so its objects keep their slugs whatever their names — and of
    its documents, areas and topics also by (kind, name)."""
    mapped = Mapped()
    slugs = Slugs(mapped, known or {})
    organizations = {o["id"]: o for o in publication.get("organizations", [])}
    for service in publication.get("services", []):
        if isinstance(service.get("organization"), dict):
            organizations.setdefault(service["organization"]["id"], service["organization"])
    for org in organizations.values():
        _organization(mapped, slugs, org)
    terms = {t["id"]: t for t in publication.get("taxonomy_terms", [])}
    from navigator.hsds.event_to_pack import is_event, map_event  # it uses this module

    for service in publication.get("services", []):
        if is_event(service, slugs):
            map_event(mapped, slugs, service, terms)
        else:
            _service(mapped, slugs, service, terms)
    for location in publication.get("location", []):  # locations no service is offered at
        _location(mapped, slugs, location)
    for table, objects in publication.items():
        if table not in ("services", "organizations", "taxonomies", "taxonomy_terms", "location"):
            for obj in objects:  # rows of the tables that no object links to
                reason = "linked to no service, organization or location of the publication"
                mapped.unmapped.append(Unmapped(table, obj.get("id", "?"), "*", reason))
    # An object nested in several places (a schedule of a service and of its location) is
    # reported once.
    mapped.unmapped = list(dict.fromkeys(mapped.unmapped))
    return mapped


def _organization(mapped: Mapped, slugs: Slugs, org: dict[str, Any]) -> None:
    data: dict[str, Any] = {
        "slug": slugs.get("organisations", "organization", org["id"], org.get("name", "")),
        "name": _text(org.get("name")) or org["id"],
        "kind": "other",
    }
    if _text(org.get("description")) not in (None, data["name"]):
        # HSDS requires a description; one that only repeats the name says nothing
        data["description"] = _text(org["description"])
    website = _text(org.get("website"))
    if website and re.match(r"^https?://", website):
        data["website"] = website
    elif website:
        mapped.unmapped.append(Unmapped("organization", org["id"], "website", "not an http(s) URL"))
    email = _text(org.get("email"))
    if email and re.match(r"^[^@\s]+@[^@\s]+$", email):
        data["email"] = email
    phones = [_phone(p) for p in org.get("phones") or [] if _phone(p)]
    if phones:
        data["phone"] = phones[0]
    for extra in phones[1:]:
        mapped.unmapped.append(
            Unmapped("organization", org["id"], "phones", f"{extra}: one phone only")
        )
    mapped.add("organisations", data["slug"], _clean(data))
    _leftover(mapped, "organization", org, {"services", "locations"})


def _phone(phone: dict[str, Any]) -> str | None:
    # The standard's own example quotes its number ("\"+44 1234 234567\"").
    return _text(str(phone.get("number") or "").strip().strip('"'))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _location(mapped: Mapped, slugs: Slugs, loc: dict[str, Any]) -> str | None:
    done = mapped.slugs.get(("location", loc["id"]))
    if done is not None:
        return done if done in mapped.entities.get("locations", {}) else None
    addresses = loc.get("addresses") or []
    physical = [a for a in addresses if a.get("address_type") == "physical"] or addresses
    if (
        not physical
        or not _text(physical[0].get("address_1"))
        or not _text(physical[0].get("city"))
    ):
        mapped.unmapped.append(
            Unmapped("location", loc["id"], "addresses", "no street address: not imported")
        )
        return None
    address = physical[0]
    street = ", ".join(
        t for t in (_text(address.get("address_1")), _text(address.get("address_2"))) if t
    )
    data: dict[str, Any] = {
        "slug": slugs.get("locations", "location", loc["id"], loc.get("name") or street),
        "name": _text(loc.get("name")) or street,
        "street": street,
        "postcode": _text(address.get("postal_code")) or "",
        "city": _text(address["city"]),
    }
    point = {"latitude": (loc.get("latitude"), 90), "longitude": (loc.get("longitude"), 180)}
    wrong = [
        f"{name} {value}"
        for name, (value, bound) in point.items()
        if not (isinstance(value, int | float) and -bound <= value <= bound)
    ]
    if not wrong:
        data.update({name: value for name, (value, _bound) in point.items()})
    elif any(value is not None for value, _bound in point.values()):
        reason = f"not a point on Earth ({', '.join(wrong)}): no coordinates imported"
        mapped.unmapped.append(Unmapped("location", loc["id"], "latitude, longitude", reason))
    accessibility = [
        " ".join(t for t in (_text(a.get("description")), _text(a.get("details"))) if t)
        for a in loc.get("accessibility") or []
    ]
    data["accessibility"] = "\n".join(a for a in accessibility if a) or None
    data["directions"] = _text(loc.get("transportation"))
    data["hours"] = _hours(mapped, loc.get("schedules") or [])
    for a in loc.get("accessibility") or []:
        if a.get("url"):
            mapped.unmapped.append(Unmapped("accessibility", a["id"], "url"))
    for extra in addresses:
        if extra is not address:
            mapped.unmapped.append(Unmapped("address", extra["id"], "address", "one address only"))
    for name in ("attention", "region", "state_province", "country"):
        if _text(address.get(name)):
            mapped.unmapped.append(Unmapped("address", address["id"], name))
    mapped.add("locations", data["slug"], _clean(data))
    _leftover(mapped, "location", loc)
    return data["slug"]


def _hours(mapped: Mapped, schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Weekly schedules as the pack's hours; the others reported."""
    hours = []
    for schedule in schedules:
        sid = schedule.get("id", "?")
        why = _not_weekly(schedule)
        if why:
            mapped.unmapped.append(Unmapped("schedule", sid, "schedule", why))
            continue
        days = [WEEKDAYS[d.strip().upper()] for d in str(schedule["byday"]).split(",")]
        hours.append(
            {
                "days": days,
                "opens": str(schedule["opens_at"])[:5],
                "closes": _closes(str(schedule["closes_at"])),
            }
        )
        _leftover(mapped, "schedule", schedule)
    return hours


def _closes(value: str) -> str:
    # HSDS has no 24:00; a day's last second is the pack's "until midnight"
    return "24:00" if value.startswith("23:59:59") else value[:5]


def _not_weekly(schedule: dict[str, Any]) -> str:
    """Why `schedule` is not the pack's kind of weekly hours ("" when it is)."""
    freq = str(schedule.get("freq") or "").upper()
    if freq != "WEEKLY":
        return f"freq={freq or 'none'}: only weekly schedules become opening hours"
    if schedule.get("interval") not in (None, 1):
        return f"interval={schedule['interval']}: only every-week schedules become opening hours"
    narrowing = [
        n for n in ("byweekno", "bymonthday", "byyearday", "count", "until") if schedule.get(n)
    ]
    if narrowing:
        return f"{', '.join(narrowing)} narrow the weekly rule: the pack's hours cannot say that"
    days = [d.strip().upper() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
    if not days or any(d not in WEEKDAYS for d in days):
        return f"byday={schedule.get('byday')!r}: plain weekdays (MO,TU,…) are needed"
    opens, closes = str(schedule.get("opens_at") or ""), str(schedule.get("closes_at") or "")
    if not re.match(r"^\d\d:\d\d", opens) or not re.match(r"^\d\d:\d\d", closes):
        return "opens_at and closes_at are needed"
    if opens[:5] >= closes[:5]:
        return f"opens_at {opens} is not before closes_at {closes}"
    return ""


def _service(
    mapped: Mapped, slugs: Slugs, service: dict[str, Any], terms: dict[str, dict[str, Any]]
) -> None:
    sid = service["id"]
    org_id = (service.get("organization") or {}).get("id") or service.get("organization_id")
    if ("organization", org_id) not in mapped.slugs:
        mapped.unmapped.append(
            Unmapped(
                "service", sid, "organization", "no organization in the publication: not imported"
            )
        )
        return
    description = _text(service.get("description")) or _text(service.get("name")) or sid
    data: dict[str, Any] = {
        "slug": slugs.get("services", "service", sid, service.get("name", "")),
        "title": _text(service.get("name")) or sid,
        "summary": _summary(description),
        "organisation": mapped.slugs[("organization", org_id)],
        "topics": _topics(mapped, slugs, service, terms),
        "status": STATUS.get(str(service.get("status")), "published"),
    }
    if service.get("status") == "temporarily closed":
        mapped.unmapped.append(
            Unmapped("service", sid, "status", "temporarily closed: imported as published")
        )
    data["eligibility"] = _age_rule(service)
    data["eligibility_summary"] = _text(service.get("eligibility_description"))
    data["cost"], data["free"] = _cost(mapped, service)
    data["languages"] = _languages(mapped, service)
    data["documents"] = _documents(mapped, slugs, service)
    data["channels"] = _channels(service)
    data["service_area"] = _areas(mapped, slugs, service)
    if _text(service.get("assured_date")) and re.match(
        r"^\d{4}-\d\d-\d\d$", service["assured_date"]
    ):
        data["last_reviewed"] = service["assured_date"]
    data["locations"] = _places(mapped, slugs, service)
    data["description"] = description
    mapped.add("services", data["slug"], _clean(data))
    _leftover(mapped, "service", service)


def _summary(description: str) -> str:
    """The first sentence of the description (HSDS has no summary)."""
    first = re.split(r"(?<=[.!?])\s", description.strip(), maxsplit=1)[0]
    return first if len(first) <= 300 else first[:297].rstrip() + "…"


def _topics(
    mapped: Mapped, slugs: Slugs, service: dict[str, Any], terms: dict[str, dict[str, Any]]
) -> list[str]:
    found = []
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or terms.get(attribute.get("taxonomy_term_id") or "")
        if not term or not _text(term.get("name")):
            mapped.unmapped.append(
                Unmapped("attribute", attribute.get("id", "?"), "value", "not a taxonomy term")
            )
            continue
        slug = slugs.get("topics", "taxonomy_term", term["id"], term["name"])
        topic = {"slug": slug, "title": _text(term["name"])}
        if _text(term.get("description")) not in (None, topic["title"]):
            topic["description"] = _text(term["description"])
        mapped.add("topics", slug, topic)
        if slug not in found:
            found.append(slug)
    if not found:
        mapped.add("topics", UNCLASSIFIED["slug"], dict(UNCLASSIFIED))
        mapped.unmapped.append(
            Unmapped(
                "service",
                service["id"],
                "attributes",
                f"no taxonomy term: filed under the topic '{UNCLASSIFIED['slug']}'",
            )
        )
        found.append(UNCLASSIFIED["slug"])
    return found


def _age_rule(service: dict[str, Any]) -> list[dict[str, Any]]:
    bounds = []
    if isinstance(service.get("minimum_age"), int | float):
        bounds.append({">=": [{"var": "age"}, service["minimum_age"]]})
    if isinstance(service.get("maximum_age"), int | float):
        bounds.append({"<=": [{"var": "age"}, service["maximum_age"]]})
    if not bounds:
        return []
    return [{"rule": bounds[0] if len(bounds) == 1 else {"and": bounds}}]


def _cost(mapped: Mapped, service: dict[str, Any]) -> tuple[str | None, bool]:
    options = service.get("cost_options") or []
    parts = []
    for option in options:
        amount = option.get("amount")
        if amount == 0 and not (_text(option.get("option")) or option.get("amount_description")):
            continue  # "free", said by `free`
        text = " ".join(
            t
            for t in (
                f"{_text(option.get('option'))}:" if _text(option.get("option")) else None,
                f"{amount:g}" if isinstance(amount, int | float) else None,
                (_text(option.get("currency")) or "").upper() or None,
                _text(option.get("amount_description")),
            )
            if t
        )
        if text:
            parts.append(text)
        for name in ("valid_from", "valid_to"):
            if option.get(name):
                mapped.unmapped.append(Unmapped("cost_option", option["id"], name))
    free = bool(options) and all(o.get("amount") == 0 for o in options)
    cost = "\n".join(t for t in (_text(service.get("fees_description")), *parts) if t)
    return cost or None, free


def _languages(mapped: Mapped, service: dict[str, Any]) -> list[str]:
    codes = []
    for language in service.get("languages") or []:
        code = (_text(language.get("code")) or "").lower()
        if re.match(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", code):
            if code not in codes:
                codes.append(code)
        else:
            mapped.unmapped.append(
                Unmapped("language", language.get("id", "?"), "code", "no language code")
            )
        if _text(language.get("note")):
            mapped.unmapped.append(Unmapped("language", language.get("id", "?"), "note"))
    return codes


def _documents(mapped: Mapped, slugs: Slugs, service: dict[str, Any]) -> list[str]:
    found = []
    for document in service.get("required_documents") or []:
        name = _text(document.get("document"))
        if not name:
            continue
        slug = slugs.get("documents", "required_document", document["id"], name, limit=60)
        mapped.add("documents", slug, {"slug": slug, "name": name})
        found.append(slug)
        if document.get("uri"):
            mapped.unmapped.append(Unmapped("required_document", document["id"], "uri"))
    return found


def _channels(service: dict[str, Any]) -> list[dict[str, str]]:
    channels = []
    if _text(service.get("url")):
        channels.append({"type": "web", "value": _text(service["url"])})
    if _text(service.get("email")):
        channels.append({"type": "email", "value": _text(service["email"])})
    for phone in service.get("phones") or []:
        if _phone(phone):
            channels.append({"type": "phone", "value": _phone(phone)})
    return channels


def _areas(mapped: Mapped, slugs: Slugs, service: dict[str, Any]) -> list[str]:
    found = []
    for area in service.get("service_areas") or []:
        name = _text(area.get("name")) or _text(area.get("description"))
        if not name:
            continue
        slug = slugs.get("areas", "service_area", area["id"], name, limit=60)
        mapped.add("areas", slug, {"slug": slug, "name": name})
        found.append(slug)
        for extra in ("description", "extent", "extent_type", "uri"):
            if area.get(extra) and not (extra == "description" and name == area[extra]):
                mapped.unmapped.append(Unmapped("service_area", area["id"], extra))
    return found


def _places(mapped: Mapped, slugs: Slugs, service: dict[str, Any]) -> list[dict[str, Any]]:
    """The service at its locations, with hours: the place's own weekly schedules, else the
    service's (HSDS's "when the service is available", here for each place); hours that
    are its location's weekly hours are kept as the location's (`location_hours`)."""
    sals = service.get("service_at_locations") or []
    at_places = {s.get("id") for sal in sals for s in sal.get("schedules") or []}
    general = [s for s in service.get("schedules") or [] if s.get("id") not in at_places]
    places = []
    general_used = False
    for sal in sals:
        location = sal.get("location")
        slug = _location(mapped, slugs, location) if isinstance(location, dict) else None
        if slug is None:
            mapped.unmapped.append(
                Unmapped("service_at_location", sal["id"], "location", "no location to offer it at")
            )
            continue
        place: dict[str, Any] = {"location": slug}
        general_used = general_used or not sal.get("schedules")
        hours = _hours(mapped, sal.get("schedules") or general)
        if hours and hours == _hours(Mapped(), location.get("schedules") or []):
            place["location_hours"] = True  # the location's own hours (as exported)
        elif hours:
            place["hours"] = hours
        places.append(place)
        _leftover(mapped, "service_at_location", sal)
    if general and not general_used:
        reason = (
            "the service's places have schedules of their own"
            if places
            else "the service has no location: the pack keeps hours per location"
        )
        for schedule in general:
            why = _not_weekly(schedule)
            mapped.unmapped.append(
                Unmapped(
                    "schedule", schedule.get("id", "?"), "*", f"{why}; {reason}" if why else reason
                )
            )
    return places
