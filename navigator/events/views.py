"""Public event pages and feeds: no login, any language, working without JavaScript."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Response, abort, g, render_template, request

from navigator.core.templating import city_name, localized
from navigator.core.urls import external_url, public_base
from navigator.directory import queries as directory
from navigator.directory.presenters import city_timezone, now
from navigator.events import ical, queries
from navigator.events.occurrences import next_occurrences
from navigator.events.presenters import end_of_week
from navigator.i18n import _

#: dates shown on an event's page
NEXT_DATES = 8
#: a feed lists the events with a date in the next ten years (a yearly festival too)
FEED_HORIZON_DAYS = 3660


def _topic_filter():  # type: ignore[no-untyped-def]
    """The topic of `?topic=<slug>` (404 for an unknown one), or None."""
    slug = request.args.get("topic", "")
    if not slug:
        return None
    found = directory.topic_by_slug(slug[:100])
    if found is None:
        abort(404)
    return found


def events() -> str:
    topic = _topic_filter()
    this_week = request.args.get("when") == "week"
    tz = city_timezone()
    moment = now()
    end = end_of_week(moment, tz) if this_week else moment + dt.timedelta(days=queries.WINDOW_DAYS)
    chosen = queries.in_topic(topic) if topic else queries.published()
    upcoming = queries.upcoming(chosen, moment, end, tz)
    days: dict[dt.date, list[queries.Upcoming]] = {}
    for item in upcoming:
        days.setdefault(item.occurrence.start.date(), []).append(item)
    return render_template(
        "events/list.html",
        days=days,
        topic=topic,
        this_week=this_week,
        topics=directory.top_topics(),
        window_days=queries.WINDOW_DAYS,
    )


def event(slug: str) -> str:
    found = queries.event_by_slug(slug)
    if found is None:
        abort(404)
    tz = city_timezone()
    moment = now()
    recurrence = found.recurrence
    dates = next_occurrences(recurrence, moment, tz, count=NEXT_DATES)
    today = moment.astimezone(tz).date()
    horizon = dates[-1].start.date() if dates else today
    cancelled = [
        day
        for day in recurrence.exdate
        if today <= day <= max(horizon, today + dt.timedelta(days=31))
    ]
    return render_template(
        "events/event.html", event=found, dates=dates, cancelled=sorted(cancelled)
    )


def feed() -> Response:
    """`/<locale>/events.ics[?topic=<slug>]`: the events (of a topic) as an iCalendar feed."""
    topic = _topic_filter()
    chosen = queries.in_topic(topic) if topic else queries.published()
    tz = city_timezone()
    moment = now()
    # Events whose last date has passed are left out; those still to come stay whole.
    current = [
        e
        for e in chosen
        if next_occurrences(e.recurrence, moment, tz, count=1, horizon_days=FEED_HORIZON_DAYS)
    ]
    name = _("Events – %(city)s", city=city_name())
    if topic is not None:
        name = _("Events: %(topic)s – %(city)s", topic=localized(topic, "title"), city=city_name())
    texts = {e.slug: _texts(e) for e in current}
    body = ical.feed(
        current,
        name=str(name),
        tz=tz,
        url_of={e.slug: external_url("events.event", slug=e.slug) for e in current},
        texts=texts,
        stamp=moment,
        domain=urlsplit(public_base()).hostname or "localhost",
        language=g.locale,
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    filename = f"events-{topic.slug}.ics" if topic is not None else "events.ics"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _texts(event) -> dict[str, object]:  # type: ignore[no-untyped-def]
    place = ""
    if event.location is not None:
        loc = event.location
        place = f"{localized(loc, 'name')}, {loc.street}, {loc.postcode} {loc.city}"
    return {
        "title": str(localized(event, "title")),
        "summary": str(localized(event, "summary")),
        "description": str(localized(event, "description")),
        "place": place,
        "organisation": str(localized(event.organisation, "name")),
        "topics": [str(localized(t, "title")) for t in event.topics],
    }
