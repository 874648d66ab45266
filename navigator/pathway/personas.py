"""Test personas: does each rule decide what the pack's authors expect?

Runs straight from a pack's files (no database), so editors can check rules before they
load them: `flask --app navigator rules test content/demo`.
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
from navigator.pathway.plan import build_plan

EXPECT = {
    "eligible": Status.ELIGIBLE,
    "not_eligible": Status.NOT_ELIGIBLE,
    "unknown": Status.UNKNOWN,
}


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
            )
        )
    parents = {k: t.get("parent") for k, t in ents["topics"].items()}
    return Catalog(facts, services, parents, pack.meta.get("welcome_service"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class PersonaReport:
    id: str
    description: str
    failures: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)


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


def run(pack: Pack, today: dt.date) -> list[PersonaReport]:
    catalog = catalog_from_pack(pack)
    reports = []
    for persona in pack.personas:
        report = PersonaReport(persona["id"], persona.get("description", ""))
        facts = dict(persona["facts"])
        needs = list(persona.get("needs", []))
        known = engine.Answers(tuple(needs), True, facts)
        for expected_name, slugs in persona["expect"].items():
            for slug in slugs:
                service = catalog.by_slug.get(slug)
                if service is None:
                    report.failures.append(f"{slug}: not a published service")
                    continue
                got = engine.evaluate_service(catalog, service, known.facts(), today).status
                if got != EXPECT[expected_name]:
                    report.failures.append(f"{slug}: expected {expected_name}, got {got.value}")
        plan = build_plan(catalog, known, today)
        report.plan = plan.slugs()
        first = persona.get("first_steps", [])
        if first and report.plan[: len(first)] != first:
            report.failures.append(
                f"first steps: expected {first}, plan starts {report.plan[: len(first) + 2]}"
            )
        report.questions = simulate(catalog, facts, needs, today)
        reports.append(report)
    return reports


def median_questions(reports: list[PersonaReport]) -> float:
    return statistics.median(len(r.questions) for r in reports) if reports else 0.0
