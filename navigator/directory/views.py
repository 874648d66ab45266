"""Public directory pages: no login, any language, working without JavaScript."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, current_app, g, render_template, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from navigator.core.templating import chain
from navigator.db import db
from navigator.directory import queries, structured_data
from navigator.directory import search as search_index
from navigator.directory.models import EmergencyNumber, Service
from navigator.directory.presenters import (
    city_timezone,
    exception_text,
    now,
    opening_text,
    weekly_rows,
)
from navigator.events import queries as events
from navigator.events.models import Event
from navigator.events.occurrences import Occurrence
from navigator.feedback import operations as feedback
from navigator.feedback.pages import search_key

MAX_QUERY_LENGTH = 200
STALE_AFTER_DAYS = 365
#: upcoming events shown on a service, topic or organisation page
EVENTS_ON_PAGE = 5


def _page() -> int:
    page = request.args.get("page", "1")
    # isascii: "²".isdigit() is true but int("²") fails.
    return int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 10_000 else 1


def home() -> str:
    return render_template(
        "directory/home.html", topics=queries.top_topics(), urgent=queries.urgent_topic()
    )


def topic(slug: str) -> str:
    found = queries.topic_by_slug(slug)
    if found is None:
        abort(404)
    page = _page()
    services, total = queries.services_in_topic(found, page)
    return render_template(
        "directory/topic.html",
        events=_next_events(events.in_topic(found)),
        topic=found,
        services=services,
        total=total,
        page=page,
        page_size=queries.PAGE_SIZE,
    )


def service(slug: str) -> str:
    found = queries.service_by_slug(slug)
    if found is None:
        abort(404)
    today = now().astimezone(city_timezone()).date()
    places = [
        {
            "place": place,
            "opening": opening_text(place),
            "week": weekly_rows(place),
            "exceptions": [exception_text(e) for e in queries.upcoming_exceptions(place, today)],
        }
        for place in found.locations
    ]
    stale = bool(found.last_reviewed and (today - found.last_reviewed).days > STALE_AFTER_DAYS)
    return render_template(
        "directory/service.html",
        service=found,
        places=places,
        stale=stale,
        structured_data=structured_data.service_document(found),
        events=_next_events(events.for_service(found)),
    )


def organisation(slug: str) -> str:
    found = queries.organisation_by_slug(slug)
    if found is None:
        abort(404)
    services = queries.organisation_services(found)
    return render_template(
        "directory/organisation.html",
        organisation=found,
        services=services,
        structured_data=structured_data.organisation_document(found),
        events=_next_events(events.of_organisation(found)),
    )


def _next_events(found):  # type: ignore[no-untyped-def]
    """Each event with its next date, soonest first (a few: events are listed in full on
    /<locale>/events)."""
    return events.next_of_each(found, now(), city_timezone())[:EVENTS_ON_PAGE]


def urgent() -> str:
    topic_found = queries.urgent_topic()
    services = queries.services_in_topic(topic_found)[0] if topic_found else []
    numbers = db.session.scalars(select(EmergencyNumber).order_by(EmergencyNumber.position)).all()
    openings = {s.id: [opening_text(place) for place in s.locations] for s in services}
    return render_template(
        "directory/urgent.html",
        topic=topic_found,
        services=services,
        numbers=numbers,
        openings=openings,
    )


def search() -> str:
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH].strip()
    results: Sequence[Service] = []
    found_events: list[tuple[Event, Occurrence]] = []
    corrected = None
    if query:
        source = chain()[-1]
        locales = tuple(dict.fromkeys((g.locale, source)))
        # Events are looked for only where some are published (most searches: none).
        any_events = bool(events.placement().by_organisation)
        found = search_index.find(db.session, query, locales, events=any_events)
        results, corrected = queries.services_by_ids(found.ids), found.corrected
        found_events = _upcoming_by_rank(found.event_ids)
    help_now = {}
    if query and not results and not found_events:  # never a dead end: urgent help, topics
        _count_zero_result(query)
        help_now = {
            "topics": queries.top_topics(),
            "numbers": db.session.scalars(
                select(EmergencyNumber).order_by(EmergencyNumber.position)
            ).all(),
        }
    return render_template(
        "directory/search.html",
        query=query,
        results=results,
        events=found_events,
        corrected=corrected,
        **help_now,
    )


def _upcoming_by_rank(ids: Sequence[int]) -> list[tuple[Event, Occurrence]]:
    """The found events that have a date ahead, each with its next date, best match first
    (a few: the rest are on /<locale>/events)."""
    if not ids:
        return []
    rank = {event_id: position for position, event_id in enumerate(ids)}
    found = events.published(Event.id.in_(ids), topics=False)  # a card shows no topics
    pairs = events.next_of_each(found, now(), city_timezone())
    return sorted(pairs, key=lambda pair: rank[pair[0].id])[:EVENTS_ON_PAGE]


def _count_zero_result(query: str) -> None:
    """Count a search that found nothing (a content gap), by its normalised words only.
    Kept apart from the page: the count is committed at once, and a database that refuses
    it costs the count, never the reader's results page."""
    key = search_key(query)
    if not key:
        return
    today = now().astimezone(city_timezone()).date()
    try:
        feedback.record_zero_result(db.session, query=key, locale=g.locale, day=today)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("a search that found nothing could not be counted")
