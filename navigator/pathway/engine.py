"""The referral engine: who may use what, which question to ask next, and the plan.

Pure logic over a Catalog and a person's answers. Unknown facts are never defaulted: a
service whose rule cannot be decided yet is "maybe", with the facts that would decide it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from navigator.eligibility import Status, status_of
from navigator.pathway.catalog import DISTRICT, Catalog, ServiceSpec

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


class Result(NamedTuple):
    """One service's status for a person and the facts that would decide a "maybe". A named
    tuple, not a frozen dataclass: a plan makes thousands, and this builds 3× faster."""

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
    """One service's status: its rule, and its districts if it serves only some. Pass the
    same `memo` for one set of facts to evaluate each distinct rule once."""
    check = catalog.checks(today)[service.id]  # (rule key, logic) in force, or None
    if check is None:
        result = Result(service, Status.ELIGIBLE, ())
    else:
        rule_key, logic = check
        # The memo holds the rule's own result only: services with the same rule and other
        # districts share it, and the district is combined below for each.
        if memo is not None and rule_key in memo:
            result = Result(service, *memo[rule_key])
        else:
            status, deciding = status_of(
                logic, facts, catalog.derived, key=(catalog.cache_id, rule_key)
            )
            if memo is not None:
                memo[rule_key] = (status, deciding)
            result = Result(service, status, deciding)
    return in_area(result, facts) if service.areas else result


def in_area(result: Result, facts: Mapping[str, Any]) -> Result:
    """Kleene AND of the rule's result and "lives in one of the service's districts"."""
    areas = result.service.areas
    if not areas or result.status == Status.NOT_ELIGIBLE:
        return result
    district = facts.get(DISTRICT)
    if district is None:  # not asked yet, or "I don't know": maybe, the district decides
        deciding = result.deciding if DISTRICT in result.deciding else (*result.deciding, DISTRICT)
        return Result(result.service, Status.UNKNOWN, deciding)
    if isinstance(district, str) and district in areas:
        return result
    return Result(result.service, Status.NOT_ELIGIBLE, ())


def relevant(catalog: Catalog, needs: tuple[str, ...]) -> Sequence[ServiceSpec]:
    """Newcomer services matching the needs (all of them when no need was chosen).

    An opt-in (sensitive) service is relevant only to someone who chose one of its own
    topics: never to someone who chose nothing, nor through a parent topic's family."""
    if not needs:  # the same for everyone who chose nothing: kept with the catalog
        if catalog.for_everyone is None:
            catalog.for_everyone = tuple(
                s for s in catalog.services if s.audience == "newcomers" and not s.opt_in
            )
        return catalog.for_everyone
    chosen = set(needs)
    services = [
        s
        for s in catalog.services
        if s.audience == "newcomers" and (not s.opt_in or s.topics & chosen)
    ]
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


def __getattr__(name: str) -> Any:
    """The question search lives in navigator.pathway.questions (it needs this module, so
    it is imported on first use); its names stay importable from here."""
    if name in {"NextQuestion", "next_question", "HONEST"}:
        from navigator.pathway import questions

        return getattr(questions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
