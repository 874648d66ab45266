"""The referral engine: who may use what, which question to ask next, and the plan.

Pure logic over a Catalog and a person's answers. Unknown facts are never defaulted: a
service whose rule cannot be decided yet is "maybe", with the facts that would decide it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from navigator.eligibility import Status, status_of
from navigator.pathway.catalog import Catalog, FactSpec, ServiceSpec

NEEDS = "needs"


@dataclass(frozen=True)
class Answers:
    """What a person told us. `skipped` facts were answered "I don't know"."""

    needs: tuple[str, ...] = ()
    needs_asked: bool = False
    values: Mapping[str, Any] = None  # type: ignore[assignment]
    skipped: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()  # the order questions were answered, for "back"

    def __post_init__(self) -> None:
        if self.values is None:
            object.__setattr__(self, "values", {})

    def facts(self) -> dict[str, Any]:
        known = {k: v for k, v in self.values.items() if k not in self.skipped}
        if self.needs_asked:
            known[NEEDS] = list(self.needs)
        return known

    def asked(self, key: str) -> bool:
        return key in self.values or key in self.skipped


@dataclass(frozen=True)
class Result:
    service: ServiceSpec
    status: Status
    deciding: tuple[str, ...]


def evaluate_service(
    catalog: Catalog,
    service: ServiceSpec,
    facts: Mapping[str, Any],
    today: dt.date,
    memo: dict[str, tuple[Status, tuple[str, ...]]] | None = None,
) -> Result:
    """One service's status. Pass the same `memo` for one set of facts to evaluate each
    distinct rule once."""
    if service.open_to_all:
        return Result(service, Status.ELIGIBLE, ())
    rule = catalog.rule_in_force(service, today)
    if rule is None:
        return Result(service, Status.ELIGIBLE, ())
    rule_key = catalog.rule_keys[id(rule)]
    if memo is not None and rule_key in memo:
        return Result(service, *memo[rule_key])
    status, deciding = status_of(
        rule.logic, facts, catalog.derived, key=(catalog.cache_id, rule_key)
    )
    if memo is not None:
        memo[rule_key] = (status, deciding)
    return Result(service, status, deciding)


def relevant(catalog: Catalog, needs: tuple[str, ...]) -> list[ServiceSpec]:
    """Newcomer services matching the needs (all of them when no need was chosen)."""
    services = [s for s in catalog.services if s.audience == "newcomers"]
    if not needs:
        return services
    wanted: set[str] = set()
    for need in needs:
        wanted |= catalog.topic_family(need)
    return [s for s in services if s.topics & wanted]


def assess(catalog: Catalog, answers: Answers, today: dt.date) -> list[Result]:
    facts = answers.facts()
    memo: dict[str, tuple[Status, tuple[str, ...]]] = {}
    return [
        evaluate_service(catalog, s, facts, today, memo) for s in relevant(catalog, answers.needs)
    ]


def _probe_values(catalog: Catalog, fact: FactSpec) -> list[Any]:
    """Answers worth trying when checking whether a question can change any result."""
    if fact.kind == "boolean":
        return [True, False]
    if fact.kind == "choice":
        return list(fact.options)
    if fact.kind == "multi":
        return [[option] for option in fact.options] + [[]]
    numbers = catalog.numbers()
    low = fact.minimum if fact.minimum is not None else -1e9
    high = fact.maximum if fact.maximum is not None else 1e9
    probes = {low, high}
    for n in numbers:
        probes |= {n - 1, n, n + 1}
    return sorted(p for p in probes if low <= p <= high)


def _can_change(
    catalog: Catalog,
    fact: FactSpec,
    undecided: list[Result],
    facts: dict[str, Any],
    today: dt.date,
) -> int:
    """How many undecided services some answer to `fact` would decide (0: never ask it)."""
    # Only services whose deciding facts include this one can be changed by it.
    pending = [r.service for r in undecided if fact.key in r.deciding]
    decided: set[int] = set()
    for value in _probe_values(catalog, fact):
        trial = {**facts, fact.key: value}
        memo: dict[str, tuple[Status, tuple[str, ...]]] = {}
        for service in pending:
            if service.id in decided:
                continue
            if evaluate_service(catalog, service, trial, today, memo).status != Status.UNKNOWN:
                decided.add(service.id)
        if len(decided) == len(pending):
            break
    return len(decided)


@dataclass(frozen=True)
class NextQuestion:
    fact: FactSpec | None
    remaining: int  # about how many questions are left, this one included


def next_question(
    catalog: Catalog, answers: Answers, results: list[Result], today: dt.date
) -> NextQuestion:
    """The question that decides the most still-undecided services; needs come first.

    A question none of whose answers could change a result is never asked. The count of
    services a fact appears in bounds how many it can decide, so candidates are checked
    best-first and the search stops once no remaining one can beat the best.
    """
    if not answers.needs_asked and NEEDS in catalog.facts:
        after = Answers(needs_asked=True)
        rest = next_question(catalog, after, assess(catalog, after, today), today)
        return NextQuestion(catalog.facts[NEEDS], rest.remaining + 1)
    undecided = [r for r in results if r.status == Status.UNKNOWN]
    counts: Counter[str] = Counter()
    for result in undecided:
        for fact in result.deciding:
            if fact in catalog.facts and catalog.facts[fact].asked and not answers.asked(fact):
                counts[fact] += 1
    facts = answers.facts()
    best: tuple[int, int, FactSpec] | None = None
    for key, count in counts.most_common():
        if best is not None and count < best[0]:
            break
        spec = catalog.facts[key]
        useful = _can_change(catalog, spec, undecided, facts, today)
        if useful and (best is None or (useful, -spec.position) > (best[0], -best[1])):
            best = (useful, spec.position, spec)
    if best is None:
        return NextQuestion(None, 0)
    return NextQuestion(best[2], len(counts))
