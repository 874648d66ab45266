"""/healthz tells the truth (issue 8, point 6): 200 only when the database answers, its schema
is at the head migration and a city is loaded; otherwise 503 naming the problem in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from navigator import migrate
from navigator.core import health
from tests.conftest import _base_url, _drop_schema, _fresh

EXCEPTION_WORDS = ("Error", "Exception", "psycopg", "sqlite3", "Traceback")


def healthz(app) -> tuple[int, dict]:  # type: ignore[no-untyped-def, type-arg]
    response = app.test_client().get("/healthz")
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert not any(word in body for word in EXCEPTION_WORDS), body
    return response.status_code, response.json


@pytest.fixture
def empty_url(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A database that exists but holds nothing: no migration ran."""
    url = _fresh(_base_url(tmp_path), tmp_path, "empty")
    if url.startswith("sqlite"):
        import sqlite3

        sqlite3.connect(url.removeprefix("sqlite:///")).close()
    yield url
    _drop_schema(url)


def test_loaded_database_is_healthy(app):
    assert healthz(app) == (200, {"status": "ok", "database": "ok"})


def test_migrated_database_without_a_city(make_app, fresh_database_url):
    status, body = healthz(make_app(DATABASE_URL=fresh_database_url))
    assert status == 503
    assert body == {"status": "error", "problems": ["no city loaded"]}


def test_empty_database(make_app, empty_url):
    status, body = healthz(make_app(DATABASE_URL=empty_url))
    assert status == 503
    assert body["problems"] == ["schema not at the latest migration", "no city loaded"]


def test_database_behind_the_latest_migration(make_app, empty_url):
    migrate.upgrade(empty_url, "0001")
    status, body = healthz(make_app(DATABASE_URL=empty_url))
    assert status == 503
    assert "schema not at the latest migration" in body["problems"]


def test_unreachable_postgresql(make_app):
    app = make_app(DATABASE_URL="postgresql://postgres@127.0.0.1:1/navigator")
    status, body = healthz(app)
    assert status == 503
    assert body == {"status": "error", "problems": ["database unreachable"]}


def test_missing_sqlite_file_is_not_created(make_app, tmp_path):
    path = tmp_path / "gone.db"
    status, body = healthz(make_app(DATABASE_URL=f"sqlite:///{path}"))
    assert status == 503
    assert body == {"status": "error", "problems": ["database file not found"]}
    assert not path.exists()


def test_head_revision_is_read_once_per_process():
    heads = health.head_revisions()
    hits = health.head_revisions.cache_info().hits
    assert heads and health.head_revisions() is heads
    assert health.head_revisions.cache_info().hits == hits + 1


@pytest.mark.parametrize(
    ("url", "missing"),
    [
        ("sqlite://", False),
        ("sqlite:///:memory:", False),
        ("postgresql://db/navigator", False),
        ("sqlite:////no/such/navigator.db", True),
    ],
)
def test_which_urls_count_as_a_missing_file(url, missing):
    assert health.missing_sqlite_file(url) is missing
