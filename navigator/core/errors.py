"""Translated error pages; JSON errors under /api/.

An error page must never fail itself: when rendering it raises (the database is down, a
template helper breaks), a small static page with the same message is served instead, so
the after_request handlers still add the security headers and the person still reads why.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from navigator.db import db
from navigator.i18n import L_, direction

MESSAGES = {
    400: L_("Something in your request was not right. Please go back and try again."),
    404: L_("We could not find this page. It may have moved or been removed."),
    405: L_("This page cannot be used this way."),
    413: L_("What you sent is too large."),
    429: L_("You sent many requests in a short time. Please wait a minute and try again."),
    500: L_("We are sorry. Please try again in a few minutes."),
}
TITLES = {
    404: L_("Page not found"),
    413: L_("Too large"),
    429: L_("Please wait a moment"),
    500: L_("Something went wrong on our side"),
}
DEFAULT_TITLE = L_("Something went wrong")
DEFAULT_MESSAGE = L_("Please try again.")

FALLBACK = """<!doctype html>
<html lang="{lang}" dir="{dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body><main><h1>{title}</h1><p>{message}</p><p><a href="/">{home}</a></p></main></body>
</html>
"""


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _text(lazy: Any) -> str:
    """The translation, or the English source if translating fails too."""
    try:
        return str(lazy)
    except Exception:
        return str(getattr(lazy, "_args", [lazy])[0])


def _locale() -> str:
    locale = getattr(g, "locale", None)
    return locale if locale in current_app.config["LOCALES"] else "en"


def fallback_page(code: int, title: Any, message: Any) -> Response:
    """A page made without templates, the database or url_for: nothing here can fail."""
    locale = _locale()
    body = FALLBACK.format(
        lang=locale,
        dir=direction(locale),
        title=escape(_text(title)),
        message=escape(_text(message)),
        home=escape(_text(L_("Go to the home page"))),
    )
    return Response(body, status=code, mimetype="text/html")


def error_page(code: int, title: Any, message: Any) -> Response:
    if request_ctx.url_adapter is None:
        # The request was refused before routing (an untrusted Host): no URL can be built.
        return fallback_page(code, title, message)
    try:
        html = render_template(
            "errors/error.html", code=code, title=_text(title), message=_text(message)
        )
    except Exception:
        current_app.logger.exception("the %s page failed; serving the static one", code)
        _rollback()
        return fallback_page(code, title, message)
    return Response(html, status=code, mimetype="text/html")


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # a dead connection must not turn the error page into a crash
        current_app.logger.warning("rollback failed while serving an error page")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        if _wants_json():
            return jsonify({"error": {"code": code, "message": error.description}}), code
        return error_page(
            code, TITLES.get(code, DEFAULT_TITLE), MESSAGES.get(code, DEFAULT_MESSAGE)
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return error_page(
            400,
            L_("This form has expired"),
            L_("For your safety the form has expired. Please go back and try again."),
        )

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):  # type: ignore[no-untyped-def]
        _rollback()
        if _wants_json():
            return jsonify({"error": {"code": 500, "message": "internal error"}}), 500
        return error_page(500, TITLES[500], MESSAGES[500])
