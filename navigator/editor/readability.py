"""Plain language (issue 10): how easy the source texts are to read, for the editor.

Only English and German are measured; for any other source language `assess` says nothing
(None) rather than apply a formula made for another language.

    assess(text, locale)       -> Readability (score, band, sentences over 25 words) | None
    ranking(session, ...)      -> every listing's texts, hardest first (kept per content version)
    hardest(session, account, ranked)   -> the hardest the account may edit, with their objects

A text is read as its reader sees it: Markdown is reduced to its blocks (paragraphs,
headings, list items, table cells), and every block ends a sentence, full stop or not, so
a list is never one long sentence. Within a block, sentences are Unicode's sentence
boundaries (UAX #29, as in ICU); textstat only counts sentences and offers no list. UAX #29
knows no abbreviations, so "z. B." or "Dr." end a sentence: that can hide a long sentence,
never invent one.

The score is textstat's Flesch reading ease (Amstad's adaptation for German, textstat's
constants for "de"). textstat counts English syllables with NLTK's copy of the CMU
dictionary, which it downloads from the internet at the first call when missing: offline
that fails, and a page must never fetch. Given the tag "en-US" it finds no dictionary for
that name and counts with Pyphen's en_US hyphenation patterns (its own fallback, and what it
does for German), with the English constants (its default).
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from sqlalchemy import and_, select
from sqlalchemy.orm import Session
from unicode_segmentation_rs import unicode_sentences

from navigator.directory.models import Organisation, Service, Topic
from navigator.directory.models.organisation import OrganisationTranslation
from navigator.directory.models.service import ServiceTranslation
from navigator.directory.models.taxonomy import TopicTranslation
from navigator.editor.permissions import allowed, scoped
from navigator.i18n import L_
from navigator.pathway.source import content_version

#: source locale -> the language tag textstat is given (see the module's docstring)
LANGUAGES = {"en": "en-US", "de": "de"}
#: a sentence with more words than this is flagged
LONG_SENTENCE = 25
#: how many listings the dashboard shows
HARDEST = 10


@dataclass(frozen=True)
class Band:
    """A range of Flesch reading ease named in plain words (the bands of Flesch's table,
    which Amstad's German scale keeps)."""

    key: str
    minimum: float
    label: Any  # a lazy string


BANDS = (
    Band("very_easy", 90, L_("very easy")),
    Band("easy", 80, L_("easy")),
    Band("fairly_easy", 70, L_("fairly easy")),
    Band("plain", 60, L_("plain")),
    Band("fairly_hard", 50, L_("fairly hard")),
    Band("hard", 30, L_("hard")),
    Band("very_hard", -math.inf, L_("very hard")),
)


def band(score: float) -> Band:
    return next(found for found in BANDS if score >= found.minimum)


@dataclass(frozen=True)
class LongSentence:
    text: str
    words: int


@dataclass(frozen=True)
class Readability:
    locale: str
    #: Flesch reading ease as textstat computes it (below 0 and above 100 happen)
    score: float
    words: int
    long_sentences: tuple[LongSentence, ...]

    @property
    def shown_score(self) -> int:
        """The score on the scale editors are told about, 0 to 100."""
        return round(min(100.0, max(0.0, self.score)))

    @property
    def band(self) -> Band:
        return band(self.shown_score)  # "hard, score 30", never "very hard, score 30"


# The public pages' parser and options (core/templating.py): the same blocks they show.
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_INLINE_TEXT = {"text", "code_inline"}
_ENDS_SENTENCE = re.compile(r"[.!?]\W*$")  # the marks textstat counts sentences by


def blocks(markdown: str) -> list[str]:
    """The text's paragraphs, headings, list items and table cells as plain text (link
    texts kept, addresses and code blocks left out)."""
    found = []
    for token in _PARSER.parse(markdown or ""):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or ():
            if child.type in _INLINE_TEXT:
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            found.append(text)
    return found


@cache
def _scorer(locale: str) -> Any:
    # textstat imports NLTK (0.3 s): only when a text is first measured, not at start-up.
    # One instance per language, set once: textstat's module-level `set_lang` is shared
    # by every request in the process.
    from textstat.textstat import textstatistics

    scorer = textstatistics()
    scorer.set_lang(LANGUAGES[locale])
    return scorer


def assess(text: str | None, locale: str) -> Readability | None:
    """How easy `text` (Markdown, in `locale`) is to read; None for a language the formula
    is not made for, or a text without words."""
    if locale not in LANGUAGES:
        return None
    scorer = _scorer(locale)
    found = blocks(text or "")
    long_sentences = []
    for block in found:
        # Splitting at spaces counts at least textstat's words (it only drops punctuation):
        # a block or sentence not over the limit this way is not over it at all.
        if len(block.split()) <= LONG_SENTENCE:
            continue
        for sentence in unicode_sentences(block):
            if len(sentence.split()) <= LONG_SENTENCE:
                continue
            words = scorer.lexicon_count(sentence)
            if words > LONG_SENTENCE:
                long_sentences.append(LongSentence(sentence.strip(), words))
    # textstat counts sentences by their full stops: give every block one.
    plain = "\n".join(b if _ENDS_SENTENCE.search(b) else b + "." for b in found)
    words = scorer.lexicon_count(plain)
    if not words:
        return None
    return Readability(locale, scorer.flesch_reading_ease(plain), words, tuple(long_sentences))


# The dashboard's list --------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    """One listing's readability, without its object (kept between requests)."""

    kind: str  # as in revisions.EDITABLE
    id: int
    #: the organisation it belongs to (permissions.owner_of); None for the city's own
    owner: int | None
    readability: Readability


@dataclass
class _Kept:
    version: int
    ranked: list[Ranked]
    #: (kind, id) -> (digest of its texts, its Ranked or None): a content change measures
    #: only the texts it changed
    measured: dict[tuple[str, int], tuple[bytes, Ranked | None]]


_lock = threading.Lock()
_kept: dict[tuple[str, str], _Kept] = {}


def _texts(session: Session, locale: str) -> Any:
    """(kind, id, owner, text) of every listing newcomers read or will read: column
    queries, no objects. Titles and names are too short to measure."""
    services = (
        select(
            Service.id,
            Service.organisation_id,
            ServiceTranslation.summary,
            ServiceTranslation.description,
        )
        .join(
            ServiceTranslation,
            and_(ServiceTranslation.service_id == Service.id, ServiceTranslation.locale == locale),
        )
        .where(Service.status != "archived")
    )
    for id_, owner, summary, description in session.execute(services):
        yield "services", id_, owner, f"{summary or ''}\n\n{description or ''}"
    organisations = select(Organisation.id, OrganisationTranslation.description).join(
        OrganisationTranslation,
        and_(
            OrganisationTranslation.organisation_id == Organisation.id,
            OrganisationTranslation.locale == locale,
        ),
    )
    for id_, description in session.execute(organisations):
        yield "organisations", id_, id_, description or ""
    topics = select(Topic.id, TopicTranslation.description).join(
        TopicTranslation,
        and_(TopicTranslation.topic_id == Topic.id, TopicTranslation.locale == locale),
    )
    for id_, description in session.execute(topics):
        yield "topics", id_, None, description or ""


def ranking(session: Session, locale: str, cache_key: str) -> list[Ranked]:
    """Every listing with measurable texts in the source `locale`, hardest to read first
    ([] for a language not measured). Kept in the process until the content version
    changes; then only the texts that changed are measured again."""
    if locale not in LANGUAGES:
        return []
    version = content_version(session)
    key = (cache_key, locale)
    kept = _kept.get(key)
    if kept is not None and kept.version == version:
        return kept.ranked
    with _lock:
        kept = _kept.get(key)  # another thread may have measured meanwhile
        if kept is not None and kept.version == version:
            return kept.ranked
        measured = kept.measured if kept is not None else {}
        fresh: dict[tuple[str, int], tuple[bytes, Ranked | None]] = {}
        for kind, id_, owner, text in _texts(session, locale):
            digest = hashlib.blake2b(f"{owner}\0{text}".encode(), digest_size=16).digest()
            known = measured.get((kind, id_))
            if known is not None and known[0] == digest:
                fresh[(kind, id_)] = known
                continue
            found = assess(text, locale)
            fresh[(kind, id_)] = (digest, Ranked(kind, id_, owner, found) if found else None)
        ranked = sorted(
            (entry for _digest, entry in fresh.values() if entry is not None),
            key=lambda r: (r.readability.score, -len(r.readability.long_sentences), r.kind, r.id),
        )
        _kept[key] = _Kept(version, ranked, fresh)
    return ranked


MODELS = {"services": Service, "organisations": Organisation, "topics": Topic}


def hardest(
    session: Session, account: Any, ranked: list[Ranked], limit: int = HARDEST
) -> list[tuple[Any, Ranked]]:
    """The `limit` hardest listings `account` may edit, with their objects: an
    organisation's editor sees only its own (the dashboard's other lists do the same)."""
    if not allowed(account, "edit"):
        return []
    if scoped(account):  # the cheap cut first; `allowed` decides below
        ranked = [entry for entry in ranked if entry.owner == account.organisation_id]
    shown: list[tuple[Any, Ranked]] = []
    for start in range(0, len(ranked), limit):
        chunk = ranked[start : start + limit]
        objects = {}
        for kind, model in MODELS.items():
            ids = [entry.id for entry in chunk if entry.kind == kind]
            if ids:
                for obj in session.scalars(select(model).where(model.id.in_(ids))):
                    objects[(kind, obj.id)] = obj
        for entry in chunk:
            obj = objects.get((entry.kind, entry.id))
            if obj is not None and allowed(account, "edit", obj):
                shown.append((obj, entry))
        if len(shown) >= limit:
            break
    return shown[:limit]
