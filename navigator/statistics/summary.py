"""What statistics keep of one plan: pure, no Flask and no database.

The plan is the engine's (navigator/pathway/plan.py); from it only counts and slugs are
taken, never an answer other than the needs and the status group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from navigator.pathway.catalog import Catalog
from navigator.pathway.engine import Answers
from navigator.pathway.plan import Plan
from navigator.statistics.groups import STATUS_FACT, status_group


@dataclass(frozen=True)
class PlanSummary:
    needs: tuple[str, ...]
    status_group: str
    eligible_steps: int
    maybe_steps: int
    #: chosen needs that no step the person can surely use covers
    unmet: frozenset[str]
    #: (service slug, fact) -> 1 for each "maybe" step and each fact that would decide it
    maybe_facts: Counter[tuple[str, str]]


def summarise(catalog: Catalog, answers: Answers, plan: Plan) -> PlanSummary:
    eligible = [step for step in plan.steps if not step.maybe]
    maybe = [step for step in plan.steps if step.maybe]
    unmet = frozenset(
        need
        for need in answers.needs
        if not any(step.service.topics & catalog.topic_family(need) for step in eligible)
    )
    facts: Counter[tuple[str, str]] = Counter()
    for step in maybe:
        for fact in dict.fromkeys(step.result.deciding):
            facts[(step.service.slug, fact)] += 1
    status = None if STATUS_FACT in answers.skipped else answers.values.get(STATUS_FACT)
    return PlanSummary(
        needs=tuple(dict.fromkeys(answers.needs)),
        status_group=status_group(status),
        eligible_steps=len(eligible),
        maybe_steps=len(maybe),
        unmet=unmet,
        maybe_facts=facts,
    )
