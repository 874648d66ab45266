"""Full-text search over services: SQLite FTS5 or PostgreSQL tsvector, same behaviour.

The index holds one row per (service, locale) with normalised text (see textnorm), so
matching is diacritic- and case-insensitive on both databases. A row holds the service's
title, its keywords (its topics' titles and keywords — the words newcomers type, from the
content pack — and its provider's name) and its body text, weighted in that order. On
PostgreSQL results are ranked by the title and keywords alone (a small vector; scoring the
whole document of every match was most of a search's time), so services that match only in
their description follow, by id. The table is created by the migrations per dialect and is
not an ORM model. When a search finds nothing, `find` retries it with misspelled words
corrected (spelling.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from navigator.directory import spelling
from navigator.directory.textnorm import normalise, terms

TITLE_WEIGHT = 8.0
KEYWORDS_WEIGHT = 4.0


def _topic_words(service, locale: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles and keywords ("Anmeldung, Meldebescheinigung") of the service's topics."""
    words = []
    for topic in service.topics:
        topic_row = topic.translations.get(locale)
        if topic_row:
            words += [part for part in (topic_row.title, topic_row.keywords) if part]
    return words


def _document(service, locale: str) -> tuple[str, str, str] | None:  # type: ignore[no-untyped-def]
    """(title, keywords, body) as written, for one index row; None when the locale has no
    title."""
    row = service.translations.get(locale)
    if row is None or not row.title:
        return None
    keywords = _topic_words(service, locale)
    org_row = service.organisation.translations.get(locale)
    if org_row and org_row.name:
        keywords.append(org_row.name)
    body = [row.summary, row.description, row.eligibility_summary]
    return row.title, " ".join(keywords), " ".join(part for part in body if part)


def _documents(service) -> Iterator[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """(locale, title, keywords, body) rows of a service. A locale the service is not
    translated into still gets a row of its topics' titles and keywords, so a Polish
    reader's "praca" finds every work service, not only the few translated into Polish."""
    for locale in service.translations:
        document = _document(service, locale)
        if document:
            yield locale, *document
    topic_locales = {loc for topic in service.topics for loc in topic.translations}
    for locale in sorted(topic_locales - set(service.translations)):
        words = _topic_words(service, locale)
        if words:
            yield locale, "", " ".join(words), ""


def _rows(services: Iterable) -> tuple[list[dict[str, object]], list[str]]:  # type: ignore[type-arg]
    """Index rows of the published `services`, and each row's text as written."""
    rows, written = [], []
    for service in services:
        if service.status != "published":
            continue
        for locale, title, keywords, body in _documents(service):
            row = {"sid": service.id, "loc": locale, "title": normalise(title)}
            row["keywords"], row["body"] = normalise(keywords), normalise(body)
            rows.append(row)
            written.append(f"{title} {keywords} {body}")
    return rows, written


def _insert(session: Session, rows: list[dict[str, object]]) -> None:
    if rows:
        session.execute(
            text(
                "INSERT INTO search_index (service_id, locale, title, keywords, body) "
                "VALUES (:sid, :loc, :title, :keywords, :body)"
            ),
            rows,
        )


def _vocabulary(rows: list[dict[str, object]], written: list[str]):  # type: ignore[no-untyped-def]
    return (
        (str(row["loc"]), f"{row['title']} {row['keywords']} {row['body']}", raw)
        for row, raw in zip(rows, written, strict=True)
    )


def rebuild(session: Session, services: Iterable) -> None:  # type: ignore[type-arg]
    """Rebuild the index and the spelling vocabulary (spelling.py) from `services`."""
    session.execute(text("DELETE FROM search_index"))
    rows, written = _rows(services)
    _insert(session, rows)
    spelling.build(session, _vocabulary(rows, written))


def update(session: Session, services: Sequence) -> None:  # type: ignore[type-arg]
    """Re-index only `services` (an editor published a change): their rows are replaced and
    their new words join the spelling vocabulary. A word no service uses any more stays in
    the vocabulary until the next full rebuild (a content load); "Did you mean" only offers
    a correction that finds something, so it is never offered for nothing."""
    ids = [service.id for service in services]
    if not ids:
        return
    session.execute(
        text("DELETE FROM search_index WHERE service_id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": ids},
    )
    rows, written = _rows(services)
    _insert(session, rows)
    spelling.add(session, _vocabulary(rows, written))


@dataclass(frozen=True)
class Found:
    ids: list[int]
    #: the query with misspelled words corrected, when `ids` are its results
    corrected: str | None = None


def find(session: Session, query: str, locales: Sequence[str], limit: int = 30) -> Found:
    """`search`, and when it finds nothing, the same search with misspellings corrected."""
    ids = search(session, query, locales, limit)
    if ids:
        return Found(ids)
    corrected = spelling.correct(session, query, locales)
    if corrected:
        better = search(session, corrected, locales, limit)
        if better:
            return Found(better, corrected)
    return Found([])


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
    match = f"(locale : ({locales_match})) AND ({{title keywords body}} : ({words_match}))"
    statement = text(
        "SELECT service_id, bm25(search_index, 0.0, 0.0, :tw, :kw, 1.0) AS score"
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
            "kw": KEYWORDS_WEIGHT,
        },
    )
    return list(dict.fromkeys(row[0] for row in result))[:limit]


def _search_postgresql(session: Session, words: list[str], locales: Sequence[str], limit: int):  # type: ignore[no-untyped-def]
    # to_tsquery gets only \w+ words we built ourselves, each as a prefix match. Matched on
    # the whole document, ranked on the small title-and-keywords vector (weights A and B).
    tsquery = " & ".join(f"{word}:*" for word in words)
    statement = text(
        "SELECT service_id, MAX(ts_rank(head, to_tsquery('simple', :q), 1)) AS score "
        "FROM search_index WHERE document @@ to_tsquery('simple', :q) AND locale IN :locales "
        "GROUP BY service_id ORDER BY score DESC, service_id LIMIT :limit"
    ).bindparams(bindparam("locales", expanding=True))
    result = session.execute(statement, {"q": tsquery, "locales": list(locales), "limit": limit})
    return [row[0] for row in result]
