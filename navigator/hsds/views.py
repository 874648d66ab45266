"""GET /api/v1/hsds/… — the published directory as Open Referral HSDS 3.0 (navigator profile).

Read-only and public: only published, current services and published events (HSDS
services with the profile's `service_kind` "event", event_mapping.py), and the
organisations, locations and topics they use. Texts in the locale of `?locale=` or,
without it, Accept-Language, falling back like the pages (requested → deployment default
→ source); every object says which locale each text is in (`text_locales`). Lists are
paginated HSDS-style (`per_page` at most MAX_PER_PAGE) or, with `format=ndjson`, every
result one object a line (services and services at locations from lines prepared ahead
and kept: exports.py). Filters (`search`, `taxonomy_term_id`, `taxonomy_id`,
`organization_id`, `modified_after`) combine with AND. Answers carry a weak ETag from the
content version (a matching If-None-Match gets 304), may be kept by shared caches for a
minute and read from any origin. Error messages are in the chosen locale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from flask import Response, g, jsonify, request, send_file, stream_with_context
from werkzeug.exceptions import NotFound

from navigator.core import snapshots
from navigator.core.urls import external_url
from navigator.directory import search as directory_search
from navigator.hsds import exports, mapping, params, profile, queries
from navigator.hsds.event_mapping import event_at_location_object
from navigator.i18n import _, fallback_chain, force_locale
from navigator.questionnaire import operations as ops

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
SEARCH_RESULTS = 10_000
MAX_AGE = 60  # seconds a shared cache may keep an answer without asking
NDJSON_BATCH = 100
NDJSON = "application/x-ndjson"
T = TypeVar("T")


# -- request: locale, validators -------------------------------------------------


def today() -> dt.date:
    return ops.today()


def etag() -> str:
    """Changes with the content, the locale, the URL and the day (services start and end)."""
    key = f"{snapshots.version()}|{g.locale}|{request.full_path}|{today().isoformat()}"
    return "hsds-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def before() -> Response | tuple[Response, int] | None:
    """Choose the locale and answer 304 before any work when the client's copy is current."""
    try:
        g.locale = params.choose_locale()
    except params.InputError as error:
        return params.bad_input(error)
    g.pop("locale_chain", None)
    g.hsds_etag = etag()
    if request.if_none_match.contains_weak(g.hsds_etag):
        return _validators(Response(status=304))
    return None


def _validators(response: Response) -> Response:
    response.set_etag(g.hsds_etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.vary.add("Accept-Language")
    return response


def after(response: Response) -> Response:
    if response.status_code == 200 and g.get("hsds_etag"):
        _validators(response)
    return response


def _context() -> mapping.Context:
    return queries.context(g.locale, today())


def _closed() -> str:
    return _("Closed all day")


# -- paging --------------------------------------------------------------------------------


def _page(items: Sequence[Any], build: Callable[[Sequence[Any]], list[dict[str, Any]]]) -> Response:
    """An HSDS page of `items` (made into objects by `build`, one page at a time), or all
    of them as NDJSON."""
    if params.output_format() == "ndjson":
        return _ndjson(items, build)
    page = params.whole_number("page", 1, 1, MAX_PAGE)
    per_page = params.whole_number("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = len(items)
    pages = math.ceil(total / per_page)
    shown = items[(page - 1) * per_page : page * per_page]
    contents = build(shown)
    return jsonify(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": total == 0,
            "contents": contents,
        }
    )


def _ndjson(
    items: Sequence[Any], build: Callable[[Sequence[Any]], list[dict[str, Any]]]
) -> Response:
    locale = g.locale

    def lines() -> Iterator[str]:
        with force_locale(locale):
            for start in range(0, len(items), NDJSON_BATCH):
                for item in build(items[start : start + NDJSON_BATCH]):
                    yield json.dumps(item, ensure_ascii=False) + "\n"

    return Response(stream_with_context(lines()), mimetype="application/x-ndjson")


def _whole(kind: str) -> tuple[Sequence[Any], Callable[[Any], str], Callable[[Any], Any], Any]:
    """A whole export's items (every published, current one), each one's HSDS id, the
    service it belongs to, and what makes them into objects."""
    entries = queries.index(today()).entries
    if kind == "service_at_locations":
        places = [(e, slug) for e in entries for slug in e.locations]
        return places, _place_key, _place_entry, _place_objects
    minimal = kind == "services-minimal"

    def build(shown: Sequence[queries.Entry]) -> list[dict[str, Any]]:
        return _service_objects(shown, minimal)

    return entries, _uuid, _itself, build


def _kept(kind: str) -> exports.Prepared:
    items, key, entry, build = _whole(kind)
    return exports.prepared(kind, g.locale, today().isoformat(), items, key, entry, build)


def _prepared(kind: str, chosen: Sequence[T], key: Callable[[T], str]) -> Response:
    """`chosen` (some of the whole export `kind`, in their order) as NDJSON from the lines
    prepared per content version, day and locale (exports.py)."""
    kept = _kept(kind)
    keys = [key(item) for item in chosen]
    if kept.whole and tuple(keys) == kept.order and "wsgi.file_wrapper" in request.environ:
        # the whole set, by a server that sends files itself (sendfile): the file as it is,
        # opened now, so a newer version's clean-up cannot take it away
        return send_file(
            kept.whole.open("rb"), mimetype=NDJSON, conditional=False, etag=False, max_age=None
        )
    return Response(exports.stream(kept, keys), mimetype=NDJSON)


def prepare(locale: str) -> None:
    """Prepare every whole export in `locale` (`flask content prepare-hsds`; needs a
    request context)."""
    g.locale = locale
    with force_locale(locale):
        for kind in exports.KINDS:
            _kept(kind)


def _answer(view: Callable[[], Response]) -> Response | tuple[Response, int]:
    try:
        with force_locale(g.locale):
            return view()
    except params.InputError as error:
        return params.bad_input(error)


# -- filters -------------------------------------------------------------------------------


def _matching_services() -> list[queries.Entry]:
    """Published services passing every filter given (AND), by slug or by search rank."""
    idx = queries.index(today())
    entries: Iterable[queries.Entry] = idx.entries
    term = request.args.get("taxonomy_term_id")
    if term is not None:
        slug = idx.topics_by_uuid.get(term)
        wanted = {slug} | {c for c, p in idx.topic_parent.items() if p == slug} if slug else set()
        entries = [e for e in entries if e.topics & wanted]
    taxonomy = request.args.get("taxonomy_id")
    if taxonomy is not None:
        ours = taxonomy == mapping.hsds_id("taxonomy", mapping.TAXONOMY_KEY)
        entries = [e for e in entries if ours and e.topics]
    organisation = request.args.get("organization_id")
    if organisation is not None:
        slug = idx.organisations.get(organisation)
        entries = [e for e in entries if e.organisation == slug]
    after_moment = params.moment("modified_after")
    if after_moment is not None:
        entries = [e for e in entries if e.modified is not None and e.modified >= after_moment]
    result = list(entries)
    query = params.search_text()
    if query is not None:
        from navigator.db import db

        locales = tuple(dict.fromkeys((g.locale, *fallback_chain(g.locale))))
        # The site's one index (directory/search.py): services ranked, then events ranked.
        found: list[queries.Entry] = []
        for kind in ("service", queries.EVENT):
            ranked = directory_search.search(db.session, query, locales, SEARCH_RESULTS, kind=kind)
            rank = {item_id: i for i, item_id in enumerate(ranked)}
            found += sorted(
                (e for e in result if e.kind == kind and e.id in rank), key=lambda e: rank[e.id]
            )
        result = found
    return result


def _service_objects(
    entries: Sequence[queries.Entry], minimal: bool = False
) -> list[dict[str, Any]]:
    """The HSDS services of `entries`, services and events alike (pages, NDJSON lines)."""
    parents = queries.index(today()).topic_parent
    return queries.service_objects(entries, _context(), parents, _closed(), minimal)


# -- views ---------------------------------------------------------------------------------


def root() -> Response:
    return jsonify(
        {
            "version": mapping.HSDS_VERSION,
            "profile": external_url("hsds.profile_document"),
            "openapi_url": external_url("api.openapi"),
        }
    )


def services() -> Response | tuple[Response, int]:
    def view() -> Response:
        minimal = params.flag("minimal")
        matching = _matching_services()

        def build(shown: Sequence[queries.Entry]) -> list[dict[str, Any]]:
            return _service_objects(shown, minimal)

        if params.output_format() == "ndjson":
            return _prepared("services-minimal" if minimal else "services", matching, _uuid)
        return _page(matching, build)

    return _answer(view)


def _uuid(entry: queries.Entry) -> str:
    return entry.uuid


def _itself(entry: queries.Entry) -> queries.Entry:
    return entry


def _place_entry(place: tuple[queries.Entry, str]) -> queries.Entry:
    return place[0]


def _place_key(place: tuple[queries.Entry, str]) -> str:
    return mapping.hsds_id("service_at_location", queries.place_key(*place))


def service(id: str) -> Response | tuple[Response, int]:
    def view() -> Response:
        entry = queries.index(today()).by_uuid.get(id)
        if entry is None:
            raise NotFound(_("No published service or event has this id."))
        return jsonify(_service_objects([entry])[0])

    return _answer(view)


def _organisation_slugs() -> list[str]:
    return sorted({e.organisation for e in queries.index(today()).entries})


def _organisation_objects(slugs: Sequence[str]) -> list[dict[str, Any]]:
    ctx = _context()
    return [mapping.organization_object(o, ctx) for o in queries.organisations(slugs)]


def organizations() -> Response | tuple[Response, int]:
    def view() -> Response:
        slugs = _organisation_slugs()
        query = params.search_text()
        if query is not None:
            found = {e.organisation for e in _matching_services()}
            ctx = _context()
            needle = query.casefold()
            slugs = [
                o.slug
                for o in queries.organisations(slugs)
                if o.slug in found or needle in o.localized("name", ctx.chain).text.casefold()
            ]
        return _page(slugs, _organisation_objects)

    return _answer(view)


def organization(id: str) -> Response | tuple[Response, int]:
    def view() -> Response:
        slug = queries.index(today()).organisations.get(id)
        if slug is None:
            raise NotFound(_("No organization with published services or events has this id."))
        return jsonify(_organisation_objects([slug])[0])

    return _answer(view)


def _place_objects(places: Sequence[tuple[queries.Entry, str]]) -> list[dict[str, Any]]:
    """Services (and events) at locations; an event has one place, with its location."""
    ctx = _context()
    ids = list(dict.fromkeys(e.id for e, _ in places if e.kind != queries.EVENT))
    loaded = {s.id: s for s in queries.services(ids, ctx.chain)}
    event_ids = list(dict.fromkeys(e.id for e, _ in places if e.kind == queries.EVENT))
    events = {e.id: e for e in queries.events(event_ids, ctx.chain)}
    result = []
    for entry, location_slug in places:
        if entry.kind == queries.EVENT:
            event = events.get(entry.id)
            if event is not None and event.location is not None:
                result.append(event_at_location_object(event, ctx, _closed()))
            continue
        service = loaded.get(entry.id)
        place = next(
            (p for p in (service.locations if service else []) if p.location.slug == location_slug),
            None,
        )
        if service is not None and place is not None:
            result.append(mapping.service_at_location_object(place, service, ctx, _closed()))
    return result


def service_at_locations() -> Response | tuple[Response, int]:
    def view() -> Response:
        places = [(e, slug) for e in _matching_services() for slug in e.locations]
        if params.output_format() == "ndjson":
            return _prepared("service_at_locations", places, _place_key)
        return _page(places, _place_objects)

    return _answer(view)


def service_at_location(id: str) -> Response | tuple[Response, int]:
    def view() -> Response:
        place = queries.index(today()).places.get(id)
        if place is None:
            raise NotFound(_("No published service or event at a location has this id."))
        return jsonify(_place_objects([place])[0])

    return _answer(view)


def taxonomies() -> Response | tuple[Response, int]:
    return _answer(
        lambda: _page(
            [mapping.TAXONOMY_KEY], lambda s: [mapping.taxonomy_object(_context()) for _ in s]
        )
    )


def taxonomy(id: str) -> Response | tuple[Response, int]:
    def view() -> Response:
        if id != mapping.hsds_id("taxonomy", mapping.TAXONOMY_KEY):
            raise NotFound(_("No taxonomy has this id."))
        return jsonify(mapping.taxonomy_object(_context()))

    return _answer(view)


def _term_objects(slugs: Sequence[str]) -> list[dict[str, Any]]:
    ctx = _context()
    parents = queries.index(today()).topic_parent
    return [
        mapping.taxonomy_term_object(t, ctx, parents.get(t.slug)) for t in queries.topics(slugs)
    ]


def taxonomy_terms() -> Response | tuple[Response, int]:
    def view() -> Response:
        idx = queries.index(today())
        slugs = list(idx.topic_parent)
        taxonomy_id = request.args.get("taxonomy_id")
        if taxonomy_id is not None and taxonomy_id != mapping.hsds_id(
            "taxonomy", mapping.TAXONOMY_KEY
        ):
            slugs = []
        if params.flag("top_only"):
            slugs = [s for s in slugs if idx.topic_parent[s] is None]
        parent_id = request.args.get("parent_id")
        if parent_id is not None:
            parent = idx.topics_by_uuid.get(parent_id)
            slugs = [s for s in slugs if parent is not None and idx.topic_parent[s] == parent]
        query = params.search_text()
        if query is not None:
            ctx = _context()
            needle = query.casefold()
            slugs = [
                t.slug
                for t in queries.topics(slugs)
                if any(
                    needle in t.localized(f, ctx.chain).text.casefold()
                    for f in ("title", "keywords")
                )
            ]
        return _page(slugs, _term_objects)

    return _answer(view)


def taxonomy_term(id: str) -> Response | tuple[Response, int]:
    def view() -> Response:
        slug = queries.index(today()).topics_by_uuid.get(id)
        if slug is None:
            raise NotFound(_("No taxonomy term has this id."))
        return jsonify(_term_objects([slug])[0])

    return _answer(view)


def facts() -> Response | tuple[Response, int]:
    """The facts vocabulary: what each `{"var": …}` in an eligibility rule stands for."""

    def view() -> Response:
        ctx = _context()
        catalog = ops.catalog()
        contents = []
        for spec in sorted(catalog.facts.values(), key=lambda f: (f.position, f.key)):
            labels = ops.choices(spec) if spec.options else []
            contents.append(mapping.fact_object(spec, ops.fact_row(spec.key), labels, ctx))
        return jsonify({"locale": g.locale, "contents": contents})

    return _answer(view)


def profile_document() -> Response:
    names = sorted(profile.merged_schemas())
    return jsonify(
        {
            "uri": external_url("hsds.profile_document"),
            "name": profile.PROFILE_NAME,
            "hsds_version": mapping.HSDS_VERSION,
            "description": (
                "JSON Merge Patches (RFC 7386) over the HSDS 3.0 schemas: eligibility rules "
                "in JSON Logic with their reference and validity dates, open_to_all, the "
                "facts vocabulary, per-field text locales and translation states, and events "
                "published as services (service_kind) with their dates as schedules."
            ),
            "schemas": {n: external_url("hsds.profile_schema", name=n) for n in names},
            "patches": {"schema": profile.patches(), "openapi": profile.openapi_patch()},
        }
    )


def profile_schema(name: str) -> Response:
    base = external_url("hsds.profile_schema", name="x")[: -len("x.json")]
    schemas = profile.merged_schemas(base)
    if name not in schemas:
        with force_locale(g.locale):
            raise NotFound(_("No schema of this name."))
    response = jsonify(schemas[name])
    response.mimetype = "application/schema+json"
    return response
