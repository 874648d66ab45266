"""What /healthz checks: a load balancer sends traffic only to an app that can serve a city.

Healthy means the database answers, its schema is at the code's head migration and a city
is loaded. Problems are named in words; exception classes and messages go to the log only
(they can name hosts, users and paths).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url

from navigator.config import ROOT
from navigator.db import db, normalise_url

UNREACHABLE = "database unreachable"
MISSING_FILE = "database file not found"
BEHIND = "schema not at the latest migration"
NO_CITY = "no city loaded"


@cache
def head_revisions() -> frozenset[str]:
    """The code's head migration(s), read once per process (the code does not change)."""
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def missing_sqlite_file(url: str) -> bool:
    """True for a SQLite URL whose file does not exist: connecting would create an empty one."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    return not Path(database).exists()


def problems() -> list[str]:
    """What stops this app from serving a city; empty when healthy."""
    if missing_sqlite_file(str(current_app.config["DATABASE_URL"])):
        return [MISSING_FILE]
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            found = []
            if not _at_head(conn):
                found.append(BEHIND)
            if not _city_loaded(conn):
                found.append(NO_CITY)
            return found
    except Exception:
        current_app.logger.warning("healthz: the database did not answer", exc_info=True)
        return [UNREACHABLE]


def _at_head(conn: Connection) -> bool:
    current = MigrationContext.configure(conn).get_current_heads()
    return frozenset(current) == head_revisions()


def _city_loaded(conn: Connection) -> bool:
    if not inspect(conn).has_table("city"):
        return False
    return conn.execute(text("SELECT 1 FROM city LIMIT 1")).first() is not None
