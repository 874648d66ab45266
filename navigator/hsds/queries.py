"""What the HSDS API reads: a small index of the published directory (kept per content
version) to filter and page by, and the full objects of one page loaded in bulk (a fixed
number of queries, whatever the page size)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel.core import get_global
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload, selectinload

from navigator.core import snapshots
from navigator.db import db
from navigator.directory.models import (
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
    Topic,
)
from navigator.directory.models.service import service_topic
from navigator.directory.queries import visible
from navigator.events.models import Event, EventTranslation, event_topic
from navigator.hsds import mapping
from navigator.hsds.event_mapping import KIND as EVENT
from navigator.hsds.event_mapping import event_object, event_place_key
from navigator.hsds.mapping import hsds_id


@dataclass(frozen=True)
class Entry:
    """One published, current service, or one published event (`kind` "event", published
    as a service), as the filters need it."""

    id: int
    slug: str
    uuid: str
    organisation: str
    topics: frozenset[str]
    #: slugs of its locations, in order
    locations: tuple[str, ...]
    #: its last publication in the back office, else its last check (midnight UTC)
    modified: dt.datetime | None
    #: "service" or "event" (`id` is the row's id in that kind's table)
    kind: str = "service"


@dataclass(frozen=True)
class Index:
    entries: tuple[Entry, ...]  # services by slug, then events by slug
    by_uuid: dict[str, Entry]
    #: service at location uuid → (service entry, location slug)
    places: dict[str, tuple[Entry, str]]
    organisations: dict[str, str]  # uuid → slug, organisations with a published service
    #: topic slug → parent slug (None at the top), in the topics' order
    topic_parent: dict[str, str | None]
    topics_by_uuid: dict[str, str]
    #: ("services" or "events", slug) → last published in the back office
    modified: dict[tuple[str, str], dt.datetime]


def _published_at() -> dict[tuple[str, str], dt.datetime]:
    from navigator.editor.models import Revision

    rows = db.session.execute(
        select(Revision.kind, Revision.key, func.max(Revision.published_at))
        .where(Revision.published_at.is_not(None))
        .group_by(Revision.kind, Revision.key)
    )
    result = {}
    for kind, key, when in rows:
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        result[(kind, key)] = when
    return result


def _when(published: dt.datetime | None, reviewed: dt.date | None) -> dt.datetime | None:
    if published is None and reviewed is not None:
        return dt.datetime.combine(reviewed, dt.time(), tzinfo=dt.UTC)
    return published


def _topics_of(links: Any, ids: list[int]) -> dict[int, set[str]]:
    """id -> its topics' slugs, from a link table (`service_topic`, `event_topic`). The
    topics' slugs are read once and matched here: SQLite joined the two by scanning the
    link table and looking each topic up (95 ms for 9,000 links beside 5 ms)."""
    slug_of = dict(db.session.execute(select(Topic.id, Topic.slug)).all())
    owner, topic = links.c[0], links.c[1]
    found: dict[int, set[str]] = {i: set() for i in ids}
    for owner_id, topic_id in db.session.execute(select(owner, topic)):
        if owner_id in found:
            found[owner_id].add(slug_of[topic_id])
    return found


def _event_entries(modified: dict[tuple[str, str], dt.datetime]) -> list[Entry]:
    """Published events, by slug, as services of the HSDS API."""
    rows = db.session.execute(
        select(Event.id, Event.slug, Organisation.slug, Location.slug, Event.last_reviewed)
        .join(Organisation, Event.organisation_id == Organisation.id)
        .join(Location, Event.location_id == Location.id, isouter=True)
        .where(Event.status == "published")
        .order_by(Event.slug)
    ).all()
    topics = _topics_of(event_topic, [row[0] for row in rows])
    return [
        Entry(
            event_id,
            slug,
            hsds_id(EVENT, slug),
            organisation,
            frozenset(topics[event_id]),
            (location,) if location else (),
            _when(modified.get(("events", slug)), reviewed),
            EVENT,
        )
        for event_id, slug, organisation, location, reviewed in rows
    ]


def place_key(entry: Entry, location_slug: str) -> str:
    """The key of a service's (or an event's) place's HSDS id."""
    if entry.kind == EVENT:
        return event_place_key(entry.slug, location_slug)
    return f"{entry.slug}@{location_slug}"


def _build(today: dt.date) -> Index:
    modified = _published_at()
    services = db.session.execute(
        select(Service.id, Service.slug, Organisation.slug, Service.last_reviewed)
        .join(Organisation, Service.organisation_id == Organisation.id)
        .where(visible(today))
        .order_by(Service.slug)
    ).all()
    ids = [row[0] for row in services]
    topics = _topics_of(service_topic, ids)
    places: dict[int, list[str]] = {i: [] for i in ids}
    for service_id, slug in db.session.execute(
        select(ServiceAtLocation.service_id, Location.slug)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .order_by(ServiceAtLocation.service_id, ServiceAtLocation.position)
    ):
        if service_id in places:
            places[service_id].append(slug)
    entries = []
    for service_id, slug, organisation, reviewed in services:
        entries.append(
            Entry(
                service_id,
                slug,
                hsds_id("service", slug),
                organisation,
                frozenset(topics[service_id]),
                tuple(places[service_id]),
                _when(modified.get(("services", slug)), reviewed),
            )
        )
    entries += _event_entries(modified)
    topic_rows = db.session.execute(
        select(Topic.id, Topic.slug, Topic.parent_id).order_by(Topic.position, Topic.slug)
    ).all()
    slug_of = {row[0]: row[1] for row in topic_rows}
    top = [r for r in topic_rows if r[2] is None]
    children = [r for r in topic_rows if r[2] is not None]
    topic_parent: dict[str, str | None] = {}
    for row in top:
        topic_parent[row[1]] = None
        for child in children:
            if child[2] == row[0]:
                topic_parent[child[1]] = row[1]
    for row in children:  # a subtopic of a subtopic, should one exist
        topic_parent.setdefault(row[1], slug_of.get(row[2]))
    return Index(
        entries=tuple(entries),
        by_uuid={e.uuid: e for e in entries},
        places={
            hsds_id("service_at_location", place_key(e, place)): (e, place)
            for e in entries
            for place in e.locations
        },
        organisations={hsds_id("organization", e.organisation): e.organisation for e in entries},
        topic_parent=topic_parent,
        topics_by_uuid={hsds_id("taxonomy_term", slug): slug for slug in topic_parent},
        modified=modified,
    )


def index(today: dt.date) -> Index:
    """The index, built once per content version and day (services start and end)."""
    return snapshots.kept(f"hsds.index.{today.isoformat()}", lambda: _build(today))


def _full_options():  # type: ignore[no-untyped-def]
    place = selectinload(Service.locations)
    location = place.joinedload(ServiceAtLocation.location)
    return (
        selectinload(Service.topics),
        selectinload(Service.documents),
        selectinload(Service.areas),
        selectinload(Service.channels),
        place.selectinload(ServiceAtLocation.slots),
        place.selectinload(ServiceAtLocation.exceptions),
        location.selectinload(Location.slots),
        location.selectinload(Location.exceptions),
        location.selectinload(Location.translations),
    )


def services(ids: Sequence[int], chain: Sequence[str], minimal: bool = False) -> list[Service]:
    """Services with everything a full HSDS object needs (`minimal`: only their texts), in
    the order of `ids`. Only the texts of the `chain`'s locales are loaded: a service's
    descriptions in twelve languages cost more than the rest of the page; the states of
    every translation come from `translation_states`."""
    if not ids:
        return []
    texts = selectinload(Service.translations.and_(ServiceTranslation.locale.in_(chain)))
    options = (
        (lazyload(Service.organisation), lazyload(Service.rules)) if minimal else _full_options()
    )
    return _in_order(Service, ids, (texts, *options))


def _in_order(model: Any, ids: Sequence[int], options: Sequence[Any]) -> list[Any]:
    """Rows of `model` with these `ids`, loaded afresh with `options`, in the ids' order."""
    found = {
        row.id: row
        for row in db.session.scalars(
            select(model)
            .where(model.id.in_(ids))
            .options(*options)
            .execution_options(populate_existing=True)
        )
    }
    return [found[i] for i in ids if i in found]


def translation_states(
    owner: str, column: Any, ids: Sequence[int]
) -> dict[tuple[str, int], list[tuple[str, int, bool]]]:
    """(owner, id) → every translation row's (locale, source revision, machine), for the
    owners `ids` of a translation table (`column`: its owner's id, e.g.
    `ServiceTranslation.service_id`)."""
    rows = column.class_
    states: dict[tuple[str, int], list[tuple[str, int, bool]]] = {(owner, i): [] for i in ids}
    for owner_id, locale, revision, machine in db.session.execute(
        select(column, rows.locale, rows.source_revision, rows.machine).where(column.in_(ids))
    ):
        states[(owner, owner_id)].append((locale, revision, bool(machine)))
    return states


def events(ids: Sequence[int], chain: Sequence[str], minimal: bool = False) -> list[Event]:
    """Events with what a full HSDS object needs (`minimal`: only their texts), in the
    order of `ids`, with the texts of the `chain`'s locales only (as `services`)."""
    if not ids:
        return []
    texts = selectinload(Event.translations.and_(EventTranslation.locale.in_(chain)))
    if minimal:
        options = (lazyload(Event.organisation), lazyload(Event.location))
    else:
        location = selectinload(Event.location)
        options = (
            selectinload(Event.topics),
            location.selectinload(Location.slots),
            location.selectinload(Location.exceptions),
            location.selectinload(Location.translations),
        )
    return _in_order(Event, ids, (texts, *options))


def service_objects(
    entries: Sequence[Entry],
    ctx: mapping.Context,
    topic_parents: dict[str, str | None],
    closed_text: str,
    minimal: bool = False,
) -> list[dict[str, Any]]:
    """The HSDS services of `entries` (services and events), in their order, loaded in
    bulk: the API's pages and NDJSON lines and the export all make them here."""
    import dataclasses

    service_ids = [e.id for e in entries if e.kind != EVENT]
    event_ids = [e.id for e in entries if e.kind == EVENT]
    states = {
        **translation_states("Service", ServiceTranslation.service_id, service_ids),
        **translation_states("Event", EventTranslation.event_id, event_ids),
    }
    ctx = dataclasses.replace(ctx, states=states)
    made: dict[tuple[str, int], dict[str, Any]] = {}
    for s in services(service_ids, ctx.chain, minimal):
        made[("service", s.id)] = mapping.service_object(
            s, ctx, topic_parents=topic_parents, closed_text=closed_text, minimal=minimal
        )
    for e in events(event_ids, ctx.chain, minimal):
        made[(EVENT, e.id)] = event_object(
            e, ctx, topic_parents=topic_parents, closed_text=closed_text, minimal=minimal
        )
    return [made[(e.kind, e.id)] for e in entries if (e.kind, e.id) in made]


def organisations(slugs: Sequence[str]) -> list[Organisation]:
    if not slugs:
        return []
    found = {
        o.slug: o
        for o in db.session.scalars(select(Organisation).where(Organisation.slug.in_(slugs)))
    }
    return [found[s] for s in slugs if s in found]


def topics(slugs: Sequence[str]) -> list[Topic]:
    if not slugs:
        return []
    found = {t.slug: t for t in db.session.scalars(select(Topic).where(Topic.slug.in_(slugs)))}
    return [found[s] for s in slugs if s in found]


def context(locale: str, today: dt.date) -> mapping.Context:
    """What the mapping needs for texts in `locale` on `today`, for the API and the export
    alike (call it with `locale` in force: the taxonomy's name is translated)."""
    from navigator.i18n import _, fallback_chain, language_name

    city = snapshots.city_facts()
    source = city.source_locale if city else str(current_app.config["SOURCE_LOCALE"])
    timezone = (city.timezone if city else "") or str(current_app.config.get("TIMEZONE") or "")
    country = str(get_global("zone_territories").get(timezone, "")) if timezone else ""
    return mapping.Context(
        chain=fallback_chain(locale),
        source_locale=source,
        country=country,
        state_province=str(current_app.config.get("HSDS_STATE_PROVINCE") or ""),
        modified=index(today).modified,
        taxonomy_name=_("Newcomer Navigator topics"),
        taxonomy_description=_("The topics of the city's directory of services for newcomers."),
        language_name=language_name,
        timezone=timezone,
        cancelled_text=_("Cancelled"),
    )


#: how many services an export loads at a time (their relationships in bulk, per batch)
EXPORT_BATCH = 500


def publication_objects(locale: str) -> dict[str, list[dict[str, Any]]]:
    """The published directory as an HSDS publication in `locale`: every published, current
    service and every published event as the API's `/services/{id}` answers it, the
    organisations with published services or events, the taxonomy and every topic as its
    terms (as `/organizations`, `/taxonomies` and `/taxonomy_terms` list them). Needs an
    app context; the services' relationships are loaded in bulk, a batch at a time."""
    from navigator.i18n import _, force_locale
    from navigator.questionnaire.operations import today

    day = today()
    idx = index(day)
    with force_locale(locale):
        ctx = context(locale, day)
        closed = _("Closed all day")
    made = []
    entries = idx.entries
    for start in range(0, len(entries), EXPORT_BATCH):
        batch = entries[start : start + EXPORT_BATCH]
        made += service_objects(batch, ctx, idx.topic_parent, closed)
    owners = sorted({e.organisation for e in entries})
    return {
        "services": made,
        "organizations": [mapping.organization_object(o, ctx) for o in organisations(owners)],
        "taxonomies": [mapping.taxonomy_object(ctx)],
        "taxonomy_terms": [
            mapping.taxonomy_term_object(t, ctx, idx.topic_parent.get(t.slug))
            for t in topics(list(idx.topic_parent))
        ],
    }
