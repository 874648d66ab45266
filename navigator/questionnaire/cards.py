"""What a plan step shows of a service, read once per content version and reading language.

A plan's first steps are the same few services for most people (registration, the welcome
centre, health insurance), and turning their database rows into what the page shows was
most of a plan page's time in a 5,000-service city. A card holds plain values (texts already
in the reader's language, the weekly slots, the contact links), so it can be kept between
requests: the cards live on the catalog, which is replaced whenever the content version
changes, so every server follows a content load at its next request. Only what depends on
the moment or on the person is worked out per request: "open now", which documents fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from flask import url_for
from sqlalchemy import select

from navigator.core.lru import LRU
from navigator.core.templating import chain
from navigator.db import db
from navigator.directory import queries
from navigator.directory.hours import Slot
from navigator.directory.models import (
    ContactChannel,
    Document,
    Location,
    LocationException,
    LocationSlot,
    LocationTranslation,
    Organisation,
    OrganisationTranslation,
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
    WeeklySlot,
)
from navigator.directory.models.service import service_document
from navigator.directory.models.taxonomy import DocumentTranslation
from navigator.pathway.catalog import Catalog
from navigator.questionnaire.operations import kept
from navigator.questionnaire.plan_details import contacts, tel_href, week_text
from navigator.translatable import Localized

#: Cards kept per catalog (a service in one reading language each). A plan page shows at most
#: about fifty; twelve languages of the few hundred services most plans start with fit.
MAX_CARDS = 4096


@dataclass(frozen=True)
class ExceptionDay:
    date: dt.date
    closed: bool
    opens: int | None
    closes: int | None


@dataclass(frozen=True)
class PlaceCard:
    """A place where the service is offered. Has the attributes `presenters.opening_text`
    and `plan_details.week_text` read from a ServiceAtLocation (`weekly` and `dated` are the
    hours that apply: the location's own when the place inherits them)."""

    name: Localized
    street: str
    postcode: str
    city: str
    weekly: tuple[Slot, ...]
    dated: tuple[ExceptionDay, ...]
    open_on_holidays: bool
    appointment_only: bool
    walk_in: bool
    week: str = ""


@dataclass(frozen=True)
class DocumentCard:
    id: int
    needed_when: Any
    name: Localized
    position: int = 0


@dataclass(frozen=True)
class ServiceCard:
    id: int
    slug: str
    title: Localized
    summary: Localized
    cost: Localized
    open_to_all: bool
    languages: tuple[str, ...]
    places: tuple[PlaceCard, ...]
    documents: tuple[DocumentCard, ...]
    contacts: tuple[dict[str, str], ...]
    #: whom to ask about a "maybe": the organisation, when it has a phone
    provider: dict[str, Any] | None
    #: the first phone number to call: a tap-to-call channel, else the organisation's
    phone: str


class CardCache(LRU[tuple[tuple[str, ...], int], ServiceCard]):
    """Cards by (language chain, service id); one per catalog."""

    def __init__(self, size: int = MAX_CARDS) -> None:
        super().__init__(size)

    def get_many(
        self, languages: tuple[str, ...], ids: Iterable[int]
    ) -> tuple[dict[int, ServiceCard], list[int]]:
        found: dict[int, ServiceCard] = {}
        missing: list[int] = []
        for service_id in ids:
            card = self.get((languages, service_id))
            if card is None:
                missing.append(service_id)
            else:
                found[service_id] = card
        return found, missing

    def put_many(self, languages: tuple[str, ...], cards: Iterable[ServiceCard]) -> None:
        for card in cards:
            self.put((languages, card.id), card)


def cards_for(catalog: Catalog, ids: Sequence[int]) -> dict[int, ServiceCard]:
    """{service id: card} for the visible services among `ids`, in the reader's language."""
    cache: CardCache = catalog.extras.setdefault("cards", CardCache())
    languages = chain()
    found, missing = cache.get_many(languages, dict.fromkeys(ids))
    if missing:
        built = build_cards(missing, languages)
        cache.put_many(languages, built)
        found.update((card.id, card) for card in built)
    return found


def build_cards(ids: Sequence[int], languages: tuple[str, ...]) -> list[ServiceCard]:
    """Cards for the visible services among `ids`: six plain queries for any number of
    services, and organisations, places and documents from per-version tables (the ORM
    took a dozen queries and ~2 ms a service, the tail of a plan page)."""
    session = db.session
    rows = session.execute(
        select(
            Service.id,
            Service.slug,
            Service.open_to_all,
            Service.languages,
            Service.organisation_id,
        ).where(Service.id.in_(ids), queries.visible())
    ).all()
    ids = [row.id for row in rows]
    if not ids:
        return []
    texts = _texts(
        session.execute(
            select(
                ServiceTranslation.service_id.label("owner"),
                ServiceTranslation.locale,
                ServiceTranslation.title,
                ServiceTranslation.summary,
                ServiceTranslation.cost,
                ServiceTranslation.machine,
            ).where(
                ServiceTranslation.service_id.in_(ids), ServiceTranslation.locale.in_(languages)
            )
        )
    )
    places = _places(session, ids, languages)
    channels: dict[int, list[Any]] = {}
    for channel in session.execute(
        select(ContactChannel.service_id, ContactChannel.type, ContactChannel.value)
        .where(ContactChannel.service_id.in_(ids))
        .order_by(ContactChannel.service_id, ContactChannel.position, ContactChannel.id)
    ):
        channels.setdefault(channel.service_id, []).append(channel)
    documents = _reference("documents", _documents)
    needs: dict[int, list[DocumentCard]] = {}
    for link in session.execute(
        select(service_document.c.service_id, service_document.c.document_id).where(
            service_document.c.service_id.in_(ids)
        )
    ):
        if link.document_id in documents:
            needs.setdefault(link.service_id, []).append(documents[link.document_id])
    organisations = _reference("organisations", _organisations)
    cards = []
    for row in rows:
        links = tuple(contacts(channels.get(row.id, ())))
        phones = [c["text"] for c in links if c["href"].startswith("tel:")]
        organisation = organisations.get(row.organisation_id)
        text = texts.get(row.id, {})
        cards.append(
            ServiceCard(
                id=row.id,
                slug=row.slug,
                title=_localized(text, "title", languages),
                summary=_localized(text, "summary", languages),
                cost=_localized(text, "cost", languages),
                open_to_all=bool(row.open_to_all),
                languages=tuple(row.languages or ()),
                places=tuple(places.get(row.id, ())),
                documents=tuple(sorted(needs.get(row.id, ()), key=lambda d: d.position)),
                contacts=links,
                provider=organisation["provider"] if organisation else None,
                phone=phones[0] if phones else (organisation["phone"] if organisation else ""),
            )
        )
    return cards


def _texts(rows: Iterable[Any]) -> dict[int, dict[str, Any]]:
    """{owner id: {locale: row}} from translation rows labelled `owner`."""
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row.owner, {})[row.locale] = row
    return found


def _localized(rows: dict[str, Any], field: str, languages: tuple[str, ...]) -> Localized:
    """As Translatable.localized: the first language of the chain that has the text."""
    for locale in languages:
        row = rows.get(locale)
        value = getattr(row, field, None) if row is not None else None
        if value:
            return Localized(value, locale, languages[0], bool(getattr(row, "machine", False)))
    return Localized("", languages[-1], languages[0])


def _reference(name: str, build: Any) -> dict[int, Any]:
    return kept(f"cards: {name}", lambda: build(chain()))  # type: ignore[no-any-return]


def _names(model: Any, owner: Any, languages: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    """{owner id: {locale: row with .name}} for a translation model, in `languages`."""
    return _texts(
        db.session.execute(
            select(owner.label("owner"), model.locale, model.name).where(
                model.locale.in_(languages)
            )
        )
    )


def _documents(languages: tuple[str, ...]) -> dict[int, DocumentCard]:
    session = db.session
    names = _names(DocumentTranslation, DocumentTranslation.document_id, languages)
    return {
        d.id: DocumentCard(
            d.id, d.needed_when, _localized(names.get(d.id, {}), "name", languages), d.position
        )
        for d in session.execute(select(Document.id, Document.needed_when, Document.position))
    }


def _organisations(languages: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    session = db.session
    names = _names(OrganisationTranslation, OrganisationTranslation.organisation_id, languages)
    found = {}
    for org in session.execute(select(Organisation.id, Organisation.slug, Organisation.phone)):
        provider = None
        if org.phone:
            provider = {
                "name": _localized(names.get(org.id, {}), "name", languages),
                "href": url_for("directory.organisation", slug=org.slug),
                "phone": org.phone,
                "tel": tel_href(org.phone),
            }
        found[org.id] = {"provider": provider, "phone": org.phone or ""}
    return found


def _locations(languages: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    session = db.session
    names = _names(LocationTranslation, LocationTranslation.location_id, languages)
    return {
        loc.id: {
            "name": _localized(names.get(loc.id, {}), "name", languages),
            "street": loc.street or "",
            "postcode": loc.postcode or "",
            "city": loc.city or "",
        }
        for loc in session.execute(
            select(Location.id, Location.street, Location.postcode, Location.city)
        )
    }


def _places(session: Any, ids: list[int], languages: tuple[str, ...]) -> dict[int, list[PlaceCard]]:
    """{service id: its place cards, in the pack's order}."""
    rows = session.execute(
        select(
            ServiceAtLocation.id,
            ServiceAtLocation.service_id,
            ServiceAtLocation.location_id,
            ServiceAtLocation.appointment_only,
            ServiceAtLocation.walk_in,
            ServiceAtLocation.open_on_holidays,
            ServiceAtLocation.location_hours,
        )
        .where(ServiceAtLocation.service_id.in_(ids))
        .order_by(ServiceAtLocation.service_id, ServiceAtLocation.position, ServiceAtLocation.id)
    ).all()
    if not rows:
        return {}
    slots, days = _hours(
        session, WeeklySlot, ScheduleException, "service_at_location_id", [r.id for r in rows]
    )
    inherited = _reference("location hours", _location_hours)
    locations = _reference("locations", _locations)
    found: dict[int, list[PlaceCard]] = {}
    for row in rows:
        location = locations.get(row.location_id)
        if location is None:
            continue
        place_slots, place_days = (
            inherited.get(row.location_id, ((), ()))
            if row.location_hours
            else (slots.get(row.id, ()), days.get(row.id, ()))
        )
        card = PlaceCard(
            **location,
            weekly=tuple(place_slots),
            dated=tuple(place_days),
            open_on_holidays=bool(row.open_on_holidays),
            appointment_only=bool(row.appointment_only),
            walk_in=bool(row.walk_in),
        )
        # The weekly line for print is in the reader's language and does not change by day.
        found.setdefault(row.service_id, []).append(replace(card, week=week_text(card)))
    return found


def _location_hours(_languages: tuple[str, ...]) -> dict[int, tuple[tuple[Any, ...], ...]]:
    """{location id: (its own weekly slots, its exceptions)}, for the places that inherit them."""
    session = db.session
    ids = list(session.scalars(select(LocationSlot.location_id).distinct()))
    ids += list(session.scalars(select(LocationException.location_id).distinct()))
    slots, days = _hours(session, LocationSlot, LocationException, "location_id", ids)
    return {i: (tuple(slots.get(i, ())), tuple(days.get(i, ()))) for i in set(ids)}


def _hours(
    session: Any, slot_model: Any, exception_model: Any, owner: str, owners: list[int]
) -> tuple[dict[int, list[Slot]], dict[int, list[ExceptionDay]]]:
    """Weekly slots and dated exceptions by owner id (a place, or a location): `owner` is
    the name of both models' column that holds it."""
    slots: dict[int, list[Slot]] = {}
    days: dict[int, list[ExceptionDay]] = {}
    if not owners:
        return slots, days
    slot_owner, day_owner = getattr(slot_model, owner), getattr(exception_model, owner)
    for slot in session.execute(
        select(slot_owner.label("owner"), slot_model.weekday, slot_model.opens, slot_model.closes)
        .where(slot_owner.in_(owners))
        .order_by(slot_model.weekday, slot_model.opens)
    ):
        slots.setdefault(slot.owner, []).append(Slot(slot.weekday, slot.opens, slot.closes))
    for day in session.execute(
        select(
            day_owner.label("owner"),
            exception_model.date,
            exception_model.closed,
            exception_model.opens,
            exception_model.closes,
        )
        .where(day_owner.in_(owners))
        .order_by(exception_model.date)
    ):
        days.setdefault(day.owner, []).append(
            ExceptionDay(day.date, bool(day.closed), day.opens, day.closes)
        )
    return slots, days
