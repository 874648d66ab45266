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
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import url_for

from navigator.core.templating import chain, localized
from navigator.directory import queries
from navigator.directory.hours import Slot
from navigator.pathway.catalog import Catalog
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
    and `plan_details.week_text` read from a ServiceAtLocation."""

    name: Localized
    street: str
    postcode: str
    city: str
    slots: tuple[Slot, ...]
    exceptions: tuple[ExceptionDay, ...]
    open_on_holidays: bool
    appointment_only: bool
    walk_in: bool
    week: str = ""


@dataclass(frozen=True)
class DocumentCard:
    id: int
    needed_when: Any
    name: Localized


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


class CardCache:
    """A bounded, thread-safe least-recently-used map of (language chain, service id) →
    card; one per catalog."""

    def __init__(self, size: int = MAX_CARDS) -> None:
        self.size = size
        self._cards: OrderedDict[tuple[tuple[str, ...], int], ServiceCard] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(
        self, languages: tuple[str, ...], ids: Iterable[int]
    ) -> tuple[dict[int, ServiceCard], list[int]]:
        found: dict[int, ServiceCard] = {}
        missing: list[int] = []
        with self._lock:
            for service_id in ids:
                card = self._cards.get((languages, service_id))
                if card is None:
                    missing.append(service_id)
                else:
                    self._cards.move_to_end((languages, service_id))
                    found[service_id] = card
        return found, missing

    def put_many(self, languages: tuple[str, ...], cards: Iterable[ServiceCard]) -> None:
        with self._lock:
            for card in cards:
                self._cards[(languages, card.id)] = card
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)

    def __len__(self) -> int:
        return len(self._cards)


def cards_for(catalog: Catalog, ids: Sequence[int]) -> dict[int, ServiceCard]:
    """{service id: card} for the visible services among `ids`, in the reader's language."""
    cache: CardCache = catalog.extras.setdefault("cards", CardCache())
    languages = chain()
    found, missing = cache.get_many(languages, dict.fromkeys(ids))
    if missing:
        built = [service_card(s) for s in queries.services_by_ids(missing, for_plan=True)]
        cache.put_many(languages, built)
        found.update((card.id, card) for card in built)
    return found


def service_card(service: Any) -> ServiceCard:
    """The card of a service loaded with `queries.services_by_ids(…, for_plan=True)`."""
    links = tuple(contacts(service.channels))
    phones = [c["text"] for c in links if c["href"].startswith("tel:")]
    organisation = service.organisation
    return ServiceCard(
        id=service.id,
        slug=service.slug,
        title=localized(service, "title"),
        summary=localized(service, "summary"),
        cost=localized(service, "cost"),
        open_to_all=bool(service.open_to_all),
        languages=tuple(service.languages or ()),
        places=tuple(_place_card(place) for place in service.locations),
        documents=tuple(
            DocumentCard(d.id, d.needed_when, localized(d, "name")) for d in service.documents
        ),
        contacts=links,
        provider=_provider(organisation),
        phone=phones[0] if phones else (organisation.phone if organisation else "") or "",
    )


def _place_card(place: Any) -> PlaceCard:
    location = place.location
    card = PlaceCard(
        name=localized(location, "name"),
        street=location.street or "",
        postcode=location.postcode or "",
        city=location.city or "",
        slots=tuple(Slot(s.weekday, s.opens, s.closes) for s in place.slots),
        exceptions=tuple(
            ExceptionDay(e.date, bool(e.closed), e.opens, e.closes) for e in place.exceptions
        ),
        open_on_holidays=bool(place.open_on_holidays),
        appointment_only=bool(place.appointment_only),
        walk_in=bool(place.walk_in),
    )
    # The weekly line for print is in the reader's language and does not change by the day.
    return PlaceCard(**{**card.__dict__, "week": week_text(card)})


def _provider(organisation: Any) -> dict[str, Any] | None:
    """Whom to ask about a maybe: the organisation behind the service, if it has a phone."""
    if organisation is None or not organisation.phone:
        return None
    return {
        "name": localized(organisation, "name"),
        "href": url_for("directory.organisation", slug=organisation.slug),
        "phone": organisation.phone,
        "tel": tel_href(organisation.phone),
    }
