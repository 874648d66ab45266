"""Small plain values read from the content, kept by each server until the content changes.

Every request reads the content version once (`version`, one single-row query, shared by
the catalog, page validators and these snapshots); a value kept under an older version is
built again. A content load through another server bumps the version in the database, so
every server sees it at its next request (issue 8: many servers, one database). Values are
plain (no ORM objects: they outlive the session) and kept per app, so two apps in one
process (tests) never share them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from flask import current_app, g
from sqlalchemy import select

from navigator.db import db

T = TypeVar("T")
EXTENSION = "navigator.snapshots"


def version() -> int:
    """The content version, read once per request."""
    if "content_version" not in g:
        from navigator.pathway.source import content_version

        g.content_version = content_version(db.session)
    return g.content_version  # type: ignore[no-any-return]


def kept(name: str, build: Callable[[], T]) -> T:
    """`build()`, kept until the content version changes."""
    store: dict[str, tuple[int, Any]] = current_app.extensions.setdefault(EXTENSION, {})
    current = version()
    entry = store.get(name)
    if entry is not None and entry[0] == current:
        return entry[1]  # type: ignore[no-any-return]
    value = build()
    store[name] = (current, value)
    return value


class CityFacts(NamedTuple):
    """What every page needs of the city: no translations (those stay on the ORM object)."""

    name: str
    sample: bool
    timezone: str
    source_locale: str


def city_facts() -> CityFacts | None:
    def build() -> CityFacts | None:
        from navigator.directory.models import City

        row = db.session.execute(
            select(City.name, City.sample, City.timezone, City.source_locale).limit(1)
        ).first()
        if row is None:
            return None
        return CityFacts(row.name, bool(row.sample), row.timezone, row.source_locale)

    return kept("city", build)


def holidays() -> frozenset[dt.date]:
    """The city's public holidays (dates only)."""

    def build() -> frozenset[dt.date]:
        from navigator.directory.models import Holiday

        return frozenset(db.session.scalars(select(Holiday.date)))

    return kept("holidays", build)
