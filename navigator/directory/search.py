"""Full-text search over services: SQLite FTS5 or PostgreSQL tsvector, same behaviour.

The index holds one row per (service, locale) with normalised text (see textnorm), so
matching is diacritic- and case-insensitive on both databases. The table is created by the
migration per dialect and is not an ORM model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from navigator.directory.textnorm import normalise, terms

TITLE_WEIGHT = 8.0


def _document(service, locale: str) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    row = service.translations.get(locale)
    if row is None or not row.title:
        return None
    topic_titles = []
    for topic in service.topics:
        topic_row = topic.translations.get(locale)
        if topic_row and topic_row.title:
            topic_titles.append(topic_row.title)
    org_row = service.organisation.translations.get(locale)
    parts = [row.summary, row.description, row.eligibility_summary, *topic_titles]
    if org_row and org_row.name:
        parts.append(org_row.name)
    body = " ".join(part for part in parts if part)
    return normalise(row.title), normalise(body)


def rebuild(session: Session, services: Iterable) -> None:  # type: ignore[type-arg]
    session.execute(text("DELETE FROM search_index"))
    rows = []
    for service in services:
        if service.status != "published":
            continue
        for locale in service.translations:
            document = _document(service, locale)
            if document:
                rows.append(
                    {"sid": service.id, "loc": locale, "title": document[0], "body": document[1]}
                )
    if rows:
        session.execute(
            text(
                "INSERT INTO search_index (service_id, locale, title, body) "
                "VALUES (:sid, :loc, :title, :body)"
            ),
            rows,
        )


def search(session: Session, query: str, locales: Sequence[str], limit: int = 30) -> list[int]:
    """Service ids best first, matching every word (as a prefix) in any of `locales`."""
    words = terms(query)
    if not words:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return _search_postgresql(session, words, locales, limit)
    return _search_sqlite(session, words, locales, limit)


def _search_sqlite(session: Session, words: list[str], locales: Sequence[str], limit: int):  # type: ignore[no-untyped-def]
    # Each word quoted (so FTS5 syntax in input is inert) and matched as a prefix; the
    # locale is part of the full-text match so other languages' rows are never scored.
    words_match = " AND ".join('"{}"*'.format(word.replace('"', "")) for word in words)
    locales_match = " OR ".join(f'"{locale}"' for locale in locales if locale.isalpha())
    match = f"(locale : ({locales_match})) AND ({{title body}} : ({words_match}))"
    statement = text(
        "SELECT service_id, bm25(search_index, 0.0, 0.0, :tw, 1.0) AS score"
        " FROM search_index WHERE search_index MATCH :match"
        " ORDER BY score, service_id LIMIT :limit"
    )
    # FTS5's bm25() cannot sit inside an aggregate, so the best row per service is kept
    # here; one service has at most one row per locale, hence the generous limit.
    result = session.execute(
        statement,
        {
            "match": match,
            "limit": limit * len(locales),
            "tw": TITLE_WEIGHT,
        },
    )
    return list(dict.fromkeys(row[0] for row in result))[:limit]


def _search_postgresql(session: Session, words: list[str], locales: Sequence[str], limit: int):  # type: ignore[no-untyped-def]
    # to_tsquery gets only \w+ words we built ourselves, each as a prefix match.
    tsquery = " & ".join(f"{word}:*" for word in words)
    statement = text(
        "SELECT service_id, MAX(ts_rank(document, to_tsquery('simple', :q), 1)) AS score "
        "FROM search_index WHERE document @@ to_tsquery('simple', :q) AND locale IN :locales "
        "GROUP BY service_id ORDER BY score DESC, service_id LIMIT :limit"
    ).bindparams(bindparam("locales", expanding=True))
    result = session.execute(statement, {"q": tsquery, "locales": list(locales), "limit": limit})
    return [row[0] for row in result]
