"""The personal referral path: eligible and maybe-eligible services, phase by phase,
prerequisites first, and alternatives where a need has no service.

A service the person cannot use *yet*, only because of something an earlier step gives
(registering an address gives "registered address"), stays in the plan after that step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any

from navigator.eligibility import Status, status_of
from navigator.pathway.catalog import DISTRICT, PHASES, Catalog, ServiceSpec
from navigator.pathway.engine import Answers, Result, evaluate_service, in_area, relevant
from navigator.pathway.order import ARRIVAL, SETTLED_AFTER_MONTHS, order_steps

_MISSING = object()
_NO_FACTS: Mapping[str, Any] = MappingProxyType({})
#: Result((service, status, deciding)) as the named tuple's own constructor makes it, without
#: its Python-level __new__: the hot loop makes thousands ("maybe" services)
_new_result = partial(tuple.__new__, Result)


@dataclass(slots=True)
class Step:
    result: Result
    phase: str
    #: slugs of steps that need this one (a tuple: most steps have none, and `()` is free)
    required_by: tuple[str, ...] = ()
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
    chosen, excluded, memo, givers = planner.chosen, planner.excluded, planner.memo, planner.givers
    waiting: list[str] = []  # chosen services with prerequisites, in the order chosen
    # The hot loop, over thousands of services: evaluate_service inlined, each distinct rule
    # evaluated once (memo), no Result for a service left out, the step of a service made
    # as it is chosen.
    derived, cache_id = catalog.derived, catalog.cache_id
    eligible, excluded_status = (Status.ELIGIBLE, ()), Status.NOT_ELIGIBLE
    for service, slug, phase, rule_key, logic, sure, extras in _rows(catalog, today, answers.needs):
        if rule_key is None:
            result = sure
        else:
            outcome = memo.get(rule_key)
            if outcome is None:
                outcome = status_of(logic, facts, derived, key=(cache_id, rule_key))
                memo[rule_key] = outcome = eligible if outcome == eligible else outcome
            if outcome is eligible:
                result = sure
            elif outcome[0] is excluded_status:
                excluded[slug] = service
                continue
            else:
                result = _new_result((service, *outcome))
        if extras:  # few services: only some areas, gives facts, prerequisites
            if service.areas:
                result = in_area(result, facts)
                if result.status is excluded_status:
                    excluded[slug] = service
                    continue
            if service.gives:
                givers.append(slug)
            if service.requires:
                waiting.append(slug)
        chosen[slug] = Step(result, phase, (), (), _NO_FACTS)  # no default factory to call
    planner.pull(waiting)
    planner.unlock()
    # Only now is it known which of the steps that need a prerequisite are in the plan.
    for slug, needed_by in planner.required_by.items():
        if slug in chosen:
            chosen[slug].required_by = tuple(sorted(u for u in needed_by if u in chosen))
    settled = is_settled(facts)
    ordered = order_steps(catalog, chosen, answers.needs, facts, recent=not settled)
    return Plan(ordered, _gaps(catalog, answers, chosen, facts), settled)


#: what the plan's hot loop reads of a service on one day: (service, slug, phase, rule key
#: and logic (None, None when nothing limits who may use it), its Result when eligible,
#: whether it serves only some areas, gives facts or has prerequisites)
_Row = tuple[ServiceSpec, str, str, str | None, Any, Result, bool]


def _rows(catalog: Catalog, today: dt.date, needs: tuple[str, ...]) -> Sequence[_Row]:
    """The relevant services as the hot loop reads them: worked out once per day for the
    whole catalog (attribute and dictionary look-ups add up over thousands of services)."""
    by_id, everyone = catalog.plan_rows.get(today) or (None, None)
    if by_id is None:
        checks = catalog.checks(today)
        by_id = {
            s.id: (
                s,
                s.slug,
                s.phase,
                *(checks[s.id] or (None, None)),
                Result(s, Status.ELIGIBLE, ()),  # the same for everyone: immutable
                bool(s.areas or s.gives or s.requires),
            )
            for s in catalog.services
        }
        everyone = tuple(by_id[s.id] for s in relevant(catalog, ()))
        catalog.plan_rows = {today: (by_id, everyone)}  # keep one day: the date moves forward
    if not needs:
        return everyone
    return [by_id[s.id] for s in relevant(catalog, needs)]


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
        self.chosen: dict[str, Step] = {}  # slug -> its step, in the order chosen
        self.excluded: dict[str, ServiceSpec] = {}  # not eligible on the person's answers
        self.givers: list[str] = []  # chosen steps that give facts, in the order chosen
        self.required_by: dict[str, list[str]] = {}

    def consider(self, service: ServiceSpec) -> Result:
        result = evaluate_service(self.catalog, service, self.facts, self.today, self.memo)
        if result.status is Status.NOT_ELIGIBLE:
            self.excluded[service.slug] = service
        else:
            self._add(result)
        return result

    def _add(self, result: Result) -> Step:
        step = self.chosen[result.service.slug] = Step(
            result, result.service.phase, (), (), _NO_FACTS
        )
        if result.service.gives:
            self.givers.append(result.service.slug)
        return step

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
            plan = [self.chosen[slug].result for slug in self.givers]
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
                # Worth a try only if some step would change an answer the service reads.
                if not reads.isdisjoint(changing) or (
                    own and any(k in reads and k in self.facts for k in own)
                ):
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
            step = self.chosen.get(needed)
            result = (
                step.result
                if step is not None
                else evaluate_service(self.catalog, prerequisite, self.facts, self.today, self.memo)
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
        step = self._add(
            Result(service, Status.ELIGIBLE if sure else Status.UNKNOWN, tuple(deciding))
        )
        step.after = tuple(g.service.slug for g in givers)
        step.assumes = overlay
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
    catalog: Catalog, answers: Answers, chosen: dict[str, Step], facts: Mapping[str, Any]
) -> list[Gap]:
    district = facts.get(DISTRICT)
    gaps = []
    for need in answers.needs:
        family = catalog.topic_family(need)
        if any(step.service.topics & family for step in chosen.values()):
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
