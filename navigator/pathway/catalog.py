"""A snapshot of what the referral engine needs: facts and services, as plain data.

Pure (no Flask, no database): the web layer builds a Catalog from the database once per
content version, tests build one by hand.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from navigator.eligibility import Rule, select_rule, variables

PHASES = ("first-days", "first-weeks", "first-months", "later")
#: the fact whose options are the city's areas (services may serve only some of them)
DISTRICT = "district"
_catalog_ids = itertools.count(1)


@dataclass(frozen=True)
class FactSpec:
    key: str
    kind: str | None  # choice, multi, number, boolean, date; None for derived facts
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    derived: Any = None
    position: int = 0

    @property
    def asked(self) -> bool:
        return self.kind is not None


@dataclass(frozen=True)
class ServiceSpec:
    id: int
    slug: str
    topics: frozenset[str]
    phase: str = "first-weeks"
    open_to_all: bool = False
    rules: tuple[Rule, ...] = ()
    requires: tuple[str, ...] = ()
    audience: str = "newcomers"
    #: sensitive: only for people who chose one of its topics as a need
    opt_in: bool = False
    #: facts that hold once the person has used this service
    gives: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    #: JSON Logic: urgent for a person when true
    urgent_when: Any = field(default=None, hash=False, compare=False)
    #: area slugs (districts) it serves; empty means the whole city
    areas: frozenset[str] = frozenset()

    def rule_on(self, today: dt.date) -> Rule | None:
        return select_rule(self.rules, today)


@dataclass
class Catalog:
    facts: Mapping[str, FactSpec]
    services: list[ServiceSpec]
    #: topic slug -> its parent's slug (None at the top)
    topic_parent: Mapping[str, str | None] = field(default_factory=dict)
    welcome_service: str | None = None
    version: Any = 0
    #: topics marked urgent (urgent help): their services come first for whoever chose them
    urgent_topics: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Compiled rules are cached under this id: unique per catalog, never reused.
        self.cache_id = next(_catalog_ids)
        # What the web layer keeps for as long as this content version lasts (plan cards).
        self.extras: dict[str, Any] = {}
        #: the services relevant to someone who chose no need (engine.relevant), once
        self.for_everyone: tuple[ServiceSpec, ...] | None = None
        #: day -> what a plan's hot loop reads of each service that day (pathway.plan)
        self.plan_rows: dict[dt.date, Any] = {}
        self.by_slug = {s.slug: s for s in self.services}
        #: slug -> place when plan steps tie on everything else (pathway.order): the more
        #: specific service (fewer topics) first, then by slug
        self.tie_order = {
            s.slug: place
            for place, s in enumerate(sorted(self.services, key=lambda s: (len(s.topics), s.slug)))
        }
        #: services whose plan step is ordered by more than its phase, status and needs
        #: (pathway.order): it may wait for another, be urgent, or be the welcome service
        self.ordered_apart = frozenset(
            s.slug
            for s in self.services
            if s.requires or s.urgent_when is not None or s.slug == self.welcome_service
        )
        # Identical rules (a city has many services under the same rule) share one compiled
        # closure and, within one evaluation pass, one result.
        self.rule_keys: dict[int, str] = {
            id(rule): json.dumps(rule.logic, sort_keys=True, separators=(",", ":"))
            for service in self.services
            for rule in service.rules
        }
        # Urgency conditions are compiled and cached like rules, under their own keys.
        self.urgent_keys: dict[int, str] = {
            s.id: "urgent:" + json.dumps(s.urgent_when, sort_keys=True, separators=(",", ":"))
            for s in self.services
            if s.urgent_when is not None
        }
        self._reads: dict[str, frozenset[str]] = {}
        #: services with a prerequisite that gives facts (which may make them possible)
        self.waiting_on_gives = [
            s
            for s in self.services
            if any(p in self.by_slug and self.by_slug[p].gives for p in s.requires)
        ]
        self._readers: dict[dt.date, dict[str, list[ServiceSpec]]] = {}
        self._eligibility_reads: dict[dt.date, dict[int, frozenset[str]]] = {}
        self._numbers: set[float] | None = None
        self._in_force: dict[dt.date, dict[int, Rule | None]] = {}
        self._checks: dict[dt.date, dict[int, tuple[str, Any] | None]] = {}
        self.derived = {k: f.derived for k, f in self.facts.items() if f.derived is not None}
        self.asked = sorted((f for f in self.facts.values() if f.asked), key=lambda f: f.position)

    def rule_in_force(self, service: ServiceSpec, today: dt.date) -> Rule | None:
        """The service's rule on `today`, chosen once per day for the whole catalog."""
        by_service = self._in_force.get(today)
        if by_service is None:
            by_service = {s.id: s.rule_on(today) for s in self.services if s.rules}
            self._in_force = {today: by_service}  # keep one day: the date moves forward
        return by_service.get(service.id)

    def checks(self, today: dt.date) -> dict[int, tuple[str, Any] | None]:
        """{service id: (rule key, logic) of its rule in force on `today`, or None when
        nothing limits who may use it} — what the plan's hot loop evaluates, per day."""
        found = self._checks.get(today)
        if found is None:
            found = {}
            for service in self.services:
                rule = None if service.open_to_all else self.rule_in_force(service, today)
                found[service.id] = (self.rule_keys[id(rule)], rule.logic) if rule else None
            self._checks = {today: found}
        return found

    def reads(self, rule: Rule) -> frozenset[str]:
        """The facts a rule depends on, derived facts with the facts they are made of (what
        a step's `gives` must touch to change the rule's result)."""
        key = self.rule_keys.get(id(rule)) or json.dumps(rule.logic, sort_keys=True)
        found = self._reads.get(key)
        if found is None:
            names: set[str] = set()
            todo = list(variables(rule.logic))
            while todo:
                name = todo.pop()
                if name not in names:
                    names.add(name)
                    if name in self.derived:
                        todo += variables(self.derived[name])
            found = self._reads[key] = frozenset(names)
        return found

    def readers(self, today: dt.date) -> dict[str, list[ServiceSpec]]:
        """fact -> the services whose eligibility on `today` reads it (their rule in force,
        and `district` for those serving only some areas). Built once per day."""
        found = self._readers.get(today)
        if found is None:
            found = {}
            for service in self.services:
                for fact in self.eligibility_reads(service, today):
                    found.setdefault(fact, []).append(service)
            self._readers = {today: found}  # keep one day: the date moves forward
        return found

    def eligibility_reads(self, service: ServiceSpec, today: dt.date) -> frozenset[str]:
        """The facts the service's eligibility depends on today (worked out once per day for
        every service: a plan asks for hundreds of them)."""
        by_service = self._eligibility_reads.get(today)
        if by_service is None:
            by_service = {}
            for each in self.services:
                rule = None if each.open_to_all else self.rule_in_force(each, today)
                reads = self.reads(rule) if rule is not None else frozenset()
                by_service[each.id] = reads | {DISTRICT} if each.areas else reads
            self._eligibility_reads = {today: by_service}  # keep one day, as the others
        return by_service[service.id]

    def numbers(self) -> set[float]:
        """Every number the rules and derived facts compare with (probe answers)."""
        if self._numbers is None:
            found: set[float] = set()
            for logic in [
                *(json.loads(k) for k in set(self.rule_keys.values())),
                *self.derived.values(),
            ]:
                _collect_numbers(logic, found)
            self._numbers = found
        return self._numbers

    def topic_family(self, topic: str) -> set[str]:
        """A topic and its sub-topics: a need for 'health' covers 'mental-health'."""
        return {topic} | {t for t, parent in self.topic_parent.items() if parent == topic}


def _collect_numbers(logic: Any, into: set[float]) -> None:
    if isinstance(logic, bool):
        return
    if isinstance(logic, int | float):
        into.add(float(logic))
    elif isinstance(logic, list):
        for item in logic:
            _collect_numbers(item, into)
    elif isinstance(logic, dict):
        for value in logic.values():
            _collect_numbers(value, into)
