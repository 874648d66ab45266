"""Eligibility with three answers: eligible, not eligible, or unknown — and what would decide it.

``status_of`` is the fast path a referral path calls for thousands of services; ``evaluate``
adds the explanation tree, which is only built for the services a page actually shows.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from navigator.eligibility.cache import BoundedCache
from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.explain import Node
from navigator.eligibility.jsvalues import truthy
from navigator.eligibility.tree import explain
from navigator.eligibility.tri import Derived, TriFn, Unknown, compile_tri

__all__ = [
    "Evaluation",
    "Rule",
    "Status",
    "compile_tri",
    "compiled_tri",
    "evaluate",
    "explain",
    "select_rule",
    "status_of",
]


class Status(enum.Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Evaluation:
    status: Status
    #: Unknown facts that could decide the result, in order of first appearance.
    deciding_facts: tuple[str, ...]
    explanation: Node


_cache: BoundedCache[TriFn] = BoundedCache(maxsize=20_000)


def compiled_tri(key: Hashable, rule: Any, derived: Derived | None = None) -> TriFn:
    """The tri closure for ``rule`` cached under ``key``.

    The key must identify both the rule and the derived-fact definitions it was compiled
    with, e.g. ``(service_id, rule_revision, derived_revision)``.
    """
    return _cache.get_or_build(key, lambda: compile_tri(rule, derived))


def clear_cache() -> None:
    _cache.clear()


def status_of(
    rule: Any,
    facts: Mapping[str, Any],
    derived: Derived | None = None,
    *,
    key: Hashable | None = None,
) -> tuple[Status, tuple[str, ...]]:
    """Status and deciding facts, without building an explanation.

    Pass ``key`` (see :func:`compiled_tri`) to reuse the compiled rule across calls.
    """
    if key is None:
        fn = compile_tri(rule, derived)
    else:
        # Inlined cache hit: this runs once per service on every referral path.
        fn = _cache.get(key) or compiled_tri(key, rule, derived)
    try:
        value = fn(facts)
    except RecursionError:
        raise JsonLogicError("data is nested too deeply") from None
    if type(value) is Unknown:
        return Status.UNKNOWN, tuple(dict.fromkeys(value.facts))
    return (Status.ELIGIBLE if truthy(value) else Status.NOT_ELIGIBLE), ()


def evaluate(
    rule: Any,
    facts: Mapping[str, Any],
    derived: Derived | None = None,
    *,
    key: Hashable | None = None,
) -> Evaluation:
    """Status, deciding facts and the explanation tree for one rule."""
    status, deciding = status_of(rule, facts, derived, key=key)
    return Evaluation(status, deciding, explain(rule, facts, derived))


@dataclass(frozen=True)
class Rule:
    """A service's eligibility rule with its legal source and the dates it is in force."""

    logic: Any
    reference_text: str | None = None
    reference_url: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def in_force(self, on: date) -> bool:
        """Both ends are inclusive: a rule valid to 31 March still applies on 31 March."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to


def select_rule(rules: Iterable[Rule], on: date) -> Rule | None:
    """The rule in force on ``on``; if several overlap, the one that started most recently."""
    in_force = [rule for rule in rules if rule.in_force(on)]
    if not in_force:
        return None
    return max(in_force, key=lambda rule: rule.valid_from or date.min)
