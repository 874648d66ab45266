"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL when
DATABASE_URL is set (CI runs both)."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from navigator import create_app, migrate
from navigator.config import ROOT
from navigator.content.loader import load_pack
from navigator.db import db, make_engine, normalise_url

DEMO_PACK = ROOT / "content" / "demo"
# A Tuesday in winter, 10:30 in Demo City (Europe/Berlin, UTC+1).
FIXED_NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
#: whole HSDS exports kept by this test run only (never files of an earlier run)
NDJSON_DIR = tempfile.mkdtemp(prefix="navigator-test-hsds-")
atexit.register(shutil.rmtree, NDJSON_DIR, ignore_errors=True)


def _base_url(tmp: Path) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'navigator-test.db'}"


def _fresh(url: str, tmp: Path, name: str) -> str:
    """An empty database: a new SQLite file, or a new PostgreSQL schema."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp / (name + '.db')}"
    schema = f"t_{name}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def _drop_schema(url: str) -> None:
    match = re.search(r"search_path%3D(t_\w+)", url)
    if not match:
        return
    engine = create_engine(normalise_url(url.split("?")[0]))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{match.group(1)}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("db")
    url = _fresh(_base_url(tmp), tmp, "app")
    migrate.upgrade(url)
    yield url
    _drop_schema(url)


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database of the same kind as the suite's, for write tests."""
    url = _fresh(_base_url(tmp_path), tmp_path, "fresh")
    migrate.upgrade(url)
    yield url
    _drop_schema(url)


@pytest.fixture
def fresh_session(fresh_database_url: str) -> Iterator[Session]:
    engine = make_engine(fresh_database_url)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def app(database_url: str):  # type: ignore[no-untyped-def]
    application = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "NOW": FIXED_NOW,
            # tests/serving/test_rate_limits.py turns them on; elsewhere they would only
            # make the suite's many requests from one address fail.
            "RATELIMIT_ENABLED": False,
            # Tests change pages without a content load; tests/security/test_page_cache.py
            # turns the per-worker page cache on.
            "PAGE_CACHE_SIZE": 0,
            "HSDS_NDJSON_DIR": NDJSON_DIR,
        }
    )
    with application.app_context():
        load_pack(db.session, DEMO_PACK)
        db.session.commit()
    yield application
    application.extensions["navigator_db"].dispose()


@pytest.fixture
def make_app(database_url: str):  # type: ignore[no-untyped-def]
    """Build extra apps (other settings, other databases); their engines are closed after."""
    made = []

    def build(**overrides):  # type: ignore[no-untyped-def]
        config = {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "NOW": FIXED_NOW,
            # tests/serving/test_rate_limits.py turns them on; elsewhere they would only
            # make the suite's many requests from one address fail.
            "RATELIMIT_ENABLED": False,
            # Tests change pages without a content load; tests/security/test_page_cache.py
            # turns the per-worker page cache on.
            "PAGE_CACHE_SIZE": 0,
            "HSDS_NDJSON_DIR": NDJSON_DIR,
            **overrides,
        }
        application = create_app(config)
        made.append(application)
        return application

    yield build
    for application in made:
        application.extensions["navigator_db"].dispose()


@pytest.fixture
def loaded(make_app, fresh_database_url):  # type: ignore[no-untyped-def]
    """An app on a fresh database of its own with the demo pack loaded (tests that change
    content and must not touch the suite's shared database)."""
    app = make_app(DATABASE_URL=fresh_database_url)
    with app.app_context():
        load_pack(db.session, DEMO_PACK)
        db.session.commit()
    return app


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)
