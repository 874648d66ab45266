"""The locale lives in the URL (/<locale>/...); pages without one negotiate it."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, g, request

from navigator.i18n import LOCALE_COOKIE, active_locales, negotiate_locale

COOKIE_MAX_AGE = 365 * 24 * 3600
NEGOTIATING = frozenset({"core.root", None})  # None: no route matched (a 404)


def register(app: Flask) -> None:
    @app.url_value_preprocessor
    def pull_locale(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "locale" in values:
            locale = values.pop("locale")
            if locale not in active_locales():
                abort(404)
            g.locale = locale
            g.locale_in_url = True

    @app.url_defaults
    def add_locale(endpoint: str, values: dict[str, Any]) -> None:
        if "locale" in values or not getattr(g, "locale", None):
            return
        if current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
            values["locale"] = g.locale

    @app.before_request
    def default_locale() -> None:
        if not getattr(g, "locale", None):
            g.locale = negotiate_locale()

    @app.after_request
    def remember_locale(response):  # type: ignore[no-untyped-def]
        # Remember the reader's choice so "/" brings them back to their language.
        if getattr(g, "locale_in_url", False) and request.cookies.get(LOCALE_COOKIE) != g.locale:
            response.set_cookie(
                LOCALE_COOKIE,
                g.locale,
                max_age=COOKIE_MAX_AGE,
                samesite="Lax",
                httponly=True,
                secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
            )
        negotiated = request.endpoint in NEGOTIATING or response.status_code >= 400
        if negotiated and not getattr(g, "locale_in_url", False):
            # Only the root redirect and error pages outside /<locale>/ choose by these; the
            # other pages are the same for everyone, so a shared cache keeps one copy.
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response
