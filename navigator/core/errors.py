"""Translated error pages; JSON errors under /api/."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from navigator.db import db
from navigator.i18n import _


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        if _wants_json():
            return jsonify({"error": {"code": code, "message": error.description}}), code
        messages = {
            400: _("Something in your request was not right. Please go back and try again."),
            404: _("We could not find this page. It may have moved or been removed."),
            405: _("This page cannot be used this way."),
            413: _("What you sent is too large."),
            429: _("You sent many requests in a short time. Please wait a minute and try again."),
        }
        titles = {404: _("Page not found"), 413: _("Too large"), 429: _("Please wait a moment")}
        return (
            render_template(
                "errors/error.html",
                code=code,
                title=titles.get(code, _("Something went wrong")),
                message=messages.get(code, _("Please try again.")),
            ),
            code,
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return (
            render_template(
                "errors/error.html",
                code=400,
                title=_("This form has expired"),
                message=_("For your safety the form has expired. Please go back and try again."),
            ),
            400,
        )

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        if _wants_json():
            return jsonify({"error": {"code": 500, "message": "internal error"}}), 500
        return (
            render_template(
                "errors/error.html",
                code=500,
                title=_("Something went wrong on our side"),
                message=_("We are sorry. Please try again in a few minutes."),
            ),
            500,
        )
