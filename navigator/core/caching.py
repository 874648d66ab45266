"""HTTP caching: personal pages are never stored; public directory pages can be.

A newcomer's questionnaire steps, plans, their redirects and API answers carry
`Cache-Control: no-store`, so no browser, proxy or CDN keeps them. Public directory pages
carry a weak ETag made from the content version (every content change bumps it), the page's
URL and a five-minute window of the clock (pages say "open now"), with a short public
max-age; a matching `If-None-Match` is answered with 304 before the page is rendered.

Each worker also keeps the pages it rendered, by that same ETag: what a proxy in front
would keep, for a city that runs none (a service page costs ~20 ms to render at 5,000
services, a kept one well under 1 ms). Only for readers without a session (a session can
carry a pending message or a form token), and never a page that starts one.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, current_app, g, request

from navigator.core import snapshots
from navigator.core.lru import LRU

PUBLIC_MAX_AGE = 60  # seconds: a proxy may serve a page this long without asking
CLOCK_WINDOW = 300  # seconds: "open now" on a page is at most this stale
PERSONAL_BLUEPRINTS = frozenset({"questionnaire", "api"})
# Search queries can say more about a person than they would like a shared cache to keep.
PERSONAL_ENDPOINTS = frozenset({"directory.search"})
PUBLIC_BLUEPRINTS = frozenset({"directory", "events"})


def _anonymous() -> bool:
    return current_app.config["SESSION_COOKIE_NAME"] not in request.cookies


def _personal() -> bool:
    return request.blueprint in PERSONAL_BLUEPRINTS or request.endpoint in PERSONAL_ENDPOINTS


def _public() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.blueprint in PUBLIC_BLUEPRINTS
        and request.endpoint not in PERSONAL_ENDPOINTS
    )


def page_etag() -> str:
    from navigator.directory.presenters import now

    window = int(now().timestamp()) // CLOCK_WINDOW
    key = f"{snapshots.version()}|{g.get('locale')}|{request.full_path}|{window}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _public_headers(response: Response, etag: str) -> Response:
    response.set_etag(etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = PUBLIC_MAX_AGE
    return response


def _keep(response: Response) -> None:
    """Keep a rendered public page for the next anonymous reader of the same ETag."""
    cookie = current_app.config["SESSION_COOKIE_NAME"]
    starts_session = any(
        value.startswith(cookie + "=") for value in response.headers.getlist("Set-Cookie")
    )
    if (
        not current_app.extensions["navigator.pages"].size
        or g.get("page_kept")
        or request.method != "GET"
        or not _anonymous()
        or starts_session
        or response.direct_passthrough
        or response.is_streamed
    ):
        return
    current_app.extensions["navigator.pages"].put(
        g.page_etag, (response.get_data(), response.mimetype or "text/html")
    )


def register(app: Flask) -> None:
    # Rendered pages by ETag: (body, mimetype).
    app.extensions["navigator.pages"] = LRU[str, tuple[bytes, str]](
        int(app.config.get("PAGE_CACHE_SIZE") or 0)
    )

    def pages_of_app() -> LRU[str, tuple[bytes, str]]:
        return app.extensions["navigator.pages"]  # type: ignore[no-any-return]

    @app.before_request
    def answer_if_unchanged() -> Response | None:
        if not _public():
            return None
        g.page_etag = page_etag()
        if request.if_none_match.contains_weak(g.page_etag):
            return _public_headers(Response(status=304), g.page_etag)
        if request.method == "GET" and _anonymous() and pages_of_app().size:
            kept = pages_of_app().get(g.page_etag)
            if kept is not None:
                g.page_kept = True
                return Response(kept[0], mimetype=kept[1])
        return None

    @app.after_request
    def cache_headers(response: Response) -> Response:
        if _personal():
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("ETag", None)
        elif g.get("page_etag") and response.status_code == 200:
            _public_headers(response, g.page_etag)
            _keep(response)
            if response.headers.get("Set-Cookie"):
                # A language cookie belongs to this reader: shared caches must not keep it.
                response.cache_control.public = False
                response.cache_control.private = True
        return response
