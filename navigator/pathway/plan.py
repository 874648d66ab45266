"""The personal referral path: eligible and maybe-eligible services, phase by phase,
prerequisites first, and alternatives where a need has no service.

A service the person cannot use *yet*, only because of something an earlier step gives
(registering an address gives "registered address"), stays in the plan after that step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from navigator.eligibility import Status, status_of
from navigator.pathway.catalog import DISTRICT, PHASES, Catalog, ServiceSpec
from navigator.pathway.engine import Answers, Result, evaluate_service, in_area, relevant
from navigator.pathway.order import ARRIVAL, SETTLED_AFTER_MONTHS, order_steps

_MISSING = object()
_NO_FACTS: Mapping[str, Any] = MappingProxyType({})


@dataclass(slots=True)
class Step:
    result: Result
    phase: str
    required_by: list[str] = field(default_factory=list)  # slugs of steps that need this one
    #: slugs of earlier steps whose `gives` make this one possible ("after step N")
    after: tuple[str, ...] = ()
    #: the facts this step counts on once the `after` steps are done, e.g. registered: True
    assumes: Mapping[str, Any] = field(default_factory=lambda: _NO_FACTS)
    #: urgent for this person: its `urgent_when` holds, or its topic is an urgent need they chose
    urgent: bool = False

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
    #: lived in the city a year or more: the phases are not "first days" for them
    settled: bool = False

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
    planner = _Planner(catalog, facts, today, frozenset(answers.needs))
    chosen, excluded, memo = planner.chosen, planner.excluded, planner.memo
    # The hot loop, over thousands of services: evaluate_service inlined, each distinct rule
    # evaluated once (memo), no Result for a service left out.
    checks, derived, cache_id = catalog.checks(today), catalog.derived, catalog.cache_id
    eligible, excluded_status = (Status.ELIGIBLE, ()), Status.NOT_ELIGIBLE
    sure = _sure_results(catalog)
    for service in relevant(catalog, answers.needs):
        check = checks[service.id]
        if check is None:
            outcome = eligible
        else:
            outcome = memo.get(check[0])
            if outcome is None:
                outcome = status_of(check[1], facts, derived, key=(cache_id, check[0]))
                memo[check[0]] = outcome = eligible if outcome == eligible else outcome
        if outcome[0] is excluded_status:
            excluded[service.slug] = service
            continue
        result = sure[service.id] if outcome is eligible else Result(service, *outcome)
        if service.areas:
            result = in_area(result, facts)
            if result.status is excluded_status:
                excluded[service.slug] = service
                continue
        chosen[service.slug] = result
        if service.gives:
            planner.givers.append(service.slug)
    planner.pull([slug for slug, result in chosen.items() if result.service.requires])
    planner.unlock()
    required_by, after, assumes = planner.required_by, planner.after, planner.assumes
    steps = [  # one pass, every field given: thousands of steps in a big city
        Step(
            result,
            result.service.phase,
            sorted(u for u in required_by[slug] if u in chosen) if slug in required_by else [],
            after.get(slug, ()),
            assumes.get(slug, _NO_FACTS),
        )
        for slug, result in chosen.items()
    ]
    settled = is_settled(facts)
    ordered = order_steps(catalog, steps, answers.needs, facts, recent=not settled)
    return Plan(ordered, _gaps(catalog, answers, chosen, facts), settled)


def _sure_results(catalog: Catalog) -> dict[int, Result]:
    """service id -> its Result when eligible with nothing left to decide: the same for
    everyone, so made once per catalog (a result is immutable) instead of per plan."""
    if catalog.sure_results is None:
        catalog.sure_results = {s.id: Result(s, Status.ELIGIBLE, ()) for s in catalog.services}
    return catalog.sure_results


def is_settled(facts: Mapping[str, Any]) -> bool:
    months = facts.get(ARRIVAL)
    number = isinstance(months, int | float) and not isinstance(months, bool)
    return number and months >= SETTLED_AFTER_MONTHS


class _Planner:
    """The steps chosen so far, the services left out, and why each step is there."""

    def __init__(
        self, catalog: Catalog, facts: dict[str, Any], today: dt.date, needs: frozenset[str]
    ) -> None:
        self.catalog, self.facts, self.today, self.needs = catalog, facts, today, needs
        self.memo: dict = {}  # type: ignore[type-arg]
        #: assumed facts -> (the person's facts with them, the rule memo for those)
        self.trials: dict[str, tuple[dict[str, Any], dict]] = {}  # type: ignore[type-arg]
        self.chosen: dict[str, Result] = {}
        self.excluded: dict[str, ServiceSpec] = {}  # not eligible on the person's answers
        self.givers: list[str] = []  # chosen steps that give facts, in the order chosen
        self.required_by: dict[str, list[str]] = {}
        self.after: dict[str, tuple[str, ...]] = {}
        self.assumes: dict[str, dict[str, Any]] = {}

    def consider(self, service: ServiceSpec) -> Result:
        result = evaluate_service(self.catalog, service, self.facts, self.today, self.memo)
        if result.status is Status.NOT_ELIGIBLE:
            self.excluded[service.slug] = service
        else:
            self._add(result)
        return result

    def _add(self, result: Result) -> None:
        self.chosen[result.service.slug] = result
        if result.service.gives:
            self.givers.append(result.service.slug)

    def pull(self, queue: list[str]) -> None:
        """Add the prerequisites the person may use (someone already registered is "not
        eligible" for registration, so it is not added again)."""
        by_slug = self.catalog.by_slug
        while queue:
            slug = queue.pop()
            for needed in by_slug[slug].requires if slug in by_slug else ():
                service = by_slug.get(needed)
                if service is None or (service.opt_in and not service.topics & self.needs):
                    continue
                self.required_by.setdefault(needed, []).append(slug)
                known = needed in self.chosen or needed in self.excluded
                if not known and self.consider(service).status is not Status.NOT_ELIGIBLE:
                    queue.append(needed)

    def unlock(self) -> None:
        """Bring back services that the plan's own steps make possible, until nothing
        changes (a step unlocked by an unlocked step). Each left-out service is tried again
        only when the plan has new givers."""
        excluded, tried = self.excluded, set()
        while True:
            count = len(self.givers)
            plan = [self.chosen[slug] for slug in self.givers]
            plan.sort(key=lambda r: r.status is not Status.ELIGIBLE)  # eligible givers first
            offers = self._offers(plan)
            # Only services that read an answer some step would change (an index, not a
            # scan). A fact the person left unknown cannot have excluded anything by itself.
            changing = [key for key in offers if key in self.facts]
            readers = self.catalog.readers(self.today) if changing else {}
            todo = {
                s.slug: s
                for key in changing
                for s in readers.get(key, ())
                if s.slug in excluded and (s.slug, count) not in tried
            }
            for s in self.catalog.waiting_on_gives:
                if s.slug in excluded and (s.slug, count) not in tried:
                    todo[s.slug] = s
            if not todo:
                return
            for slug, service in todo.items():
                tried.add((slug, count))
                if slug not in excluded:
                    continue  # brought in meanwhile, as a prerequisite of another
                own = self._offers(self._own(service)) if service.requires else {}
                reads = self.catalog.eligibility_reads(service, self.today)
                if any(k in self.facts and (k in offers or k in own) for k in reads):
                    self._try_unlock(service, reads, own, offers)

    def _offers(self, givers: list[Result]) -> dict[str, tuple[Any, Result]]:
        """fact -> (value, the first of `givers` that gives it), for facts they would change
        (an answer, or a fact the person did not know)."""
        facts = self.facts
        offers: dict[str, tuple[Any, Result]] = {}
        for giver in givers:
            for key, value in giver.service.gives.items():
                if key not in offers and value != facts.get(key, _MISSING):
                    offers[key] = (value, giver)
        return offers

    def _own(self, service: ServiceSpec) -> list[Result]:
        """The service's own prerequisites that give facts and that the person may use:
        they join the plan with it (pull) if it needs what they give."""
        pool: list[Result] = []
        for needed in service.requires:
            prerequisite = self.catalog.by_slug.get(needed)
            if prerequisite is None or not prerequisite.gives or needed in self.excluded:
                continue
            if prerequisite.opt_in and not prerequisite.topics & self.needs:
                continue
            result = self.chosen.get(needed) or evaluate_service(
                self.catalog, prerequisite, self.facts, self.today, self.memo
            )
            if result.status is not Status.NOT_ELIGIBLE:
                pool.append(result)
        return pool

    def _try_unlock(
        self,
        service: ServiceSpec,
        reads: frozenset[str],
        own: dict[str, tuple[Any, Result]],
        plan: dict[str, tuple[Any, Result]],
    ) -> None:
        """Evaluate `service` as if the steps that give what it reads were done; best
        givers first: its own prerequisites, then the plan's eligible, then maybe givers."""
        by_giver: dict[str, Result] = {}
        overlay: dict[str, Any] = {}
        for key in sorted(reads):
            offer = own.get(key) or plan.get(key)
            if offer is not None:
                overlay[key] = offer[0]
                by_giver.setdefault(offer[1].service.slug, offer[1])
        result = self._evaluate(service, overlay) if overlay else None
        if result is None or result.status == Status.NOT_ELIGIBLE:
            return
        if len(by_giver) > 1:  # keep only the steps it really waits for
            for slug in list(by_giver):
                fewer = {k: v for k, v in overlay.items() if not _gives(by_giver[slug], k, v)}
                again = self._evaluate(service, fewer)
                if again.status is result.status:  # not needed: as good without it
                    del by_giver[slug]
                    overlay, result = fewer, again
        givers = list(by_giver.values())
        sure = result.status == Status.ELIGIBLE and all(g.status == Status.ELIGIBLE for g in givers)
        deciding = dict.fromkeys(result.deciding)
        for giver in givers:
            deciding.update(dict.fromkeys(giver.deciding))
        del self.excluded[service.slug]
        self._add(Result(service, Status.ELIGIBLE if sure else Status.UNKNOWN, tuple(deciding)))
        self.after[service.slug] = tuple(g.service.slug for g in givers)
        self.assumes[service.slug] = overlay
        self.pull([service.slug])

    def _evaluate(self, service: ServiceSpec, overlay: dict[str, Any]) -> Result:
        # One memo per set of assumed facts: the memo is keyed by rule only.
        key = repr(sorted(overlay.items()))
        if key not in self.trials:
            self.trials[key] = ({**self.facts, **overlay}, {})
        trial, memo = self.trials[key]
        return evaluate_service(self.catalog, service, trial, self.today, memo)


def _gives(giver: Result, key: str, value: Any) -> bool:
    return key in giver.service.gives and giver.service.gives[key] == value


def _gaps(
    catalog: Catalog, answers: Answers, chosen: dict[str, Result], facts: Mapping[str, Any]
) -> list[Gap]:
    district = facts.get(DISTRICT)
    gaps = []
    for need in answers.needs:
        family = catalog.topic_family(need)
        if any(r.service.topics & family for r in chosen.values()):
            continue
        # Only services anyone may use, never a sensitive one nobody asked for, and none
        # in a district the person said they do not live in.
        open_here = [
            s
            for s in catalog.services
            if s.topics & family
            and s.open_to_all
            and s.audience == "newcomers"
            and not s.opt_in
            and (not s.areas or district is None or district in s.areas)
        ]
        if not open_here and catalog.welcome_service in catalog.by_slug:
            open_here = [catalog.by_slug[catalog.welcome_service]]
        gaps.append(Gap(need, open_here))
    return gaps
