"""The order of a plan against a straightforward statement of the ordering policy.

`order_steps` packs its sort key into integers and precomputes what it can per catalog, so
that a plan of thousands of steps stays fast. `reference_order` below says the same policy
the plain way (a tuple per step, a fixpoint over the prerequisites) and every plan here,
on random catalogs and random people, must come out exactly as it says: the same steps in
the same order, with the same phases and urgent flags.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

import pytest

from navigator.content.loader import check_pack
from navigator.eligibility import Rule, Status, status_of
from navigator.pathway import engine
from navigator.pathway.catalog import PHASES, Catalog, FactSpec, ServiceSpec
from navigator.pathway.order import (
    ARRIVAL,
    CHOSEN,
    CHOSEN_MAYBE,
    GENERAL,
    PHASE_RANK,
    SETTLED_WELCOME_PHASE,
    URGENT,
    WELCOME,
)
from navigator.pathway.personas import catalog_from_pack
from navigator.pathway.plan import Plan, Step, build_plan, is_settled
from tests.conftest import DEMO_PACK

TODAY = dt.date(2026, 11, 24)
TOPICS = {
    "health": None,
    "mental-health": "health",
    "work": None,
    "housing": None,
    "legal": None,
    "return": "legal",
    "urgent": None,
}
DISTRICTS = ("north", "south", "east")
FACTS = {
    "needs": FactSpec("needs", "multi", tuple(t for t, p in TOPICS.items() if p is None)),
    "status": FactSpec("status", "choice", ("refugee", "worker", "none"), position=1),
    "age": FactSpec("age", "number", minimum=0, maximum=120, position=2),
    ARRIVAL: FactSpec(ARRIVAL, "number", minimum=0, position=3),
    "registered": FactSpec("registered", "boolean", position=4),
    "tax_id": FactSpec("tax_id", "boolean", position=5),
    "housing": FactSpec("housing", "choice", ("own_home", "no_home"), position=6),
    "district": FactSpec("district", "choice", DISTRICTS, position=7),
    "is_minor": FactSpec("is_minor", None, derived={"<": [{"var": "age"}, 18]}, position=8),
}
RULES = [
    {"==": [{"var": "status"}, "refugee"]},
    {"!=": [{"var": "status"}, "none"]},
    {"==": [{"var": "registered"}, True]},
    {"==": [{"var": "tax_id"}, True]},
    {"and": [{"==": [{"var": "registered"}, True]}, {"==": [{"var": "status"}, "worker"]}]},
    {"or": [{"var": "is_minor"}, {"==": [{"var": "status"}, "refugee"]}]},
    {">=": [{"var": "age"}, 18]},
    {"<": [{"var": ARRIVAL}, 12]},
]
URGENT_WHEN = [
    {"==": [{"var": "housing"}, "no_home"]},
    {"var": "is_minor"},
    {"<": [{"var": ARRIVAL}, 1]},
]
GIVES = [{"registered": True}, {"tax_id": True}, {"registered": True, "tax_id": True}]


def random_catalog(rng: random.Random) -> Catalog:
    """A small city: services under shared rules, prerequisites on earlier services (as a
    validated pack has no prerequisite cycles), some giving facts, some urgent, some only
    for some districts, a welcome service now and then."""
    count = rng.randint(2, 24)
    # Slugs that sort differently from the services' order, some sharing a prefix.
    slugs = rng.sample([f"{a}{b}" for a in "abcdwxyz" for b in ("", "-1", "-2", "x")], count)
    services = []
    for index, slug in enumerate(slugs):
        earlier = slugs[:index]
        services.append(
            ServiceSpec(
                id=index + 1,
                slug=slug,
                topics=frozenset(rng.sample(list(TOPICS), rng.choice((1, 1, 1, 2, 3)))),
                phase=rng.choice(PHASES),
                open_to_all=rng.random() < 0.2,
                rules=(Rule(rng.choice(RULES)),) if rng.random() < 0.7 else (),
                requires=tuple(rng.sample(earlier, min(len(earlier), rng.choice((0, 0, 1, 2))))),
                audience="newcomers" if rng.random() < 0.95 else "staff",
                opt_in=rng.random() < 0.1,
                gives=dict(rng.choice(GIVES)) if rng.random() < 0.2 else {},
                urgent_when=rng.choice(URGENT_WHEN) if rng.random() < 0.15 else None,
                areas=frozenset(rng.sample(DISTRICTS, rng.randint(1, 2)))
                if rng.random() < 0.15
                else frozenset(),
            )
        )
    welcome = rng.choice(slugs) if rng.random() < 0.6 else None
    return Catalog(FACTS, services, TOPICS, welcome, urgent_topics=frozenset({"urgent"}))


def random_answers(rng: random.Random) -> engine.Answers:
    """Someone who answered some questions, skipped some and chose some needs, in order."""
    possible = {
        "status": rng.choice(FACTS["status"].options),
        "age": rng.choice((5, 17, 18, 40)),
        ARRIVAL: rng.choice((0, 3, 11, 12, 30)),
        "registered": rng.random() < 0.5,
        "tax_id": rng.random() < 0.5,
        "housing": rng.choice(FACTS["housing"].options),
        "district": rng.choice(DISTRICTS),
    }
    values = {k: v for k, v in possible.items() if rng.random() < 0.6}
    skipped = frozenset(k for k in possible if k not in values and rng.random() < 0.3)
    needs = tuple(rng.sample(list(TOPICS), rng.choice((0, 0, 1, 2, 3))))
    return engine.Answers(needs, bool(needs) or rng.random() < 0.5, values, skipped)


def reference_order(
    catalog: Catalog, steps: list[Step], needs: tuple[str, ...], facts: Mapping[str, Any]
) -> list[tuple[str, str, bool]] | None:
    """(slug, phase, urgent) of each step, in the order the module docstring of
    navigator.pathway.order states; None when the plan's prerequisites form a cycle."""
    recent = not is_settled(facts)
    in_plan = {step.service.slug: step for step in steps}
    families = [catalog.topic_family(need) for need in needs]
    urgent_needs = set().union(
        *(catalog.topic_family(need) for need in needs if need in catalog.urgent_topics)
    )
    phase: dict[str, int] = {}
    rank: dict[str, tuple[int, int, bool, int]] = {}
    urgent: dict[str, bool] = {}
    for step in steps:
        service = step.service
        slug = service.slug
        need = next((i for i, f in enumerate(families) if service.topics & f), len(needs))
        maybe = step.result.status is not Status.ELIGIBLE
        urgent[slug] = bool(service.topics & urgent_needs) or (
            service.urgent_when is not None
            and status_of(service.urgent_when, facts, catalog.derived)[0] is Status.ELIGIBLE
        )
        if urgent[slug]:
            tier = URGENT
        elif need < len(needs):
            tier = CHOSEN_MAYBE if maybe else CHOSEN
        else:
            tier = GENERAL
        phase[slug] = PHASE_RANK[service.phase]
        boost = 1
        if slug == catalog.welcome_service:
            if recent:
                tier, boost = min(tier, WELCOME), 0
            else:
                phase[slug] = max(phase[slug], SETTLED_WELCOME_PHASE)
        rank[slug] = (tier, need, maybe, boost)
    waits_for = {
        step.service.slug: [b for b in (*step.service.requires, *step.after) if b in in_plan]
        for step in steps
    }
    if _has_cycle(waits_for):
        return None
    # A prerequisite takes the earliest phase and the best rank of whatever waits for it.
    changed = True
    while changed:
        changed = False
        for later, befores in waits_for.items():
            for before in befores:
                best = (min(phase[before], phase[later]), min(rank[before], rank[later]))
                if best != (phase[before], rank[before]):
                    phase[before], rank[before] = best
                    changed = True
    levels: dict[str, int] = {}

    def level(slug: str) -> int:  # the longest chain of prerequisites below `slug`
        if slug not in levels:
            levels[slug] = max((level(b) + 1 for b in waits_for[slug]), default=0)
        return levels[slug]

    waited_for = {b for befores in waits_for.values() for b in befores}

    def key(slug: str) -> tuple[Any, ...]:
        topics = len(in_plan[slug].service.topics)
        return (phase[slug], rank[slug], slug not in waited_for, level(slug), topics, slug)

    return [(slug, PHASES[phase[slug]], urgent[slug]) for slug in sorted(in_plan, key=key)]


def _has_cycle(waits_for: dict[str, list[str]]) -> bool:
    state: dict[str, int] = {}  # 1: on the path being explored, 2: done

    def visit(slug: str) -> bool:
        state[slug] = 1
        for before in waits_for[slug]:
            if state.get(before) == 1 or (before not in state and visit(before)):
                return True
        state[slug] = 2
        return False

    return any(slug not in state and visit(slug) for slug in list(waits_for))


def as_ordered(plan: Plan) -> list[tuple[str, str, bool]]:
    return [(step.service.slug, step.phase, step.urgent) for step in plan.steps]


def check(catalog: Catalog, answers: engine.Answers, today: dt.date = TODAY) -> bool:
    """Whether the plan is ordered as the reference says (False: a cycle, not compared)."""
    plan = build_plan(catalog, answers, today)
    expected = reference_order(catalog, plan.steps, answers.needs, answers.facts())
    if expected is None:
        return False
    assert as_ordered(plan) == expected, (answers, catalog.welcome_service)
    return True


@pytest.mark.parametrize("seed", range(5))
def test_plans_on_random_catalogs_are_ordered_as_the_reference_says(seed: int):
    rng = random.Random(seed)
    compared = 0
    for _catalog in range(100):
        cat = random_catalog(rng)
        for _person in range(15):
            compared += check(cat, random_answers(rng))
    assert compared > 1400  # very few plans have a prerequisite cycle (through `after`)


def test_demo_plans_are_ordered_as_the_reference_says():
    cat = catalog_from_pack(check_pack(DEMO_PACK))
    facts = [f for f in cat.asked if f.key != engine.NEEDS]
    top = [t for t, parent in cat.topic_parent.items() if parent is None]
    rng = random.Random(7)
    for _person in range(150):
        values: dict[str, Any] = {}
        for fact in facts:
            if rng.random() < 0.5:
                continue
            if fact.kind == "boolean":
                values[fact.key] = rng.random() < 0.5
            elif fact.kind == "choice" and fact.options:
                values[fact.key] = rng.choice(fact.options)
            elif fact.kind == "multi" and fact.options:
                values[fact.key] = rng.sample(fact.options, rng.randint(0, 2))
            elif fact.kind == "number":
                values[fact.key] = rng.choice((0, 2, 11, 12, 17, 18, 25, 40, 67))
        needs = tuple(rng.sample(top, rng.randint(0, 3)))
        assert check(cat, engine.Answers(needs, True, values))


def test_a_prerequisite_cycle_through_an_unlocked_step_still_gives_every_step_once():
    # "register" needs the papers first; the papers need a registered address, which
    # registering gives: each waits for the other. The order must still end.
    cat = Catalog(
        FACTS,
        [
            ServiceSpec(1, "papers", frozenset({"legal"}), rules=(Rule(RULES[2]),)),
            ServiceSpec(
                2, "register", frozenset({"housing"}), requires=("papers",), gives=GIVES[0]
            ),
        ],
        TOPICS,
    )
    plan = build_plan(cat, engine.Answers((), True, {"registered": False}), TODAY)
    assert sorted(plan.slugs()) == ["papers", "register"]
    assert reference_order(cat, plan.steps, (), {"registered": False}) is None
