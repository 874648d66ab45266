"""Full-text search over services and events: SQLite FTS5 or PostgreSQL tsvector, same
behaviour.

The index holds one row per (service, locale) with normalised text (see textnorm), so
matching is diacritic- and case-insensitive on both databases. A row holds the service's
title, its keywords (its topics' titles and keywords — the words newcomers type, from the
content pack — and its provider's name) and its body text, weighted in that order. On
PostgreSQL results are ranked by the title and keywords alone (a small vector; scoring the
whole document of every match was most of a search's time), so services that match only in
their description follow, by id. The table is created by the migrations per dialect and is
not an ORM model. When a search finds nothing, `find` retries it with misspelled words
corrected (spelling.py).

Published events have rows of the same shape (title; topic words and organiser's name;
summary, description and who it is for), told apart by `event_id` (and on SQLite the
indexed `kind` column): a search asks for one kind, so service results are never crowded
out by events, and asking for the few events reads only their rows (migration 0015).
Whether an event still has a date ahead is the page's question, not the index's: rows stay
until the event is unpublished. The HSDS API's `search` uses the same index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from navigator.directory import spelling
from navigator.directory.textnorm import normalise, terms

TITLE_WEIGHT = 8.0
KEYWORDS_WEIGHT = 4.0


def _topic_words(obj, locale: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles and keywords ("Anmeldung, Meldebescheinigung") of a service's or an event's
    topics."""
    words = []
    for topic in obj.topics:
        topic_row = topic.translations.get(locale)
        if topic_row:
            words += [part for part in (topic_row.title, topic_row.keywords) if part]
    return words


#: the texts of a row's body (a service's and an event's alike)
BODY_FIELDS = ("summary", "description", "eligibility_summary")


def _document(obj, locale: str) -> tuple[str, str, str] | None:  # type: ignore[no-untyped-def]
    """(title, keywords, body) as written, for one index row of a service or an event; None
    when the locale has no title."""
    row = obj.translations.get(locale)
    if row is None or not row.title:
        return None
    keywords = _topic_words(obj, locale)
    org_row = obj.organisation.translations.get(locale)
    if org_row and org_row.name:
        keywords.append(org_row.name)
    body = [getattr(row, name) for name in BODY_FIELDS]
    return row.title, " ".join(keywords), " ".join(part for part in body if part)


def _documents(obj) -> Iterator[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """(locale, title, keywords, body) rows of a service or an event. A locale it is not
    translated into still gets a row of its topics' titles and keywords, so a Polish
    reader's "praca" finds every work service, not only the few translated into Polish."""
    for locale in obj.translations:
        document = _document(obj, locale)
        if document:
            yield locale, *document
    topic_locales = {loc for topic in obj.topics for loc in topic.translations}
    for locale in sorted(topic_locales - set(obj.translations)):
        words = _topic_words(obj, locale)
        if words:
            yield locale, "", " ".join(words), ""


def _rows(items: Iterable, kind: str) -> tuple[list[dict[str, Any]], list[str]]:  # type: ignore[type-arg]
    """Index rows of the published services or events `items`, and each row's text as
    written."""
    rows, written = [], []
    for item in items:
        if item.status != "published":
            continue
        ids = {"sid": item.id, "eid": None} if kind == "service" else {"sid": None, "eid": item.id}
        for locale, title, keywords, body in _documents(item):
            row = {**ids, "kind": kind, "loc": locale, "title": normalise(title)}
            row["keywords"], row["body"] = normalise(keywords), normalise(body)
            rows.append(row)
            written.append(f"{title} {keywords} {body}")
    return rows, written


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = ["service_id", "event_id", "locale", "title", "keywords", "body"]
    values = [":sid", ":eid", ":loc", ":title", ":keywords", ":body"]
    if session.get_bind().dialect.name == "sqlite":  # only its full-text table has `kind`
        columns.append("kind")
        values.append(":kind")
    session.execute(
        text(f"INSERT INTO search_index ({', '.join(columns)}) VALUES ({', '.join(values)})"),  # noqa: S608 - our column names
        rows,
    )


def _vocabulary(rows: list[dict[str, Any]], written: list[str]):  # type: ignore[no-untyped-def]
    return (
        (str(row["loc"]), f"{row['title']} {row['keywords']} {row['body']}", raw)
        for row, raw in zip(rows, written, strict=True)
    )


def rebuild(session: Session, services: Iterable, events: Iterable | None = None) -> None:  # type: ignore[type-arg]
    """Rebuild the index and the spelling vocabulary (spelling.py) from `services` and
    `events` (None: every event in the database; a city has tens)."""
    if events is None:
        from navigator.events.models import Event

        events = session.scalars(select(Event)).all()
    session.execute(text("DELETE FROM search_index"))
    rows, written = _rows(services, "service")
    event_rows, event_written = _rows(events, "event")
    rows += event_rows
    written += event_written
    _insert(session, rows)
    spelling.build(session, _vocabulary(rows, written))


def update(session: Session, services: Sequence = (), events: Sequence = ()) -> None:  # type: ignore[type-arg]
    """Re-index only `services` and `events` (an editor published a change): their rows are
    replaced and their new words join the spelling vocabulary. A word nothing uses any more
    stays in the vocabulary until the next full rebuild (a content load); "Did you mean"
    only offers a correction that finds something, so it is never offered for nothing."""
    for column, items, kind in (("service_id", services, "service"), ("event_id", events, "event")):
        ids = [item.id for item in items]
        if not ids:
            continue
        session.execute(
            text(f"DELETE FROM search_index WHERE {column} IN :ids").bindparams(  # noqa: S608
                bindparam("ids", expanding=True)
            ),
            {"ids": ids},
        )
        rows, written = _rows(items, kind)
        _insert(session, rows)
        spelling.add(session, _vocabulary(rows, written))


@dataclass(frozen=True)
class Found:
    ids: list[int]
    #: the query with misspelled words corrected, when `ids` are its results
    corrected: str | None = None
    #: matching events' ids, best first (asked for with `events=True`)
    event_ids: list[int] = field(default_factory=list)


def find(
    session: Session, query: str, locales: Sequence[str], limit: int = 30, *, events: bool = False
) -> Found:
    """`search` for services (and for events with `events`), and when it finds nothing, the
    same search with misspellings corrected."""

    def both(words: str) -> tuple[list[int], list[int]]:
        found = search(session, words, locales, limit)
        return found, search(session, words, locales, limit, kind="event") if events else []

    ids, event_ids = both(query)
    if ids or event_ids:
        return Found(ids, event_ids=event_ids)
    corrected = spelling.correct(session, query, locales)
    if corrected:
        ids, event_ids = both(corrected)
        if ids or event_ids:
            return Found(ids, corrected, event_ids)
    return Found([])


def search(
    session: Session,
    query: str,
    locales: Sequence[str],
    limit: int = 30,
    *,
    kind: str = "service",
) -> list[int]:
    """Ids of services (or with `kind="event"` events) best first, matching every word (as a
    prefix) in any of `locales`."""
    words = terms(query)
    if not words:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return _search_postgresql(session, words, locales, limit, kind)
    return _search_sqlite(session, words, locales, limit, kind)


def _search_sqlite(  # type: ignore[no-untyped-def]
    session: Session, words: list[str], locales: Sequence[str], limit: int, kind: str
):
    # Each word quoted (so FTS5 syntax in input is inert) and matched as a prefix; the
    # locale and the kind are part of the full-text match so other languages' rows and
    # other kinds' rows are never scored.
    words_match = " AND ".join('"{}"*'.format(word.replace('"', "")) for word in words)
    locales_match = " OR ".join(f'"{locale}"' for locale in locales if locale.isalpha())
    match = f"(locale : ({locales_match})) AND ({{title keywords body}} : ({words_match}))"
    if kind == "event":
        match, column = f"(kind : event) AND {match}", "event_id"
    else:
        match, column = f"{match} NOT (kind : event)", "service_id"
    # `column` is one of ours; the reader's words are a parameter.
    statement = text(
        f"SELECT {column}, bm25(search_index, 0.0, 0.0, :tw, :kw, 1.0, 0.0, 0.0) AS score"  # noqa: S608
        " FROM search_index WHERE search_index MATCH :match"
        f" ORDER BY score, {column} LIMIT :limit"
    )
    # FTS5's bm25() cannot sit inside an aggregate, so the best row per item is kept
    # here; one item has at most one row per locale, hence the generous limit.
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


def _search_postgresql(  # type: ignore[no-untyped-def]
    session: Session, words: list[str], locales: Sequence[str], limit: int, kind: str
):
    # to_tsquery gets only \w+ words we built ourselves, each as a prefix match. Matched on
    # the whole document, ranked on the small title-and-keywords vector (weights A and B).
    # "event_id IS NOT NULL": the events' few rows, by their own index (migration 0015).
    column = "event_id" if kind == "event" else "service_id"
    tsquery = " & ".join(f"{word}:*" for word in words)
    statement = text(
        f"SELECT {column}, MAX(ts_rank(head, to_tsquery('simple', :q), 1)) AS score "  # noqa: S608
        f"FROM search_index WHERE {column} IS NOT NULL "
        "AND document @@ to_tsquery('simple', :q) AND locale IN :locales "
        f"GROUP BY {column} ORDER BY score DESC, {column} LIMIT :limit"
    ).bindparams(bindparam("locales", expanding=True))
    result = session.execute(statement, {"q": tsquery, "locales": list(locales), "limit": limit})
    return [row[0] for row in result]
