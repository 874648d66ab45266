"""SQL and full-text-search metacharacters in a search are plain text: 200, no error, no
damage (SQLite FTS5 and PostgreSQL tsquery alike)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from navigator.db import db
from navigator.directory.models import Service

HOSTILE_QUERIES = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE service; --',
    "'; DROP TABLE search_index; --",
    "1; DELETE FROM service",
    "%",
    "%%",
    "_",
    "\\",
    "\\'",
    "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "title:x",
    "title:language",
    "{title body}: x",
    "a AND",
    "AND",
    "OR OR OR",
    "NOT",
    "a OR",
    '"',
    '"unbalanced',
    "'unbalanced",
    "(",
    ")",
    "a & b | !c",
    "a:* & !",
    "<->",
    "!!",
    "^",
    "-language",
    "+language",
    "language*",
    "\x00",
    "a\x00b",
    "café\u0301",
    "\u200b",
    "ﷺ",
    "𝔩𝔞𝔫𝔤𝔲𝔞𝔤𝔢",
    "ǅ",
    "٣٤٥",
    "a" * 10_000,
    "language " * 1_500,
    ("x' OR '1'='1 " * 800),
]


def _counts(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        services = db.session.scalar(select(func.count()).select_from(Service))
        indexed = db.session.scalar(text("SELECT count(*) FROM search_index"))
        db.session.rollback()
    return services, indexed


@pytest.fixture(scope="module")
def baseline(app):  # type: ignore[no-untyped-def]
    services, indexed = _counts(app)
    assert services >= 40 and indexed >= 40
    return services, indexed


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=lambda q: repr(q[:20]))
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_hostile_search_is_harmless(app, baseline, query, locale):
    client = app.test_client()
    response = client.get(f"/{locale}/search", query_string={"q": query})
    assert response.status_code == 200
    assert _counts(app) == baseline
    # The search still works afterwards.
    after = client.get("/en/search", query_string={"q": "language"}).get_data(as_text=True)
    assert "/en/services/language-cafe" in after


def test_search_in_a_raw_query_string_is_harmless(app, baseline):
    client = app.test_client()
    for raw in ["q=%27%20OR%201%3D1%20--", "q=%00", "q=%ff%fe", "q=a&q=b", "q[]=x", "q=%E2%80"]:
        response = client.get(f"/en/search?{raw}")
        assert response.status_code == 200, raw
    assert _counts(app) == baseline


def test_metacharacters_do_not_change_what_a_word_finds(app):
    client = app.test_client()
    plain = client.get("/en/search", query_string={"q": "language"}).get_data(as_text=True)
    for noisy in [
        '"language',
        "language*",
        "(language)",
        "language --",
        "'language';",
        "language%",
    ]:
        html = client.get("/en/search", query_string={"q": noisy}).get_data(as_text=True)
        found = {line for line in html.splitlines() if "/en/services/" in line}
        assert found == {line for line in plain.splitlines() if "/en/services/" in line}, noisy


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=60))
def test_any_search_text_gives_a_page(app, query):
    response = app.test_client().get("/en/search", query_string={"q": query})
    assert response.status_code == 200
