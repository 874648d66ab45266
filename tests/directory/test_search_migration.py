"""Migration 0005 moves topic words to their own column without losing what search finds."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from navigator import migrate
from navigator.content.loader import load_pack
from navigator.db import make_engine
from navigator.directory import search
from tests.conftest import DEMO_PACK


def _found(url: str, word: str, locale: str = "fr") -> set[int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            column = "body" if "keywords" not in _columns(conn) else "keywords || ' ' || body"
            query = f"SELECT service_id FROM search_index WHERE locale = :loc AND {column} LIKE :w"
            rows = conn.execute(text(query), {"loc": locale, "w": f"%{word}%"})
            return {row[0] for row in rows}
    finally:
        engine.dispose()


def _columns(conn) -> set[str]:  # type: ignore[no-untyped-def]
    if conn.dialect.name == "sqlite":
        return {row[1] for row in conn.execute(text("PRAGMA table_info(search_index)"))}
    rows = conn.execute(
        text(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'search_index' AND table_schema = current_schema()"
        )
    )
    return {row[0] for row in rows}


def test_topic_words_survive_a_downgrade_and_an_upgrade(fresh_session, fresh_database_url):
    load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    # "logement" is a topic word (French housing keywords), not in every service's text.
    housing = set(search.search(fresh_session, "logement", ["fr"], limit=500))
    assert housing
    fresh_session.close()
    assert _found(fresh_database_url, "logement") == housing

    migrate.downgrade(fresh_database_url, "0004")
    assert _found(fresh_database_url, "logement") == housing  # folded back into the body
    migrate.upgrade(fresh_database_url)
    assert _found(fresh_database_url, "logement") == housing
    engine = make_engine(fresh_database_url)
    try:
        with Session(engine) as session:
            assert set(search.search(session, "logement", ["fr"], limit=500)) == housing
    finally:
        engine.dispose()
