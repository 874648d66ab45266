"""Absolute URLs from the configured public address, never from the request's Host header.

Share links, QR codes, sitemaps and robots.txt leave the site: a forged Host header must not
put another site's address in them. `NAVIGATOR_PUBLIC_URL` (e.g. https://navigator.example.org)
says where the city serves the app.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def public_base() -> str:
    return str(current_app.config["PUBLIC_URL"]).rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    """`url_for(endpoint, **values)` as an absolute URL under the public address."""
    return public_base() + url_for(endpoint, **values)
