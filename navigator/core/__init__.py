"""Cross-cutting pieces: locale in the URL, security and caching headers, errors, health."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter


class SlugConverter(BaseConverter):
    """Only well-formed slugs reach a query; anything else is a 404 before the database."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class KeyConverter(BaseConverter):
    """A slug, or a fact's or residence status's key (``children_ages``, ``asylum_seeker``):
    the back office names them in URLs too."""

    regex = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"


def register(app: Flask) -> None:
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["key"] = KeyConverter
    from navigator.core import caching, errors, locale, security, templating
    from navigator.core.blueprint import bp

    # after_request handlers run in reverse: caching sees the locale cookie once it is set.
    caching.register(app)
    locale.register(app)
    security.register(app)
    templating.register(app)
    errors.register(app)
    app.register_blueprint(bp)
