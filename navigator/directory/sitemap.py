"""The sitemaps: `/sitemap.xml` is an index of per-locale files `/sitemaps/<locale>-<n>.xml`.

A city of 5,000 services in 12 locales made one 96 MB sitemap that took seconds to render.
Search engines take at most 50,000 URLs (and 50 MB) per file, so each locale gets files of
its own pages (home, urgent help, events, topics, organisations, services, event pages),
each URL with its hreflang alternates. The slugs behind them are read once per content
version and day (the version lives in the database, so every app server agrees); the XML is
joined from path templates made once per request, not a template loop with `url_for` per
alternate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
from dataclasses import dataclass
from html import escape

from flask import Response, abort, current_app, request, url_for
from sqlalchemy import select

from navigator.core import snapshots
from navigator.core.caching import PUBLIC_MAX_AGE
from navigator.core.urls import external_url, public_base
from navigator.db import db
from navigator.directory.models import Organisation, Service, Topic
from navigator.directory.queries import visible
from navigator.events.models import Event
from navigator.i18n import active_locales

#: the sitemaps.org limits for one file
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'
#: pages without a slug, then pages per slug: (endpoint, Entries field)
PLAIN_PAGES = ("directory.home", "directory.urgent", "events.events")
SLUG_PAGES = (
    ("directory.topic", "topics"),
    ("directory.organisation", "organisations"),
    ("directory.service", "services"),
    ("events.event", "events"),
)
#: page kinds whose URLs carry a <lastmod> (the day they were last checked)
DATED = ("services", "events")
SENTINEL = "sitemap-slug-here"


@dataclass(frozen=True)
class Entries:
    """What the sitemaps list, as escaped slugs; services with their review date."""

    key: tuple[int, dt.date]
    topics: tuple[str, ...]
    organisations: tuple[str, ...]
    services: tuple[tuple[str, str | None], ...]
    events: tuple[tuple[str, str | None], ...] = ()

    @property
    def count(self) -> int:
        listed = len(self.topics) + len(self.organisations) + len(self.services)
        return len(PLAIN_PAGES) + listed + len(self.events)

    def longest_slug(self) -> int:
        slugs = [*self.topics, *self.organisations]
        slugs += [s for s, _ in (*self.services, *self.events)]
        return max((len(s) for s in slugs), default=0)


_lock = threading.Lock()
_cache: dict[str, Entries] = {}


def entries() -> Entries:
    """The listed slugs, read again only when the content version or the day changes."""
    today = dt.date.today()  # visibility by valid_from/valid_to, as the pages decide it
    key = (snapshots.version(), today)
    cache_key = str(current_app.config["DATABASE_URL"])
    cached = _cache.get(cache_key)
    if cached is not None and cached.key == key:
        return cached
    with _lock:
        session = db.session
        found = Entries(
            key=key,
            topics=tuple(
                escape(s) for s in session.scalars(select(Topic.slug).order_by(Topic.slug))
            ),
            organisations=tuple(
                escape(s)
                for s in session.scalars(select(Organisation.slug).order_by(Organisation.slug))
            ),
            services=tuple(
                (escape(slug), reviewed.isoformat() if reviewed else None)
                for slug, reviewed in session.execute(
                    select(Service.slug, Service.last_reviewed)
                    .where(visible(today))
                    .order_by(Service.slug)
                )
            ),
            events=tuple(
                (escape(slug), reviewed.isoformat() if reviewed else None)
                for slug, reviewed in session.execute(
                    select(Event.slug, Event.last_reviewed)
                    .where(Event.status == "published")
                    .order_by(Event.slug)
                )
            ),
        )
        _cache[cache_key] = found
    return found


def _braces(text: str) -> str:
    """Literal text inside a str.format template."""
    return text.replace("{", "{{").replace("}", "}}")


class Templates:
    """Per page kind: the <url> element of a slug in one locale, alternates included, as one
    str.format template (`{0}` the slug, `{1}` an optional <lastmod>)."""

    def __init__(self, locales: tuple[str, ...], default: str) -> None:
        base = escape(public_base())
        self.locales = locales
        self.plain: dict[str, list[str]] = {}
        self.slugged: dict[str, dict[str, str]] = {}
        for endpoint in PLAIN_PAGES:
            hrefs = {loc: _braces(base + escape(url_for(endpoint, locale=loc))) for loc in locales}
            self.plain[endpoint] = [
                self._url(loc, hrefs, default).format("", "") for loc in locales
            ]
        for endpoint, field in SLUG_PAGES:
            hrefs = {}
            for loc in locales:
                path = escape(url_for(endpoint, locale=loc, slug=SENTINEL))
                hrefs[loc] = _braces(base + path).replace(SENTINEL, "{0}")
            self.slugged[field] = {loc: self._url(loc, hrefs, default) for loc in locales}

    def _url(self, loc: str, hrefs: dict[str, str], default: str) -> str:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{alt}" href="{hrefs[alt]}"/>'
            for alt in self.locales
        )
        x_default = hrefs.get(default, hrefs[self.locales[0]])
        return (
            f"<url><loc>{hrefs[loc]}</loc>{{1}}{links}"
            f'<xhtml:link rel="alternate" hreflang="x-default" href="{x_default}"/></url>\n'
        )

    def longest(self) -> int:
        """The longest <url> element without its slug and date, for the size limit."""
        return max(len(t) for per in self.slugged.values() for t in per.values())


def _templates() -> Templates:
    config = current_app.config
    return Templates(active_locales(), str(config["DEFAULT_LOCALE"]))


def per_file(found: Entries, templates: Templates) -> int:
    """URLs per file: at most 50,000, and few enough that a file stays under 50 MB."""
    slug_room = (len(templates.locales) + 2) * found.longest_slug() + len("<lastmod/>") * 2 + 10
    room = MAX_BYTES - 1024  # the XML declaration and <urlset> around the URLs
    return max(1, min(MAX_URLS, room // (templates.longest() + slug_room)))


def _files(found: Entries, templates: Templates) -> int:
    return max(1, math.ceil(found.count / per_file(found, templates)))


def _conditional(found: Entries, name: str) -> tuple[str, Response | None]:
    """A weak ETag from what the file is made of; a 304 when the client has it."""
    config = current_app.config
    key = f"{found.key}|{name}|{public_base()}|{active_locales()}|{config['DEFAULT_LOCALE']}"
    etag = hashlib.sha256(key.encode()).hexdigest()[:20]
    if request.if_none_match.contains_weak(etag):
        return etag, _headers(Response(status=304), etag)
    return etag, None


def _headers(response: Response, etag: str) -> Response:
    response.set_etag(etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = PUBLIC_MAX_AGE
    return response


def _xml(body: str, etag: str) -> Response:
    return _headers(Response(body, mimetype="application/xml"), etag)


def index() -> Response:
    found = entries()
    etag, unchanged = _conditional(found, "index")
    if unchanged is not None:
        return unchanged
    files = _files(found, _templates())
    items = "".join(
        f"<sitemap><loc>{escape(external_url('sitemap.part', name=f'{loc}-{n}'))}</loc></sitemap>\n"
        for loc in active_locales()
        for n in range(1, files + 1)
    )
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {XMLNS}>\n{items}</sitemapindex>\n'
    )
    return _xml(body, etag)


def part(name: str) -> Response:
    locale, _dash, number = name.rpartition("-")
    if locale not in active_locales() or not number.isdigit() or number.startswith("0"):
        abort(404)
    found = entries()
    templates = _templates()
    size = per_file(found, templates)
    n = int(number)
    if not 1 <= n <= _files(found, templates):
        abort(404)
    etag, unchanged = _conditional(found, name)
    if unchanged is not None:
        return unchanged
    start, stop = (n - 1) * size, n * size
    body = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {XMLNS} {XHTML}>\n']
    body += _urls(found, templates, locale, start, stop)
    body.append("</urlset>\n")
    return _xml("".join(body), etag)


def _urls(found: Entries, templates: Templates, locale: str, start: int, stop: int) -> list[str]:
    """The <url> elements numbered start..stop-1 of this locale's list."""
    out: list[str] = []
    index = 0
    for endpoint in PLAIN_PAGES:
        if start <= index < stop:
            out.append(templates.plain[endpoint][templates.locales.index(locale)])
        index += 1
    for _endpoint, field in SLUG_PAGES:
        rows = getattr(found, field)
        low, high = max(start - index, 0), max(min(stop - index, len(rows)), 0)
        template = templates.slugged[field][locale].format
        if field in DATED:
            out += [
                template(slug, f"<lastmod>{reviewed}</lastmod>" if reviewed else "")
                for slug, reviewed in rows[low:high]
            ]
        else:
            out += [template(slug, "") for slug in rows[low:high]]
        index += len(rows)
    return out
