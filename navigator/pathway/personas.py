"""Test personas: does each rule decide what the pack's authors expect?

Runs straight from a pack's files (no database), so editors can check rules before they
load them: `flask --app navigator rules test content/demo`.

A persona pins its day (`today:`), so the result does not change with the calendar. A run
can move every persona's day forward (`years_ahead`) to check the rules in force later; a
persona declares what changes then under `expect_from: {YYYY-MM-DD: {...}}`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from navigator.content.reader import Pack
from navigator.eligibility import Rule, Status
from navigator.pathway import engine
from navigator.pathway.catalog import Catalog, FactSpec, ServiceSpec
from navigator.pathway.plan import Plan, build_plan

EXPECT = {
    "eligible": Status.ELIGIBLE,
    "not_eligible": Status.NOT_ELIGIBLE,
    "unknown": Status.UNKNOWN,
}
#: Plan checks a persona (or an `expect_from` entry) may declare.
PLAN_CHECKS = ("first_steps", "in_plan", "not_in_plan", "not_first", "unlocked_by")


def catalog_from_pack(pack: Pack) -> Catalog:
    ents = pack.entities
    option_sources = {
        "statuses": tuple(ents["statuses"]),
        "topics": tuple(k for k, t in ents["topics"].items() if "parent" not in t),
        "areas": tuple(ents["areas"]),
    }
    facts = {}
    for position, (key, f) in enumerate(ents["facts"].items()):
        options = tuple(o["value"] for o in f.get("options", ())) or option_sources.get(
            f.get("options_from", ""), ()
        )
        facts[key] = FactSpec(
            key, f.get("type"), options, f.get("min"), f.get("max"), f.get("derived"), position
        )
    services = []
    for index, (slug, s) in enumerate(ents["services"].items(), start=1):
        if s.get("status", "published") != "published":
            continue
        rules = tuple(
            Rule(
                r["rule"],
                r.get("reference", {}).get("text"),
                r.get("reference", {}).get("url"),
                _date(r.get("valid_from")),
                _date(r.get("valid_to")),
            )
            for r in s.get("eligibility", [])
        )
        services.append(
            ServiceSpec(
                index,
                slug,
                frozenset(s["topics"]),
                s.get("phase", "first-weeks"),
                s.get("open_to_all", False),
                rules,
                tuple(s.get("requires", [])),
                s.get("audience", "newcomers"),
                opt_in=s.get("opt_in", False),
                gives=dict(s.get("gives") or {}),
                urgent_when=s.get("urgent_when"),
                areas=frozenset(s.get("service_area", [])),
            )
        )
    parents = {k: t.get("parent") for k, t in ents["topics"].items()}
    urgent = frozenset(k for k, t in ents["topics"].items() if t.get("urgent"))
    return Catalog(facts, services, parents, pack.meta.get("welcome_service"), urgent_topics=urgent)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class Expectations:
    status: dict[str, str] = field(default_factory=dict)  # slug -> key of EXPECT
    first_steps: list[str] = field(default_factory=list)
    in_plan: list[str] = field(default_factory=list)
    not_in_plan: list[str] = field(default_factory=list)
    not_first: list[str] = field(default_factory=list)
    unlocked_by: dict[str, str] = field(default_factory=dict)  # step -> step that unlocks it


def expectations(persona: dict[str, Any], on: dt.date) -> Expectations:
    """The persona's expectations on a day: its own, then each `expect_from` entry whose
    date has come, in date order (a later entry overrides the services and checks it names)."""
    exp = Expectations()
    entries = [persona] + [
        later
        for start, later in sorted(persona.get("expect_from", {}).items())
        if dt.date.fromisoformat(start) <= on
    ]
    for entry in entries:
        for name, slugs in entry.get("expect", {}).items():
            exp.status.update(dict.fromkeys(slugs, name))
        for check in PLAN_CHECKS:
            if check in entry:
                setattr(exp, check, entry[check])
    return exp


def uncited(persona: dict[str, Any]) -> list[str]:
    """Expectations no `cites` entry covers (only for personas that cite seed lines)."""
    if "cites" not in persona:
        return []
    covered = {c for cite in persona["cites"] for c in cite["covers"]}
    needed: list[str] = []
    for entry in [persona, *persona.get("expect_from", {}).values()]:
        for slugs in entry.get("expect", {}).values():
            needed += slugs
        needed += entry.get("in_plan", []) + entry.get("not_in_plan", [])
        needed += list(entry.get("unlocked_by", {}))
        needed += [check for check in ("first_steps", "not_first") if entry.get(check)]
    return sorted(set(needed) - covered)


def shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass
class PersonaReport:
    id: str
    description: str
    date: dt.date | None = None
    pinned: bool = True
    failures: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def simulate(
    catalog: Catalog, facts: dict[str, Any], needs: list[str], today: dt.date
) -> list[str]:
    """Walk the adaptive questionnaire as this person would; returns the questions asked.

    A fact the persona does not know is answered "I don't know"."""
    answers = engine.Answers()
    asked: list[str] = []
    for _ in range(len(catalog.facts) + 1):
        results = engine.assess(catalog, answers, today)
        question = engine.next_question(catalog, answers, results, today).fact
        if question is None:
            break
        asked.append(question.key)
        if question.key == engine.NEEDS:
            answers = engine.Answers(tuple(needs), True, dict(answers.values), answers.skipped)
        elif question.key in facts:
            answers = engine.Answers(
                answers.needs,
                answers.needs_asked,
                {**answers.values, question.key: facts[question.key]},
                answers.skipped,
            )
        else:
            answers = engine.Answers(
                answers.needs,
                answers.needs_asked,
                dict(answers.values),
                answers.skipped | {question.key},
            )
    return asked


def check_plan(plan: Plan, exp: Expectations, published: set[str]) -> list[str]:
    """What is wrong with the plan's order and content, in words an editor can act on."""
    slugs = plan.slugs()
    named = [*exp.first_steps, *exp.in_plan, *exp.not_in_plan, *exp.not_first]
    named += [*exp.unlocked_by, *exp.unlocked_by.values()]
    failures = [f"{slug}: not a published service" for slug in named if slug not in published]
    first = exp.first_steps
    if first and slugs[: len(first)] != first:
        failures.append(f"first steps: expected {first}, plan starts {slugs[: len(first) + 2]}")
    missing = [s for s in exp.in_plan if s not in slugs]
    if missing:
        failures.append(f"missing from the plan: {', '.join(missing)}")
    unwanted = [s for s in exp.not_in_plan if s in slugs]
    if unwanted:
        failures.append(f"in the plan but must not be: {', '.join(unwanted)}")
    if slugs and slugs[0] in exp.not_first:
        failures.append(f"plan must not start with {slugs[0]}")
    steps = {step.service.slug: step for step in plan.steps}
    for slug, source in exp.unlocked_by.items():
        step = steps.get(slug)
        if step is None:
            failures.append(f"{slug}: missing from the plan (unlocked by {source})")
        elif source not in getattr(step, "after", ()):
            failures.append(f"{slug}: should come 'after' {source}, the plan does not say so")
        elif source not in slugs or slugs.index(source) > slugs.index(slug):
            failures.append(f"{slug}: comes before {source}, the step that unlocks it")
    return failures


def run(pack: Pack, today: dt.date | None = None, years_ahead: int = 0) -> list[PersonaReport]:
    """Check every persona on its pinned day (or on `today` when given), `years_ahead`
    years later when asked."""
    catalog = catalog_from_pack(pack)
    published = set(catalog.by_slug)
    reports = []
    for persona in pack.personas:
        pin = persona.get("today")
        base = today or (dt.date.fromisoformat(pin) if pin else dt.date.today())
        on = shift_years(base, years_ahead)
        report = PersonaReport(persona["id"], persona.get("description", ""), on, bool(pin))
        if not pin and not today:
            # Checked on the calendar's day, the result would change by itself one day.
            report.failures.append(f"no day pinned: add `today: {base}` (or run with --date)")
        exp = expectations(persona, on)
        facts = dict(persona["facts"])
        needs = list(persona.get("needs", []))
        known = engine.Answers(tuple(needs), True, facts)
        for slug, expected_name in exp.status.items():
            service = catalog.by_slug.get(slug)
            if service is None:
                report.failures.append(f"{slug}: not a published service")
                continue
            got = engine.evaluate_service(catalog, service, known.facts(), on).status
            if got != EXPECT[expected_name]:
                report.failures.append(f"{slug}: expected {expected_name}, got {got.value}")
        plan = build_plan(catalog, known, on)
        report.plan = plan.slugs()
        report.failures += check_plan(plan, exp, published)
        if missing := uncited(persona):
            report.failures.append(f"no seed line cited for: {', '.join(missing)}")
        report.questions = simulate(catalog, facts, needs, on)
        reports.append(report)
    return reports


def median_questions(reports: list[PersonaReport]) -> float:
    return statistics.median(len(r.questions) for r in reports) if reports else 0.0


def max_questions(reports: list[PersonaReport]) -> int:
    return max((len(r.questions) for r in reports), default=0)


def median_plan_length(reports: list[PersonaReport]) -> float:
    return statistics.median(len(r.plan) for r in reports) if reports else 0.0
