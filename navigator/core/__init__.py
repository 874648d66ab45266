"""Cross-cutting pieces: locale in the URL, security headers, errors, health, sitemap."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from navigator.core import errors, locale, security, templating
    from navigator.core.blueprint import bp

    locale.register(app)
    security.register(app)
    templating.register(app)
    errors.register(app)
    app.register_blueprint(bp)
