"""Answers within what the pack can ask: the bound on everything that enters a token.

Whatever arrives — a form posted by hand with 2,000 copies of one need, an API call, a
token issued before the content changed — is cut down to the pack's needs (each once) and
to facts the questionnaire asks, each with a value its type, options and limits allow. So a
token never grows past the size of the pack, and every token the server issues renders
(its plan and the QR code of its link).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from navigator.pathway.catalog import Catalog, FactSpec
from navigator.pathway.engine import NEEDS, Answers


def unique(items: Iterable[Any]) -> list[Any]:
    """Each item once, in the order first given."""
    return list(dict.fromkeys(items))


def known_needs(catalog: Catalog) -> frozenset[str]:
    """The topics a person can name as a need: the needs question's options, and the
    subtopics the API also accepts."""
    fact = catalog.facts.get(NEEDS)
    return frozenset(fact.options if fact else ()) | frozenset(catalog.topic_parent)


def fits(fact: FactSpec, value: Any) -> bool:
    """Whether `value` is an answer the questionnaire could have given to `fact`."""
    if fact.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        low = fact.minimum if fact.minimum is not None else -math.inf
        high = fact.maximum if fact.maximum is not None else math.inf
        return math.isfinite(value) and low <= value <= high
    if fact.kind == "boolean":
        return isinstance(value, bool)
    if fact.kind == "choice":
        return isinstance(value, str) and value in fact.options
    if fact.kind == "multi":
        return (
            isinstance(value, list)
            and all(isinstance(v, str) and v in fact.options for v in value)
            and len(set(value)) == len(value)
        )
    if fact.kind == "date":
        return isinstance(value, str) and len(value) == 10 and _is_date(value)
    return False


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def bounded(answers: Answers, catalog: Catalog) -> Answers:
    """`answers` without anything the pack does not know: unknown or repeated needs,
    unknown or derived facts, values that do not fit their fact, stray "back" entries."""
    allowed = known_needs(catalog)
    needs = tuple(n for n in unique(answers.needs) if n in allowed)
    values = {}
    for key, value in answers.values.items():
        fact = catalog.facts.get(key)
        if fact is None or not fact.asked or key == NEEDS:
            continue
        if fact.kind == "multi" and isinstance(value, list):
            value = unique(value)
        if fits(fact, value):
            values[key] = value
    skipped = frozenset(
        key
        for key in answers.skipped
        if key in catalog.facts and catalog.facts[key].asked and key != NEEDS
    ) - set(values)
    answered = set(values) | skipped | ({NEEDS} if answers.needs_asked else set())
    # The last time a question was answered is where "back" returns to it.
    order = tuple(reversed(unique(k for k in reversed(answers.order) if k in answered)))
    return Answers(needs, answers.needs_asked, values, skipped, order)
