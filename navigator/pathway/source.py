"""Build the engine's Catalog and explanation vocabulary from the database.

The catalog is cached in-process per content version (City.content_version, bumped by
every content change), so a page costs one small query to check the version.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, lazyload, selectinload

from navigator.directory.models import Area, City, Service, Topic
from navigator.eligibility import FactVocab, Rule
from navigator.facts.models import Fact, ResidenceStatus
from navigator.pathway.catalog import Catalog, FactSpec, ServiceSpec
from navigator.translatable import Localized

_lock = threading.Lock()
_cache: dict[str, Catalog] = {}


def content_version(session: Session) -> int:
    return session.scalar(select(City.content_version).limit(1)) or 0


def content_changed(session: Session) -> None:
    """Mark the content as changed (in the caller's transaction): every server rebuilds its
    catalog, plan cards and page validators at its next request."""
    # One UPDATE that adds one in the database: two changes committed at once (two editors
    # publishing) make two versions, never the same one twice, so no server keeps a cache
    # made between the two commits under the version both would have had.
    session.execute(
        update(City).values(content_version=City.content_version + 1),
        execution_options={"synchronize_session": "fetch"},
    )


def option_values(session: Session, fact: Fact) -> tuple[str, ...]:
    if fact.options_from == "statuses":
        return tuple(
            session.scalars(select(ResidenceStatus.value).order_by(ResidenceStatus.position))
        )
    if fact.options_from == "topics":
        return tuple(
            session.scalars(
                select(Topic.slug).where(Topic.parent_id.is_(None)).order_by(Topic.position)
            )
        )
    if fact.options_from == "areas":
        return tuple(session.scalars(select(Area.slug).order_by(Area.position)))
    return tuple(fact.option_values or ())


def load_catalog(
    session: Session, cache_key: str = "default", *, version: int | None = None
) -> Catalog:
    """The catalog of the content at `version` (read from the database when not given),
    built once per content version and kept."""
    if version is None:
        version = content_version(session)
    cached = _cache.get(cache_key)
    if cached is not None and cached.version == version:
        return cached
    with _lock:
        catalog = _build(session, version)
        _cache[cache_key] = catalog
        # The catalog lives until the content changes: move it out of the collector's way,
        # so full collections during a plan do not walk its ~100k objects again and again.
        gc.freeze()
    return catalog


def _build(session: Session, version: int) -> Catalog:
    facts = {
        f.key: FactSpec(
            key=f.key,
            kind=f.type,
            options=option_values(session, f),
            minimum=f.minimum,
            maximum=f.maximum,
            derived=f.derived,
            position=f.position,
        )
        for f in session.scalars(select(Fact).order_by(Fact.position))
    }
    services = []
    rows = session.scalars(
        select(Service)
        .where(Service.status == "published")
        .order_by(Service.slug)
        .options(
            selectinload(Service.topics),
            selectinload(Service.requires),
            selectinload(Service.rules),
            selectinload(Service.areas),
            # The engine needs no text; skip 12 locales of descriptions per service.
            lazyload(Service.translations),
        )
    )
    for s in rows:
        services.append(
            ServiceSpec(
                id=s.id,
                slug=s.slug,
                topics=frozenset(t.slug for t in s.topics),
                phase=s.phase,
                open_to_all=s.open_to_all,
                rules=tuple(
                    Rule(r.logic, r.reference_text, r.reference_url, r.valid_from, r.valid_to)
                    for r in s.rules
                ),
                requires=tuple(r.slug for r in s.requires),
                audience=s.audience,
                opt_in=s.opt_in,
                gives=dict(s.gives or {}),
                urgent_when=s.urgent_when,
                areas=frozenset(a.slug for a in s.areas),
            )
        )
    topics = list(session.scalars(select(Topic)))
    parents = {t.slug: (t.parent.slug if t.parent else None) for t in topics}
    city = session.scalars(select(City).limit(1)).first()
    return Catalog(
        facts=facts,
        services=services,
        topic_parent=parents,
        welcome_service=city.welcome_service if city else None,
        version=version,
        urgent_topics=frozenset(t.slug for t in topics if t.urgent),
    )


def option_labels(session: Session, fact: Fact, chain: tuple[str, ...]) -> dict[str, Any]:
    """value → Localized label, from wherever this fact's options are translated."""
    if fact.options_from == "statuses":
        rows = session.scalars(select(ResidenceStatus).order_by(ResidenceStatus.position))
        return {r.value: r.localized("label", chain) for r in rows}
    if fact.options_from == "topics":
        rows = session.scalars(
            select(Topic).where(Topic.parent_id.is_(None)).order_by(Topic.position)
        )
        return {t.slug: t.localized("title", chain) for t in rows}
    if fact.options_from == "areas":
        rows = session.scalars(select(Area).order_by(Area.position))
        return {a.slug: a.localized("name", chain) for a in rows}
    labels: dict[str, Any] = {}
    for value in fact.option_values or ():
        for locale in chain:
            row = fact.translations.get(locale)
            text = (row.options or {}).get(value) if row else None
            if text:
                labels[value] = Localized(text, locale, chain[0])
                break
        else:
            labels[value] = Localized(value, chain[-1], chain[0])
    return labels


def vocabulary(session: Session, chain: tuple[str, ...]) -> dict[str, FactVocab]:
    """How each fact is talked about in the reader's language (for explanations)."""
    vocab = {}
    for fact in session.scalars(select(Fact)):
        labels = {k: str(v) for k, v in option_labels(session, fact, chain).items()}
        statement = str(fact.localized("statement", chain)) or None
        vocab[fact.key] = FactVocab(
            kind=fact.type or "boolean",
            subject=str(fact.localized("subject", chain)) or str(fact.localized("question", chain)),
            statement=statement,
            negative_statement=str(fact.localized("statement_negative", chain)) or None,
            options=labels,
            derived_statement=statement if fact.derived is not None else None,
        )
    return vocab
