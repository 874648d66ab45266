"""schema.org JSON-LD for service and organisation pages, so search engines can show a
city's services (issue 12, point 5).

A page carries one `<script type="application/ld+json">` data block: browsers never run it,
so the Content Security Policy stays as it is, and Jinja's `tojson` escapes `<`, `>` and `&`
so no text can close the block. Texts are in the page's locale (with the same fallback as
the page), declared once with `@language` in the context; a text that falls back to another
language says so as a value object (`{"@value": …, "@language": "en"}`).

Services of the city or the state are `GovernmentService`s provided by a
`GovernmentOrganization`; others are `Service`s of an `Organization`. Each place is a
`ServiceChannel` whose `serviceLocation` is a `Place` with its address and weekly hours;
phone, e-mail and website channels are `ServiceChannel`s too. A service at one place also
carries that place's hours as its own `hoursAvailable`.
"""

from __future__ import annotations

from typing import Any

from flask import g

from navigator.core.templating import city_name, localized
from navigator.core.urls import external_url
from navigator.directory.models import Organisation, Service, ServiceAtLocation
from navigator.directory.models.schedule import SlotColumns
from navigator.i18n import language_name

CONTEXT = "https://schema.org"
#: organisation kinds (content pack: city, ngo, state, other) that are public authorities
GOVERNMENT = frozenset({"city", "state"})
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _text(obj: Any, field: str) -> str | dict[str, str]:
    """A content text in the page's locale (the context's `@language`), or, when it falls
    back to another language, a value object saying which."""
    found = localized(obj, field)
    text = str(found or "").strip()
    if found and found.locale != g.locale:
        return {"@value": text, "@language": found.locale}
    return text


def _clock(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}:{rest:02d}" if hours < 24 else "23:59"


def _hours(slots: list[SlotColumns]) -> list[dict[str, Any]]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAYS[slot.weekday]}",
            "opens": _clock(slot.opens),
            "closes": _clock(slot.closes),
        }
        for slot in sorted(slots, key=lambda s: (s.weekday, s.opens))
    ]


def _languages(codes: list[str]) -> list[dict[str, str]]:
    return [
        {"@type": "Language", "name": language_name(code, g.locale), "alternateName": code}
        for code in codes
    ]


def _document(node: dict[str, Any]) -> dict[str, Any]:
    return {"@context": [CONTEXT, {"@language": g.locale}], **node}


def organisation_node(organisation: Organisation) -> dict[str, Any]:
    government = organisation.kind in GOVERNMENT
    node: dict[str, Any] = {
        "@type": "GovernmentOrganization" if government else "Organization",
        "@id": external_url("directory.organisation", locale=g.locale, slug=organisation.slug),
        "name": _text(organisation, "name"),
        "url": external_url("directory.organisation", locale=g.locale, slug=organisation.slug),
    }
    if organisation.website:
        node["sameAs"] = organisation.website
    if organisation.email:
        node["email"] = organisation.email
    if organisation.phone:
        node["telephone"] = organisation.phone
    return node


def organisation_document(organisation: Organisation) -> dict[str, Any]:
    """An organisation page's JSON-LD."""
    node = organisation_node(organisation)
    description = _text(organisation, "description")
    if description:
        node["description"] = description
    node["areaServed"] = {"@type": "City", "name": city_name()}
    return _document(node)


def _place_channel(place: ServiceAtLocation, languages: list[dict[str, str]]) -> dict[str, Any]:
    location = place.location
    where: dict[str, Any] = {
        "@type": "Place",
        "name": _text(location, "name"),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "postalCode": location.postcode,
            "addressLocality": location.city,
        },
    }
    if location.latitude is not None and location.longitude is not None:
        where["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    hours = _hours(list(place.weekly))
    if hours:
        where["openingHoursSpecification"] = hours
    channel: dict[str, Any] = {"@type": "ServiceChannel", "serviceLocation": where}
    if languages:
        channel["availableLanguage"] = languages
    return channel


def _contact_channels(service: Service, languages: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Phone and web channels (schema.org's ServiceChannel has no e-mail: the provider's
    e-mail address is on the provider)."""
    channels = []
    for contact in service.channels:
        if contact.type == "phone":
            point = {"@type": "ContactPoint", "telephone": contact.value}
            channel: dict[str, Any] = {"@type": "ServiceChannel", "servicePhone": point}
        elif contact.type in ("web", "app", "video") and contact.value.startswith("https://"):
            channel = {"@type": "ServiceChannel", "serviceUrl": contact.value}
        else:
            continue
        if languages:
            channel["availableLanguage"] = languages
        channels.append(channel)
    return channels


def service_document(service: Service) -> dict[str, Any]:
    """A service page's JSON-LD."""
    provider = organisation_node(service.organisation)
    government = service.organisation.kind in GOVERNMENT
    url = external_url("directory.service", locale=g.locale, slug=service.slug)
    node: dict[str, Any] = {
        "@type": "GovernmentService" if government else "Service",
        "@id": url,
        "url": url,
        "name": _text(service, "title"),
        "provider": provider,
    }
    summary = _text(service, "summary")
    if summary:
        node["description"] = summary
    if service.areas:
        node["areaServed"] = [
            {"@type": "AdministrativeArea", "name": _text(area, "name")} for area in service.areas
        ]
    else:
        node["areaServed"] = {"@type": "City", "name": city_name()}
    who = _text(service, "eligibility_summary")
    if who:
        node["audience"] = {"@type": "Audience", "audienceType": who}
    if service.topics:
        node["serviceType"] = [_text(topic, "title") for topic in service.topics]
    languages = _languages(list(service.languages or []))
    channels = [_place_channel(place, languages) for place in service.locations]
    channels += _contact_channels(service, languages)
    if channels:
        node["availableChannel"] = channels
    if len(service.locations) == 1:
        hours = _hours(list(service.locations[0].weekly))
        if hours:
            node["hoursAvailable"] = hours
    return _document(node)
