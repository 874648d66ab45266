from __future__ import annotations

from flask import Response, g, jsonify, redirect, render_template, url_for
from sqlalchemy import text

from navigator.db import db
from navigator.directory.queries import published_services
from navigator.i18n import active_locales


def root() -> Response:
    return redirect(url_for("directory.home", locale=g.locale), code=302)  # type: ignore[return-value]


def healthz() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:
        return jsonify({"status": "error", "database": type(error).__name__}), 503
    return jsonify({"status": "ok", "database": "ok"}), 200


def sitemap() -> Response:
    services = published_services()
    locales = active_locales()
    xml = render_template("sitemap.xml", services=services, locales=locales)
    return Response(xml, mimetype="application/xml")


def robots() -> Response:
    body = f"User-agent: *\nAllow: /\nSitemap: {url_for('core.sitemap', _external=True)}\n"
    return Response(body, mimetype="text/plain")
