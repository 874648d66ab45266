from __future__ import annotations

from flask import (
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    send_from_directory,
    url_for,
)

from navigator.core import health
from navigator.core.urls import external_url


def root() -> Response:
    # A relative Location (Werkzeug 3 leaves it so): the client's Host is never echoed back.
    return redirect(url_for("directory.home", locale=g.locale), code=302)  # type: ignore[return-value]


def healthz() -> tuple[Response, int]:
    """200 only when this app can serve its city; otherwise 503 naming what is wrong."""
    found = health.problems()
    if found:
        response, code = jsonify({"status": "error", "problems": found}), 503
    else:
        response, code = jsonify({"status": "ok", "database": "ok"}), 200
    response.headers["Cache-Control"] = "no-store"
    return response, code


FAVICON_MAX_AGE = 7 * 24 * 3600


def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says; a week in caches is plenty."""
    response = send_from_directory(
        str(current_app.static_folder),
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=FAVICON_MAX_AGE,
    )
    response.cache_control.public = True
    return response


def robots() -> Response:
    # From NAVIGATOR_PUBLIC_URL: robots.txt leaves the site, the Host header must not shape it.
    # The back office is not for search engines (its pages also say noindex).
    body = (
        f"User-agent: *\nDisallow: /editor/\nAllow: /\nSitemap: {external_url('sitemap.index')}\n"
    )
    return Response(body, mimetype="text/plain")
