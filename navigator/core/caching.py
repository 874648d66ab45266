"""HTTP caching: personal pages are never stored; public directory pages can be.

A newcomer's questionnaire steps, plans, their redirects and API answers carry
`Cache-Control: no-store`, so no browser, proxy or CDN keeps them. Public directory pages
carry a weak ETag made from the content version (every content change bumps it), the page's
URL and a five-minute window of the clock (pages say "open now"), with a short public
max-age; a matching `If-None-Match` is answered with 304 before the page is rendered.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, g, request

from navigator.db import db
from navigator.pathway.source import content_version

PUBLIC_MAX_AGE = 60  # seconds: a proxy may serve a page this long without asking
CLOCK_WINDOW = 300  # seconds: "open now" on a page is at most this stale
PERSONAL_BLUEPRINTS = frozenset({"questionnaire", "api"})
# Search queries can say more about a person than they would like a shared cache to keep.
PERSONAL_ENDPOINTS = frozenset({"directory.search"})
PUBLIC_BLUEPRINTS = frozenset({"directory"})


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
    key = f"{content_version(db.session)}|{g.get('locale')}|{request.full_path}|{window}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _public_headers(response: Response, etag: str) -> Response:
    response.set_etag(etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = PUBLIC_MAX_AGE
    return response


def register(app: Flask) -> None:
    @app.before_request
    def answer_if_unchanged() -> Response | None:
        if not _public():
            return None
        g.page_etag = page_etag()
        if request.if_none_match.contains_weak(g.page_etag):
            return _public_headers(Response(status=304), g.page_etag)
        return None

    @app.after_request
    def cache_headers(response: Response) -> Response:
        if _personal():
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("ETag", None)
        elif g.get("page_etag") and response.status_code == 200:
            _public_headers(response, g.page_etag)
            if response.headers.get("Set-Cookie"):
                # A language cookie belongs to this reader: shared caches must not keep it.
                response.cache_control.public = False
                response.cache_control.private = True
        return response
