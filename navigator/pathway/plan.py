"""The personal referral path: eligible and maybe-eligible services, phase by phase,
prerequisites first, and alternatives where a need has no service."""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field

from navigator.eligibility import Status
from navigator.pathway.catalog import PHASES, Catalog, ServiceSpec
from navigator.pathway.engine import Answers, Result, evaluate_service, relevant

STATUS_RANK = {Status.ELIGIBLE: 0, Status.UNKNOWN: 1}
PHASE_RANK = {phase: rank for rank, phase in enumerate(PHASES)}


@dataclass
class Step:
    result: Result
    phase: str
    required_by: list[str] = field(default_factory=list)  # slugs of steps that need this one

    @property
    def service(self) -> ServiceSpec:
        return self.result.service

    @property
    def maybe(self) -> bool:
        return self.result.status == Status.UNKNOWN


@dataclass
class Gap:
    """A need with no eligible or maybe service, and where to go instead."""

    need: str
    alternatives: list[ServiceSpec]


@dataclass
class Plan:
    steps: list[Step]
    gaps: list[Gap]

    def phases(self) -> list[tuple[str, list[Step]]]:
        return [
            (p, [s for s in self.steps if s.phase == p])
            for p in PHASES
            if any(s.phase == p for s in self.steps)
        ]

    def slugs(self) -> list[str]:
        return [step.service.slug for step in self.steps]


def build_plan(catalog: Catalog, answers: Answers, today: dt.date) -> Plan:
    facts = answers.facts()
    memo: dict = {}  # type: ignore[type-arg]
    chosen: dict[str, Result] = {}
    for service in relevant(catalog, answers.needs):
        result = evaluate_service(catalog, service, facts, today, memo)
        if result.status != Status.NOT_ELIGIBLE:
            chosen[service.slug] = result
    # Pull in prerequisites the person may use (someone already registered is "not
    # eligible" for registration, so it is not added again).
    queue = list(chosen)
    required_by: dict[str, list[str]] = {}
    while queue:
        slug = queue.pop()
        for needed in catalog.by_slug[slug].requires if slug in catalog.by_slug else ():
            if needed not in catalog.by_slug:
                continue
            required_by.setdefault(needed, []).append(slug)
            if needed not in chosen:
                result = evaluate_service(catalog, catalog.by_slug[needed], facts, today, memo)
                if result.status != Status.NOT_ELIGIBLE:
                    chosen[needed] = result
                    queue.append(needed)
    phase = {slug: PHASE_RANK[r.service.phase] for slug, r in chosen.items()}
    # A prerequisite moves up to the earliest phase of anything that needs it.
    changed = True
    while changed:
        changed = False
        for needed, users in required_by.items():
            if needed in phase:
                earliest = min([phase[needed], *(phase[u] for u in users if u in phase)])
                if earliest < phase[needed]:
                    phase[needed], changed = earliest, True
    steps = [
        Step(
            r,
            PHASES[phase[slug]],
            sorted(u for u in required_by[slug] if u in chosen) if slug in required_by else [],
        )
        for slug, r in chosen.items()
    ]
    return Plan(_order(steps, catalog), _gaps(catalog, answers, chosen, today))


def _order(steps: list[Step], catalog: Catalog) -> list[Step]:
    """Topological order (prerequisites first), by phase, then eligible before maybe."""
    by_slug: dict[str, Step] = {}
    keys: dict[str, tuple[int, int, str]] = {}
    for step in steps:
        slug = step.result.service.slug
        by_slug[slug] = step
        keys[slug] = (PHASE_RANK[step.phase], STATUS_RANK[step.result.status], slug)
    waiting_for = dict.fromkeys(by_slug, 0)
    unblocks: dict[str, list[str]] = {}
    for slug, step in by_slug.items():
        for needed in step.result.service.requires:
            if needed in by_slug:
                waiting_for[slug] += 1
                unblocks.setdefault(needed, []).append(slug)
    ready = [keys[slug] for slug, count in waiting_for.items() if not count]
    heapq.heapify(ready)
    ordered: list[Step] = []
    while ready:
        slug = heapq.heappop(ready)[2]
        ordered.append(by_slug[slug])
        for other in unblocks.get(slug, ()):
            waiting_for[other] -= 1
            if not waiting_for[other]:
                heapq.heappush(ready, keys[other])
    if len(ordered) < len(by_slug):
        # The loader rejects cycles; anything left (a cycle in hand-made data) goes last.
        done = {s.result.service.slug for s in ordered}
        ordered += sorted(
            (s for slug, s in by_slug.items() if slug not in done),
            key=lambda s: keys[s.result.service.slug],
        )
    return ordered


def _gaps(
    catalog: Catalog, answers: Answers, chosen: dict[str, Result], today: dt.date
) -> list[Gap]:
    gaps = []
    for need in answers.needs:
        family = catalog.topic_family(need)
        if any(r.service.topics & family for r in chosen.values()):
            continue
        open_here = [
            s
            for s in catalog.services
            if s.topics & family and s.open_to_all and s.audience == "newcomers"
        ]
        if not open_here and catalog.welcome_service in catalog.by_slug:
            open_here = [catalog.by_slug[catalog.welcome_service]]
        gaps.append(Gap(need, open_here))
    return gaps
