"""Property tests on the referral engine and the answers token, with answers generated from
the demo pack's own facts (types, options, ranges). The JSON Logic evaluator's own
properties live in tests/eligibility/test_properties.py and are not repeated here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.content.loader import check_pack
from navigator.eligibility import Status
from navigator.pathway import engine
from navigator.pathway.catalog import Catalog, FactSpec
from navigator.pathway.personas import catalog_from_pack
from navigator.pathway.plan import build_plan
from navigator.questionnaire import token as tokens
from tests.conftest import DEMO_PACK, FIXED_NOW

CATALOG: Catalog = catalog_from_pack(check_pack(DEMO_PACK))
TODAY = FIXED_NOW.date()
ASKED = [f for f in CATALOG.asked if f.key != engine.NEEDS]
DERIVED = {k for k, f in CATALOG.facts.items() if f.derived is not None}
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def test_the_demo_catalog_has_every_kind_of_question():
    kinds = {f.kind for f in ASKED}
    assert {"choice", "multi", "number", "boolean"} <= kinds
    assert engine.NEEDS in CATALOG.facts and DERIVED


def value_for(fact: FactSpec) -> st.SearchStrategy[Any]:
    if fact.kind == "boolean":
        return st.booleans()
    if fact.kind == "choice":
        return st.sampled_from(fact.options)
    if fact.kind == "multi":
        return st.lists(st.sampled_from(fact.options), unique=True, max_size=len(fact.options))
    if fact.kind == "number":
        low = fact.minimum if fact.minimum is not None else 0
        high = fact.maximum if fact.maximum is not None else 10**6
        return st.integers(int(low), int(high)) | st.floats(low, high, allow_nan=False)
    if fact.kind == "date":
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)
    raise AssertionError(fact.kind)


@st.composite
def answers(draw: st.DrawFn) -> engine.Answers:
    """What a person could have told the questionnaire, in some order."""
    states = draw(
        st.fixed_dictionaries(
            {f.key: st.sampled_from(["unasked", "answered", "skipped"]) for f in ASKED}
        )
    )
    values = {f.key: draw(value_for(f), label=f.key) for f in ASKED if states[f.key] == "answered"}
    skipped = frozenset(k for k, s in states.items() if s == "skipped")
    needs_asked = draw(st.booleans())
    needs_options = CATALOG.facts[engine.NEEDS].options
    needs = (
        tuple(draw(st.lists(st.sampled_from(needs_options), unique=True))) if needs_asked else ()
    )
    keys = [*values, *skipped] + ([engine.NEEDS] if needs_asked else [])
    order = tuple(draw(st.permutations(keys)))
    return engine.Answers(needs, needs_asked, values, skipped, order)


dates = st.just(TODAY) | st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


@SETTINGS
@given(person=answers(), today=dates)
def test_next_question_is_never_answered_derived_or_useless(person, today):
    results = engine.assess(CATALOG, person, today)
    nxt = engine.next_question(CATALOG, person, results, today)
    if nxt.fact is None:
        assert nxt.remaining == 0
        # Nothing left to ask: every open question could decide nothing.
        return
    fact = nxt.fact
    assert nxt.remaining >= 1
    assert fact.asked and fact.key not in DERIVED
    if fact.key == engine.NEEDS:
        assert not person.needs_asked
    else:
        assert person.needs_asked or engine.NEEDS not in CATALOG.facts, "needs come first"
        assert not person.asked(fact.key), f"{fact.key} was already answered"
        assert fact.key not in person.values and fact.key not in person.skipped
        # Some undecided service depends on it.
        assert any(r.status is Status.UNKNOWN and fact.key in r.deciding for r in results), fact.key


@SETTINGS
@given(person=answers(), today=dates)
def test_build_plan_only_holds_services_the_person_may_use(person, today):
    plan = build_plan(CATALOG, person, today)
    facts = person.facts()
    slugs = plan.slugs()
    assert len(slugs) == len(set(slugs)), "a service twice in the plan"
    position = {slug: i for i, slug in enumerate(slugs)}
    givers = {slug for step in plan.steps for slug in step.after}
    for step in plan.steps:
        assert step.result.status is not Status.NOT_ELIGIBLE, step.service.slug
        # An unlocked step holds once the steps before it have given what it needs.
        again = engine.evaluate_service(CATALOG, step.service, {**facts, **step.assumes}, today)
        if not step.after:
            assert again.status is step.result.status
        else:
            assert again.status is not Status.NOT_ELIGIBLE, step.service.slug
            assert step.assumes, "an unlocked step says what it counts on"
        for needed in (*step.service.requires, *step.after):
            if needed in position:
                assert position[needed] < position[step.service.slug], "prerequisite after"
        for giver in step.after:
            assert giver in position, f"{step.service.slug} waits for a step not in the plan"
    relevant = {s.slug for s in engine.relevant(CATALOG, person.needs)}
    for step in plan.steps:
        slug = step.service.slug
        assert slug in relevant or step.required_by or slug in givers, slug
    for gap in plan.gaps:
        assert gap.need in person.needs
        for service in gap.alternatives:
            assert service.open_to_all or service.slug == CATALOG.welcome_service


@SETTINGS
@given(person=answers())
def test_token_round_trips_any_answers_from_the_questionnaire(app, person):
    with app.test_request_context():
        token = tokens.encode(person)
        assert len(token) <= 4000, "a token the app made must be one it accepts"
        assert tokens.decode(token) == person


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@SETTINGS
@given(
    values=st.dictionaries(st.text(min_size=1, max_size=20), json_value, max_size=6),
    skipped=st.frozensets(st.text(max_size=20), max_size=4),
    needs=st.none() | st.lists(st.text(max_size=12), max_size=5),
    order=st.lists(st.text(max_size=20), max_size=6),
)
def test_token_round_trips_arbitrary_answers_or_refuses_clearly(app, values, skipped, needs, order):
    person = engine.Answers(tuple(needs or ()), needs is not None, values, skipped, tuple(order))
    with app.test_request_context():
        token = tokens.encode(person)
        if len(token) > 4000:
            with pytest.raises(tokens.TokenError):
                tokens.decode(token)
        else:
            assert tokens.decode(token) == person


def test_the_largest_possible_answers_fit_in_a_token(app):
    values: dict[str, Any] = {}
    for fact in ASKED:
        if fact.kind in ("choice",):
            values[fact.key] = max(fact.options, key=len)
        elif fact.kind == "multi":
            values[fact.key] = list(fact.options)
        elif fact.kind == "number":
            values[fact.key] = (fact.maximum or 10**6) - 0.1234567890123456
        elif fact.kind == "boolean":
            values[fact.key] = True
        else:
            values[fact.key] = "2026-11-24"
    needs = CATALOG.facts[engine.NEEDS].options
    person = engine.Answers(tuple(needs), True, values, frozenset(), (engine.NEEDS, *values))
    with app.test_request_context():
        token = tokens.encode(person)
        assert len(token) < 4000
        assert tokens.decode(token) == person


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    persona=st.fixed_dictionaries(
        {f.key: st.none() | value_for(f) for f in ASKED}  # None: "I don't know"
    ),
    needs=st.lists(st.sampled_from(CATALOG.facts[engine.NEEDS].options), unique=True, max_size=3),
)
def test_walking_the_questionnaire_asks_each_question_once_and_ends(app, persona, needs):
    """The web flow: next question, answer it through the token, repeat."""
    person = engine.Answers()
    asked: list[str] = []
    with app.test_request_context():
        for _step in range(len(CATALOG.asked) + 1):
            results = engine.assess(CATALOG, person, TODAY)
            fact = engine.next_question(CATALOG, person, results, TODAY).fact
            if fact is None:
                break
            assert fact.key not in asked, f"{fact.key} asked twice"
            asked.append(fact.key)
            if fact.key == engine.NEEDS:
                person = tokens.with_needs(person, needs)
            elif persona[fact.key] is None:
                person = tokens.with_answer(person, fact.key, None, skipped=True)
            else:
                person = tokens.with_answer(person, fact.key, persona[fact.key])
            person = tokens.decode(tokens.encode(person))
        else:
            raise AssertionError(f"the questionnaire did not end: {asked}")
        plan = build_plan(CATALOG, person, TODAY)
    assert all(step.result.status is not Status.NOT_ELIGIBLE for step in plan.steps)
