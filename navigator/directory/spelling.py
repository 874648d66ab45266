"""Spelling help for search: the closest index word to a misspelled query word.

The vocabulary (table search_index_terms: one row per locale and normalised word, with the
word as written and the number of index rows holding it) is rebuilt with the search index.
A query word that is neither a vocabulary word nor the start of one is replaced by its
closest vocabulary word. A trigram index finds the candidates: pg_trgm on PostgreSQL
(installed by migration 0003 when the database user may), an FTS5 trigram table on SQLite.
Without one, the words of a plausible length are read instead. rapidfuzz makes the final
pick, so both databases choose the same word. This runs only when a search found nothing,
so ordinary searches never pay for it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from navigator.directory.textnorm import terms

_WORD = re.compile(r"[^\W_]+")  # as textnorm's: a word of normalised text

#: shorter words have too many close neighbours to guess from; longer ones are not typos
MIN_LENGTH, MAX_LENGTH = 3, 30
#: rapidfuzz ratio (0-100): one wrong letter in a 5-letter word passes (80), in a 4-letter
#: word not (75: "دکتر" is not "دفتر")
CUTOFF = 77.0
#: pg_trgm similarity for candidates: below its default 0.3 so that short words in Arabic
#: script ("طبب" for "طبيب", 0.29) still reach the final comparison
TRIGRAM_THRESHOLD = "0.25"
CANDIDATES = 20
#: below this length a misspelled word may share no trigram with the right one
SHORT = 5


@dataclass(frozen=True)
class Term:
    term: str  # normalised, as indexed
    display: str  # as written in the content, lower case
    weight: int  # index rows holding it: the commoner word wins a tie


def build(session: Session, documents: Iterable[tuple[str, str, str]]) -> None:
    """Replace the vocabulary with the words of `documents`: (locale, normalised text, text
    as written) per index row."""
    session.execute(text("DELETE FROM search_index_terms"))
    rows = _terms(documents)
    if rows:
        session.execute(
            text(
                "INSERT INTO search_index_terms (locale, term, display, weight) "
                "VALUES (:loc, :term, :display, :weight)"
            ),
            rows,
        )
    reindex_trigrams(session)


def add(session: Session, documents: Iterable[tuple[str, str, str]]) -> None:
    """Add the words of `documents` that the vocabulary lacks (weights of known words stay
    as the last full build counted them)."""
    rows = _terms(documents)
    if not rows:
        return
    known = set(
        session.execute(
            text("SELECT locale, term FROM search_index_terms WHERE term IN :terms").bindparams(
                bindparam("terms", expanding=True)
            ),
            {"terms": sorted({row["term"] for row in rows})},
        ).tuples()
    )
    new = [row for row in rows if (row["loc"], row["term"]) not in known]
    if new:
        session.execute(
            text(
                "INSERT INTO search_index_terms (locale, term, display, weight) "
                "VALUES (:loc, :term, :display, :weight)"
            ),
            new,
        )
        reindex_trigrams(session)


def _terms(documents: Iterable[tuple[str, str, str]]) -> list[dict[str, object]]:
    """Vocabulary rows for index rows: (locale, normalised text, text as written) each."""
    weights: dict[str, Counter[str]] = {}
    written_words: dict[str, set[str]] = {}  # per locale: words as written, not plain ASCII
    for locale, normalised, written in documents:
        weights.setdefault(locale, Counter()).update(set(_WORD.findall(normalised)))
        if not written.isascii():  # else each index word is its written form in lower case
            written_words.setdefault(locale, set()).update(written.split())
    # Shown in "Did you mean …?": the writer's letters (ä, ё, ة) where they differ from the
    # index word and still search for it; the first such form in sorted order, so stable.
    displays: dict[tuple[str, str], str] = {}
    for locale, chunks in written_words.items():
        for chunk in sorted(chunks):
            shown = _bare(chunk).lower()
            if chunk.isascii() or shown in weights[locale]:
                continue
            found = terms(shown, limit=2)
            if len(found) == 1 and found[0] in weights[locale]:
                displays.setdefault((locale, found[0]), shown)
    return [
        {"loc": loc, "term": term, "display": displays.get((loc, term), term), "weight": n}
        for loc, counts in weights.items()
        for term, n in counts.items()
        if _correctable(term)
    ]


def _bare(chunk: str) -> str:
    """A written word without the punctuation and symbols around it ("(café)," -> "café",
    "طبيب،" -> "طبيب"); marks such as harakat stay."""
    start, end = 0, len(chunk)
    while start < end and unicodedata.category(chunk[start])[0] in "PSZC":
        start += 1
    while end > start and unicodedata.category(chunk[end - 1])[0] in "PSZC":
        end -= 1
    return chunk[start:end]


def _correctable(word: str) -> bool:
    return MIN_LENGTH <= len(word) <= MAX_LENGTH and not word.isdigit()


def correct(session: Session, query: str, locales: Sequence[str]) -> str | None:
    """`query` with each unknown word replaced by its closest known word, or None."""
    todo = [w for w in dict.fromkeys(terms(query)) if _correctable(w)]
    if not todo:
        return None
    finder = _finder(session, locales)
    replaced = {}
    for word in todo:
        if not finder.known(word):
            best = finder.closest(word)
            if best is not None:
                replaced[word] = best
    if not replaced:
        return None
    return _rewrite(query, replaced)


def _rewrite(query: str, replaced: dict[str, str]) -> str:
    """The reader's own words where they were fine, the corrections where not."""
    out = []
    budget = len(terms(query))  # the search reads no more words than this
    for chunk in query.split():
        words = terms(chunk, limit=100)[:budget]
        if not words:
            continue
        budget -= len(words)
        if any(w in replaced for w in words):
            out.append(" ".join(replaced.get(w, w) for w in words))
        else:
            out.append(_bare(chunk) if len(words) == 1 else " ".join(words))
        if budget <= 0:
            break
    return " ".join(out)


_KNOWN_PG = (
    "SELECT 1 FROM search_index_terms WHERE locale IN :locales AND term LIKE :prefix LIMIT 1"
)
_KNOWN_SQLITE = (
    "SELECT 1 FROM search_index_terms "
    "WHERE locale IN :locales AND term >= :word AND term < :hi LIMIT 1"
)
_BY_LENGTH = (
    "SELECT term FROM search_index_terms "
    "WHERE locale IN :locales AND length(term) BETWEEN :lo AND :hi "
    "ORDER BY weight DESC LIMIT :limit"
)
#: the fallback compares at most this many words, the most common first
FALLBACK_LIMIT = 5000
_DETAILS = (
    "SELECT term, display, weight, locale FROM search_index_terms "
    "WHERE locale IN :locales AND term IN :terms"
)


class _Finder:
    """Candidates of a plausible length, compared in Python: the fallback without trigram
    support in the database. Subclasses ask a trigram index for a few candidates."""

    def __init__(self, session: Session, locales: Sequence[str]) -> None:
        self.session, self.locales = session, list(locales)
        self.postgresql = session.get_bind().dialect.name == "postgresql"

    def _run(self, sql: str, params: dict[str, object], *expanding: str):  # type: ignore[no-untyped-def]
        names = ("locales", *expanding)
        statement = text(sql).bindparams(*(bindparam(n, expanding=True) for n in names))
        return self.session.execute(statement, {"locales": self.locales, **params})

    def known(self, word: str) -> bool:
        """True when `word` is a vocabulary word or the start of one (the search matches
        prefixes, so "langu" is not a misspelling)."""
        if self.postgresql:
            # Words are letters and digits only (textnorm): nothing in them is a wildcard.
            return self._run(_KNOWN_PG, {"prefix": word + "%"}).first() is not None
        # SQLite compares bytes: every word starting with `word` sorts before `hi`.
        found = self._run(_KNOWN_SQLITE, {"word": word, "hi": word + "\U0010ffff"})
        return found.first() is not None

    def candidates(self, word: str) -> list[str]:
        rows = self._run(_BY_LENGTH, {"limit": FALLBACK_LIMIT, **_lengths(word)})
        return list(dict.fromkeys(rows.scalars()))

    def closest(self, word: str) -> str | None:
        """The written form of the best candidate: highest rapidfuzz ratio, then the word
        more index rows hold, then alphabetical (so both databases agree)."""
        hits = process.extract(
            word, self.candidates(word), scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=10
        )
        if not hits:
            return None
        rows = self._run(_DETAILS, {"terms": [hit[0] for hit in hits]}, "terms")
        found = {t.term: t for t in _merge(rows, self.locales)}
        hits = [hit for hit in hits if hit[0] in found]
        if not hits:
            return None
        best = min(hits, key=lambda hit: (-hit[1], -found[hit[0]].weight, hit[0]))
        return found[best[0]].display


class _PgTrigram(_Finder):
    """PostgreSQL with pg_trgm: the trigram index finds the closest few words."""

    def __init__(self, session: Session, locales: Sequence[str], schema: str) -> None:
        super().__init__(session, locales)
        quoted = session.get_bind().dialect.identifier_preparer.quote_schema(schema)
        # The extension's schema comes from the catalog, quoted: not user input.
        self.sql = (
            "SELECT term FROM search_index_terms "  # noqa: S608
            f"WHERE locale IN :locales AND term OPERATOR({quoted}.%) :word "
            f"ORDER BY {quoted}.similarity(term, :word) DESC, weight DESC, term LIMIT :limit"
        )
        session.execute(
            text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"),
            {"t": TRIGRAM_THRESHOLD},
        )

    def candidates(self, word: str) -> list[str]:
        rows = self._run(self.sql, {"word": word, "limit": CANDIDATES})
        return list(dict.fromkeys(rows.scalars()))


class _Fts5Trigram(_Finder):
    """SQLite: an FTS5 trigram index over the vocabulary (migration 0003) ranks words by
    the trigrams they share with the misspelled one."""

    def candidates(self, word: str) -> list[str]:
        if len(word) < SHORT:  # "طبب" shares no trigram with "طبيب": compare them all
            return super().candidates(word)
        trigrams = dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2))
        rows = self._run(
            "SELECT term FROM search_index_terms_trigram "
            "WHERE search_index_terms_trigram MATCH :match AND locale IN :locales "
            "AND length(term) BETWEEN :lo AND :hi ORDER BY rank LIMIT :limit",
            {
                # Quoted: each trigram is a phrase, never FTS5 syntax (words are \w only).
                "match": " OR ".join(f'"{t}"' for t in trigrams),
                "limit": CANDIDATES,
                **_lengths(word),
            },
        )
        return list(dict.fromkeys(rows.scalars()))


def _lengths(word: str) -> dict[str, object]:
    """The lengths another word can have and still reach CUTOFF: fuzz.ratio is
    2 * common letters / (len a + len b), so it can be neither much shorter nor longer."""
    share = CUTOFF / 100
    return {
        "lo": math.ceil(len(word) * share / (2 - share)),
        "hi": math.floor(len(word) * (2 - share) / share),
    }


def _merge(rows: Iterable, locales: Sequence[str]) -> list[Term]:  # type: ignore[type-arg]
    """One Term per word: the reader's locale's spelling first, weights added up."""
    rank = {locale: i for i, locale in enumerate(locales)}
    merged: dict[str, Term] = {}
    for term, display, weight, _locale in sorted(rows, key=lambda r: rank.get(r[3], 99)):
        before = merged.get(term)
        merged[term] = (
            Term(term, before.display, before.weight + weight)
            if before
            else Term(term, display, weight)
        )
    return list(merged.values())


def _finder(session: Session, locales: Sequence[str]) -> _Finder:
    if session.get_bind().dialect.name == "postgresql":
        schema = session.execute(
            text(
                "SELECT n.nspname FROM pg_extension e "
                "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
            )
        ).scalar()
        return _PgTrigram(session, locales, schema) if schema else _Finder(session, locales)
    if _has_fts5_trigram(session):
        return _Fts5Trigram(session, locales)
    return _Finder(session, locales)


def _has_fts5_trigram(session: Session) -> bool:
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = 'search_index_terms_trigram'")
    )
    return found.first() is not None


def reindex_trigrams(session: Session) -> None:
    """After the vocabulary changed: SQLite's trigram index reads it again (external
    content table, so the words are stored once). PostgreSQL's GIN index keeps itself."""
    if session.get_bind().dialect.name == "sqlite" and _has_fts5_trigram(session):
        session.execute(
            text(
                "INSERT INTO search_index_terms_trigram(search_index_terms_trigram) "
                "VALUES ('rebuild')"
            )
        )
