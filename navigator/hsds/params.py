"""The HSDS API's query parameters, each checked with a message in the request's locale:
a bad one is a 400 naming the parameter (`InputError`, `bad_input`)."""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, jsonify, request

from navigator.i18n import _, active_locales, force_locale

MAX_SEARCH = 200
TRUE, FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})


class InputError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def bad_input(error: InputError) -> tuple[Response, int]:
    return jsonify({"error": {"code": 400, "field": error.field, "message": error.message}}), 400


def choose_locale() -> str:
    """`?locale=` (must be one of the deployment's), else Accept-Language, else default."""
    locales = active_locales()
    asked = request.args.get("locale")
    best = request.accept_languages.best_match(locales) or str(current_app.config["DEFAULT_LOCALE"])
    if asked is not None:
        if asked not in locales:
            with force_locale(best):  # the error in the language the client accepts
                message = _("must be one of %(locales)s", locales=", ".join(locales))
            raise InputError("locale", message)
        return asked
    return best


def whole_number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise InputError(
            name, _("must be a whole number from %(low)s to %(high)s", low=low, high=high)
        )
    return value


def flag(name: str) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return False
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise InputError(name, _("must be true or false"))


def output_format() -> str:
    value = request.args.get("format", "json")
    if value not in ("json", "ndjson"):
        raise InputError("format", _("must be json or ndjson"))
    return value


def moment(name: str) -> dt.datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    text = raw.strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=dt.UTC)
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        message = _("must be an RFC 3339 date-time or a date (YYYY-MM-DD)")
        raise InputError(name, message) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def search_text() -> str | None:
    raw = request.args.get("search")
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_SEARCH:
        raise InputError("search", _("must be at most %(count)s characters", count=MAX_SEARCH))
    return raw
