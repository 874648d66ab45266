"""Reading events for public pages: published events and their upcoming occurrences.

A city has tens of events, not thousands: pages load the published ones (with the reader's
locales of their texts) and expand their recurrences in a bounded window in Python.

Which events a service page lists: those of the same organisation that share a topic with
the service (a library's language café on its language-course page, not on its computer
help page). Topic pages list the events of the topic and its subtopics; organisation pages
their own events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from navigator.core import snapshots
from navigator.db import db
from navigator.directory.models import Location, Organisation, Service, Topic
from navigator.events.models import Event, EventTranslation, event_topic
from navigator.events.occurrences import Occurrence, Recurrence, between, next_occurrences
from navigator.translatable import Localized

#: how far ahead the events list and the feeds look
WINDOW_DAYS = 90
#: upcoming occurrences listed at most on one page
MAX_LISTED = 120


@dataclass(frozen=True)
class Upcoming:
    event: Event
    occurrence: Occurrence


def _options():  # type: ignore[no-untyped-def]
    from navigator.core.templating import chain

    return (
        selectinload(Event.translations.and_(EventTranslation.locale.in_(chain()))),
        selectinload(Event.topics),
    )


def published(*conditions, topics: bool = True) -> Sequence[Event]:  # type: ignore[no-untyped-def]
    options = _options() if topics else _options()[:1]
    return db.session.scalars(
        select(Event)
        .where(Event.status == "published", *conditions)
        .order_by(Event.slug)
        .options(*options)
    ).all()


@dataclass(frozen=True)
class Placement:
    """Where published events are, kept until the content changes: most service, topic and
    organisation pages have none, and then ask the database nothing."""

    #: organisation id -> the topic ids of its published events
    by_organisation: dict[int, frozenset[int]]
    topics: frozenset[int]


def placement() -> Placement:
    def build() -> Placement:
        rows = db.session.execute(
            select(Event.organisation_id, event_topic.c.topic_id)
            .join(event_topic, event_topic.c.event_id == Event.id, isouter=True)
            .where(Event.status == "published")
        ).all()
        by_organisation: dict[int, set[int]] = {}
        for organisation_id, topic_id in rows:
            topics = by_organisation.setdefault(organisation_id, set())
            if topic_id is not None:
                topics.add(topic_id)
        return Placement(
            {key: frozenset(value) for key, value in by_organisation.items()},
            frozenset(t for _o, t in rows if t is not None),
        )

    return snapshots.kept("events.placement", build)


def event_by_slug(slug: str) -> Event | None:
    return db.session.scalars(
        select(Event)
        .where(Event.slug == slug, Event.status == "published")
        .options(selectinload(Event.topics))
    ).first()


def topic_ids(topic: Topic) -> list[int]:
    return [topic.id, *(child.id for child in topic.children)]


def in_topic(topic: Topic) -> Sequence[Event]:
    wanted = topic_ids(topic)
    if not placement().topics.intersection(wanted):
        return []
    ids = select(event_topic.c.event_id).where(event_topic.c.topic_id.in_(wanted))
    return published(Event.id.in_(ids))


def of_organisation(organisation: Organisation) -> Sequence[Event]:
    if organisation.id not in placement().by_organisation:
        return []
    return published(Event.organisation_id == organisation.id)


def for_service(service: Service) -> Sequence[Event]:
    """The same organisation's events that share a topic with the service."""
    ids = [t.id for t in service.topics]
    events_topics = placement().by_organisation.get(service.organisation_id, frozenset())
    if not events_topics.intersection(ids):
        return []
    shared = select(event_topic.c.event_id).where(event_topic.c.topic_id.in_(ids))
    return published(Event.organisation_id == service.organisation_id, Event.id.in_(shared))


def upcoming(
    events: Iterable[Event],
    start: dt.datetime,
    end: dt.datetime,
    tz: dt.tzinfo,
    *,
    limit: int = MAX_LISTED,
) -> list[Upcoming]:
    """Every occurrence of `events` starting in [start, end), earliest first (an occurrence
    under way counts), at most `limit`."""
    found = []
    for event in events:
        recurrence = event.recurrence
        since = start - recurrence.duration
        for occurrence in between(recurrence, since, end, tz, limit=limit):  # type: ignore[arg-type]
            found.append(Upcoming(event, occurrence))
    found.sort(key=lambda item: (item.occurrence.start, item.event.slug))
    return found[:limit]


def next_of_each(
    events: Iterable[Event], now: dt.datetime, tz: dt.tzinfo
) -> list[tuple[Event, Occurrence]]:
    """Each event with its next occurrence (events with none ahead left out), soonest first."""
    pairs = []
    for event in events:
        found = next_occurrences(event.recurrence, now, tz, count=1)  # type: ignore[arg-type]
        if found:
            pairs.append((event, found[0]))
    pairs.sort(key=lambda pair: (pair[1].start, pair[0].slug))
    return pairs


def plan_specs(catalog) -> tuple:  # type: ignore[no-untyped-def]
    """The published events as the plan reads them, kept on the catalog until the content
    changes (no ORM objects: plain, immutable values)."""
    from navigator.events.plan import EventSpec

    specs = catalog.extras.get("events")
    if specs is None:
        rows = db.session.scalars(
            select(Event).where(Event.status == "published").options(selectinload(Event.topics))
        )
        specs = catalog.extras["events"] = tuple(
            EventSpec(e.slug, frozenset(t.slug for t in e.topics), e.open_to_all, e.rule)
            for e in rows
        )
    return specs


@dataclass(frozen=True)
class PlanEvent:
    """What a plan shows of an event: plain values (its texts in the reader's locales, with
    the locale each is in), kept per content version and locales."""

    slug: str
    title: Localized
    place: Localized | None
    registration_required: bool
    open_to_all: bool
    recurrence: Recurrence
    #: how to register ("" when not said), and the place's street, postcode and city, for
    #: the desk's hand-over
    registration: Localized | None = None
    address: str = ""


def plan_events() -> dict[str, PlanEvent]:
    """Every published event as plans show it, for the reader's locales: plans ask the
    database nothing about events until the content changes."""
    from navigator.core.templating import chain

    locales = chain()

    def build() -> dict[str, PlanEvent]:
        return {
            e.slug: PlanEvent(
                e.slug,
                e.localized("title", locales),
                e.location.localized("name", locales) if e.location is not None else None,
                e.registration_required,
                e.open_to_all,
                e.recurrence,
                e.localized("registration", locales),
                _address(e.location),
            )
            for e in published(topics=False)
        }

    return snapshots.kept("events.plan:" + ",".join(locales), build)


def _address(location: Location | None) -> str:
    if location is None:
        return ""
    town = f"{location.postcode} {location.city}".strip()
    return ", ".join(part for part in (location.street, town) if part)
