"""What the questionnaire and plan pages compute (read-only: nothing is ever stored)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app, g
from sqlalchemy import select

from navigator.core import snapshots
from navigator.core.templating import chain, localized
from navigator.db import db
from navigator.directory.presenters import city_timezone, now
from navigator.eligibility import Node, Status, explain, render
from navigator.eligibility.sentences import bare
from navigator.eligibility.tree import all_of, area_condition
from navigator.facts.models import Fact
from navigator.i18n import _, format_list
from navigator.pathway import engine
from navigator.pathway.catalog import DISTRICT, Catalog, FactSpec
from navigator.pathway.source import load_catalog, option_labels, vocabulary

T = TypeVar("T")


def today() -> dt.date:
    return now().astimezone(city_timezone()).date()


def catalog() -> Catalog:
    """The referral catalog, checked against the content version once per request."""
    if "catalog" not in g:
        g.catalog = load_catalog(
            db.session, str(current_app.config["DATABASE_URL"]), version=snapshots.version()
        )
    return g.catalog


def fact_row(key: str) -> Fact | None:
    """The fact's row (question texts), from one query per request."""
    if "fact_rows" not in g:
        g.fact_rows = {f.key: f for f in db.session.scalars(select(Fact))}
    return g.fact_rows.get(key)


def choices(fact: FactSpec) -> list[tuple[str, Any]]:
    row = fact_row(fact.key)
    if row is None:
        return []
    labels = option_labels(db.session, row, chain())
    return [(value, labels[value]) for value in fact.options if value in labels]


@dataclass
class Explained:
    lines: list[Any]
    deciding: list[str]  # subjects of the facts that would decide a "maybe"


def explain_service(result: engine.Result, answers: engine.Answers, vocab: dict) -> Explained:  # type: ignore[type-arg]
    """The "Why?" lines: the service's rule in force today, and its area if it has one."""
    service = result.service
    cat = catalog()
    facts = answers.facts()
    parts: list[Node] = []
    rule = None if service.open_to_all else cat.rule_in_force(service, today())
    if rule is not None:
        parts.append(explain(rule.logic, facts, cat.derived, cat.extras.setdefault("tri", {})))
    if service.areas:
        parts.append(area_condition(DISTRICT, _in_order(service.areas, vocab), facts))
    lines = render(all_of(parts), vocab, _, format_list) if parts else []
    # Subjects go inside "It depends on: %(facts)s.", so no "?" from a question fallback.
    deciding = [bare(vocab[f].subject) for f in result.deciding if f in vocab]
    return Explained(lines, [d for d in deciding if d])


def _in_order(areas: frozenset[str], vocab: dict) -> list[str]:  # type: ignore[type-arg]
    """The service's areas in the pack's order (the district question's option order)."""
    known = list(vocab[DISTRICT].options) if DISTRICT in vocab else []
    return [a for a in known if a in areas] + sorted(areas - set(known))


def kept(name: str, build: Callable[[], T]) -> T:
    """`build()` in the reader's languages, kept until the content version changes (on the
    catalog, which every server replaces at its next request after a content load). For
    small plain values the plan page needs on every request: no ORM objects."""
    store = catalog().extras.setdefault("kept", {})
    key = (name, chain())
    if key not in store:
        store[key] = build()
    return store[key]  # type: ignore[no-any-return]


def question_texts() -> dict[str, Any]:
    """{fact key: its question in the reader's language}."""
    return kept(
        "questions",
        lambda: {f.key: localized(f, "question") for f in db.session.scalars(select(Fact))},
    )


def explanation_vocabulary() -> dict:  # type: ignore[type-arg]
    """Fact subjects and option labels in the reader's language, kept per content version."""
    return kept("vocabulary", lambda: vocabulary(db.session, chain()))


def status_label(status: Status) -> str:
    return {
        Status.ELIGIBLE: _("You can use this"),
        Status.NOT_ELIGIBLE: _("Not for you, according to your answers"),
        Status.UNKNOWN: _("Maybe — we need to know more"),
    }[status]
