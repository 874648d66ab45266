"""The directory as Open Referral HSDS 3.0 objects (with the navigator profile's fields).

Pure functions from the directory's models to plain dicts shaped like HSDS 3.0's schemas
(`navigator/standards/hsds-3.0/schema/`) merged with the navigator profile
(`navigator/standards/navigator-profile/`). The read API serves them; an export writer or
an importer can use the same functions and shapes. Nothing here reads the request: what a
function needs (the locale chain, the city's country, modification times) comes in a
`Context`.

Identifiers. HSDS ids must be UUIDs; the directory names objects by slug. Each id is
`uuid5(NAMESPACE, "<kind>:<key>")` where `kind` is the HSDS object ("service",
"organization", "location", "service_at_location", "taxonomy_term", …) and `key` its slug
(or, for objects that belong to another, the owner's key and its own, e.g.
"address-registration@citizens-office-centre" for a service at a location). The same
content therefore has the same ids on every server and after every reload, and a renamed
slug is a new object. `hsds_id(kind, key)` (ids.py) is the one place ids are made. An
event, published as a service (event_mapping.py), is "event:<slug>"; what it owns is keyed
"event:<slug>" too (`owned_key`). Schedules are made in schedules.py, eligibility in
eligibility.py.

Texts. Translated fields come in the first locale of the chain that has them (requested →
deployment default → source, as on the pages); `text_locales` says, per HSDS field, which
locale its text is in, and `translations` lists every locale the object has text in with
its state (`up_to_date`, `outdated`, `machine`) and whether it is the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from navigator.hsds.eligibility import age_limits as age_limits
from navigator.hsds.eligibility import eligibility_objects as eligibility_objects
from navigator.hsds.ids import NAMESPACE as NAMESPACE
from navigator.hsds.ids import hsds_id as hsds_id
from navigator.hsds.schedules import dated_schedules as dated_schedules
from navigator.hsds.schedules import weekly_schedules as weekly_schedules
from navigator.translatable import Translatable, translation_state

HSDS_VERSION = "3.0"
#: the one taxonomy: the directory's topics (a two-level tree)
TAXONOMY_KEY = "topics"


@dataclass(frozen=True)
class Context:
    """What the mapping needs besides the objects: the locale chain, the city's address
    fields and when objects last changed."""

    #: locales to take texts from, best first (requested, deployment default, source)
    chain: tuple[str, ...]
    #: the locale the content is written in
    source_locale: str = "en"
    #: ISO 3166-1 alpha-2 code of the city's country ("" when unknown)
    country: str = ""
    state_province: str = ""
    #: (kind, slug) → when it was last published; objects not in it fall back to their
    #: own `last_reviewed` date
    modified: Mapping[tuple[str, str], dt.datetime] = field(default_factory=dict)
    #: the taxonomy's name and description in the requested locale
    taxonomy_name: str = "Newcomer Navigator topics"
    taxonomy_description: str = "The topics of the city's newcomer service directory."
    #: a spoken language's name in the requested locale, from its code
    language_name: Any = None
    #: (model class name, id) → [(locale, source revision, machine)] of every translation
    #: row, for objects loaded with only the chain's texts (see `translations`)
    states: Mapping[tuple[str, int], Sequence[tuple[str, int, bool]]] = field(default_factory=dict)
    #: the city's time zone (IANA name): events' schedules are in its local time
    timezone: str = ""
    #: a cancelled date's description (an event's schedule), in the requested locale
    cancelled_text: str = "Cancelled"

    @property
    def locale(self) -> str:
        return self.chain[0]


def _texts(
    obj: Translatable, ctx: Context, fields: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """{hsds field: text} and {hsds field: locale it is in} for the model's `fields`
    ({hsds field: model field}); fields without text in any locale are left out."""
    texts: dict[str, str] = {}
    locales: dict[str, str] = {}
    for hsds_field, model_field in fields.items():
        value = obj.localized(model_field, ctx.chain)
        if value.text:
            texts[hsds_field] = value.text
            locales[hsds_field] = value.locale
    return texts, locales


def translations(obj: Translatable, ctx: Context) -> list[dict[str, Any]]:
    """Every locale the object has text in, with its state ("up_to_date", "outdated",
    "machine") and whether it is the source text. From `ctx.states` when it has the
    object (its texts were loaded for the chain's locales only), else from its rows."""
    rows = ctx.states.get((type(obj).__name__, getattr(obj, "id", 0)))
    if rows is None:
        rows = [(r.locale, r.source_revision, bool(r.machine)) for r in obj.translations.values()]
    return [
        {
            "locale": locale,
            "state": translation_state(obj.revision, source_revision, machine).value,
            "source": locale == ctx.source_locale,
        }
        for locale, source_revision, machine in sorted(rows)
    ]


def _localized(
    obj: Translatable, ctx: Context, fields: Mapping[str, str], required: Sequence[str] = ()
) -> dict[str, Any]:
    texts, locales = _texts(obj, ctx, fields)
    if "description" in required and not texts.get("description") and texts.get("name"):
        # HSDS requires a description (its tables a non-empty one): the name stands in
        # for one never written (an import drops a description that repeats the name)
        texts["description"], locales["description"] = texts["name"], locales["name"]
    for name in required:  # HSDS requires some texts; an untranslated one is empty
        texts.setdefault(name, "")
    return {**texts, "text_locales": locales, "translations": translations(obj, ctx)}


def last_modified(kind: str, obj: Any, ctx: Context) -> str | None:
    """When the object last changed: its last publication in the back office, else the
    day it was last checked (midnight UTC); None when neither is known."""
    when = ctx.modified.get((kind, obj.slug))
    if when is None and getattr(obj, "last_reviewed", None):
        when = dt.datetime.combine(obj.last_reviewed, dt.time(), tzinfo=dt.UTC)
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def phone_object(number: str, key: str, **owner: str) -> dict[str, Any]:
    """A phone number of an organisation or service (`owner`: organization_id=… etc.)."""
    return {"id": hsds_id("phone", key), **owner, "number": number}


def organization_object(organisation: Any, ctx: Context) -> dict[str, Any]:
    org_id = hsds_id("organization", organisation.slug)
    result: dict[str, Any] = {
        "id": org_id,
        **_localized(
            organisation,
            ctx,
            {"name": "name", "description": "description"},
            required=("name", "description"),
        ),
        "legal_status": organisation.kind,
    }
    if organisation.email:
        result["email"] = organisation.email
    if organisation.website:
        result["website"] = organisation.website
    if organisation.phone:
        result["phones"] = [
            phone_object(
                organisation.phone, f"organization:{organisation.slug}", organization_id=org_id
            )
        ]
    return result


#: ISO 3166-1's code for an unknown territory (CLDR's "ZZ"): HSDS requires a country
UNKNOWN_COUNTRY = "ZZ"


def address_object(location: Any, ctx: Context) -> dict[str, Any]:
    """The location's postal address. HSDS requires a state or province and a country:
    the deployment's HSDS_STATE_PROVINCE, else the city itself (a city directory's own
    region); the country of the city's time zone, else "ZZ" (unknown)."""
    return {
        "id": hsds_id("address", location.slug),
        "location_id": hsds_id("location", location.slug),
        "address_1": location.street,
        "city": location.city,
        "state_province": ctx.state_province or location.city,
        "postal_code": location.postcode,
        "country": ctx.country or UNKNOWN_COUNTRY,
        "address_type": "physical",
    }


def location_object(location: Any, ctx: Context, closed_text: str = "Closed") -> dict[str, Any]:
    location_id = hsds_id("location", location.slug)
    texts, locales = _texts(
        location, ctx, {"name": "name", "transportation": "directions", "access": "accessibility"}
    )
    access = texts.pop("access", None)
    access_locale = locales.pop("access", None)
    result: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        **texts,
        "addresses": [address_object(location, ctx)],
        "text_locales": locales,
        "translations": translations(location, ctx),
    }
    if location.latitude is not None and location.longitude is not None:
        result["latitude"] = location.latitude
        result["longitude"] = location.longitude
    if access:
        result["accessibility"] = [
            {
                "id": hsds_id("accessibility", location.slug),
                "location_id": location_id,
                "description": access,
            }
        ]
        result["text_locales"]["accessibility"] = access_locale
    schedules = weekly_schedules(
        location.slots, f"location:{location.slug}", location_id=location_id
    ) + dated_schedules(
        location.exceptions, f"location:{location.slug}", closed_text, location_id=location_id
    )
    if schedules:
        result["schedules"] = schedules
    return result


def service_at_location_object(
    place: Any, service: Any, ctx: Context, closed_text: str = "Closed"
) -> dict[str, Any]:
    """A service at a location, with the location nested and the hours that apply there
    (the location's own when the service keeps them)."""
    key = f"{service.slug}@{place.location.slug}"
    sal_id = hsds_id("service_at_location", key)
    owner = {"service_at_location_id": sal_id}
    return {
        "id": sal_id,
        "service_id": hsds_id("service", service.slug),
        "location_id": hsds_id("location", place.location.slug),
        "schedules": weekly_schedules(place.weekly, f"sal:{key}", **owner)
        + dated_schedules(place.dated, f"sal:{key}", closed_text, **owner),
        "location": location_object(place.location, ctx, closed_text),
        "appointment_only": bool(place.appointment_only),
        "walk_in": bool(place.walk_in),
    }


def taxonomy_object(ctx: Context) -> dict[str, Any]:
    return {
        "id": hsds_id("taxonomy", TAXONOMY_KEY),
        "name": ctx.taxonomy_name,
        "description": ctx.taxonomy_description,
    }


def taxonomy_term_object(
    topic: Any, ctx: Context, parent_slug: str | None = None
) -> dict[str, Any]:
    """A topic as a term of the topics taxonomy (`parent_slug` for a subtopic, given so
    no query is needed)."""
    texts = _localized(
        topic, ctx, {"name": "title", "description": "description"}, ("name", "description")
    )
    result: dict[str, Any] = {
        "id": hsds_id("taxonomy_term", topic.slug),
        "code": topic.slug,
        **texts,
        "taxonomy_id": hsds_id("taxonomy", TAXONOMY_KEY),
        "language": texts["text_locales"].get("name", ctx.locale),
    }
    if parent_slug:
        result["parent_id"] = hsds_id("taxonomy_term", parent_slug)
    return result


def owned_key(slug: str, kind: str = "service") -> str:
    """The key of an object a service (or an event, `kind` "event") owns: its slug, the
    event's prefixed so an event and a service of one slug own different objects."""
    return slug if kind == "service" else f"{kind}:{slug}"


def attribute_object(
    service: Any, topic: Any, ctx: Context, parent: str | None, kind: str = "service"
) -> dict[str, Any]:
    """A service's (or event's) topic: an attribute linking it to the topic's term."""
    return {
        "id": hsds_id("attribute", f"{owned_key(service.slug, kind)}:{topic.slug}"),
        "link_id": hsds_id(kind, service.slug),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": hsds_id("taxonomy_term", topic.slug),
        "taxonomy_term": taxonomy_term_object(topic, ctx, parent),
    }


def language_object(code: str, service: Any, ctx: Context, kind: str = "service") -> dict[str, Any]:
    item = {
        "id": hsds_id("language", f"{owned_key(service.slug, kind)}:{code}"),
        "service_id": hsds_id(kind, service.slug),
        "code": code,
    }
    if ctx.language_name is not None:
        item["name"] = ctx.language_name(code, ctx.locale)
    return item


def required_document_object(document: Any, service: Any, ctx: Context) -> dict[str, Any]:
    texts, locales = _texts(document, ctx, {"document": "name"})
    return {
        "id": hsds_id("required_document", f"{service.slug}:{document.slug}"),
        "service_id": hsds_id("service", service.slug),
        "document": texts.get("document", document.slug),
        "text_locales": locales,
    }


def service_area_object(area: Any, service: Any, ctx: Context) -> dict[str, Any]:
    texts, locales = _texts(area, ctx, {"name": "name"})
    return {
        "id": hsds_id("service_area", f"{service.slug}:{area.slug}"),
        "service_id": hsds_id("service", service.slug),
        "name": texts.get("name", area.slug),
        "text_locales": locales,
    }


def cost_option_object(service: Any, kind: str = "service") -> dict[str, Any] | None:
    """A free service's (or event's) cost option (amount 0); what it costs otherwise is
    in its `fees_description`, not repeated here."""
    if not service.free:
        return None
    return {
        "id": hsds_id("cost_option", owned_key(service.slug, kind)),
        "service_id": hsds_id(kind, service.slug),
        "amount": 0,
    }


def _channel(service: Any, kind: str) -> str | None:
    return next((c.value for c in service.channels if c.type == kind), None)


def service_object(
    service: Any,
    ctx: Context,
    *,
    topic_parents: Mapping[str, str | None] | None = None,
    closed_text: str = "Closed",
    minimal: bool = False,
) -> dict[str, Any]:
    """A published service, fully nested (organisation, locations with hours, topics,
    languages, documents, areas, cost) with the profile's eligibility fields.

    `topic_parents` ({topic slug: parent slug}) names subtopics' parents without a query.
    `minimal`: only the fields HSDS and the profile require, and `last_modified`."""
    service_id = hsds_id("service", service.slug)
    texts = _localized(
        service,
        ctx,
        {
            "name": "title",
            "summary": "summary",
            "description": "description",
            "eligibility_description": "eligibility_summary",
            "fees_description": "cost",
        },
        required=("name",),
    )
    modified = last_modified("services", service, ctx)
    if minimal:
        result = {"id": service_id, "name": texts["name"], "status": "active"}
        if modified:
            result["last_modified"] = modified
        result["text_locales"] = {k: v for k, v in texts["text_locales"].items() if k == "name"}
        result["translations"] = texts["translations"]
        return result
    parents = topic_parents or {}
    result = {
        "id": service_id,
        "organization_id": hsds_id("organization", service.organisation.slug),
        **texts,
        "status": "active",
    }
    url, email = _channel(service, "web"), _channel(service, "email")
    if url:
        result["url"] = url
    if email:
        result["email"] = email
    if service.last_reviewed:
        result["assured_date"] = service.last_reviewed.isoformat()
    if modified:
        result["last_modified"] = modified
    phones = [c for c in service.channels if c.type == "phone"]
    cost = cost_option_object(service)
    result.update(
        {
            "phones": [
                phone_object(c.value, f"service:{service.slug}:{i}", service_id=service_id)
                for i, c in enumerate(phones)
            ],
            "service_areas": [service_area_object(a, service, ctx) for a in service.areas],
            "service_at_locations": [
                service_at_location_object(p, service, ctx, closed_text) for p in service.locations
            ],
            "languages": [language_object(code, service, ctx) for code in service.languages],
            "organization": organization_object(service.organisation, ctx),
            "cost_options": [cost] if cost else [],
            "required_documents": [
                required_document_object(d, service, ctx) for d in service.documents
            ],
            "attributes": [
                attribute_object(service, t, ctx, parents.get(t.slug)) for t in service.topics
            ],
            "open_to_all": bool(service.open_to_all),
            "eligibility": [] if service.open_to_all else eligibility_objects(service),
        }
    )
    if not service.open_to_all:
        result.update(age_limits(list(service.rules)))
    if service.valid_from:
        result["valid_from"] = service.valid_from.isoformat()
    if service.valid_to:
        result["valid_to"] = service.valid_to.isoformat()
    return result


def fact_object(
    spec: Any, row: Any, labels: Sequence[tuple[str, Any]], ctx: Context
) -> dict[str, Any]:
    """A fact of the eligibility vocabulary: what the rules' `{"var": id}` stand for, its
    kind, the options (value and label) and the question that asks it."""
    result: dict[str, Any] = {
        "id": spec.key,
        "kind": spec.kind or "derived",
    }
    text_locales: dict[str, str] = {}
    if row is not None:
        texts, text_locales = _texts(row, ctx, {"question": "question", "subject": "subject"})
        result.update(texts)
    if spec.options:
        result["options"] = [
            {"value": value, "label": str(label), "locale": getattr(label, "locale", ctx.locale)}
            for value, label in labels
        ]
    if spec.minimum is not None:
        result["minimum"] = spec.minimum
    if spec.maximum is not None:
        result["maximum"] = spec.maximum
    result["text_locales"] = text_locales
    return result
