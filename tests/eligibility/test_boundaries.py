"""Comparison boundaries in every evaluation path of the engine.

Age and time limits are where a flipped or off-by-one comparison hides: a 29-year-old
dropped from youth counselling, a 17-year-old sent to an adult shelter. The conformance suite
only compares constants, so these tests put the fact in a variable (which is what rules do)
and check each path: the compiled evaluator (`apply`, `compile`), the three-valued one
(`status_of`, with and without derived facts) and the explanation tree (`evaluate`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import pytest

from navigator.eligibility import Status, apply, compile, evaluate, status_of

E, N, U = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN
AGE = {"var": "age"}
PYTHON: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
# Around a limit of 18, including a fraction on each side.
AGES = [16, 17, 17.5, 18, 18.5, 19]


def _all_paths(rule: Any, facts: dict[str, Any]) -> tuple[Any, Any, Status]:
    fn = compile(rule)
    assert fn(facts) == fn(facts)  # the compiled closure is reused by production
    return apply(rule, facts), fn(facts), status_of(rule, facts)[0]


@pytest.mark.parametrize("op", PYTHON)
@pytest.mark.parametrize("age", AGES)
def test_fact_on_the_left(op: str, age: float) -> None:
    expected = PYTHON[op](age, 18)
    applied, compiled, status = _all_paths({op: [AGE, 18]}, {"age": age})
    assert applied is expected and compiled is expected, (op, age)
    assert status is (E if expected else N), (op, age)


@pytest.mark.parametrize("op", PYTHON)
@pytest.mark.parametrize("age", AGES)
def test_fact_on_the_right(op: str, age: float) -> None:
    # {"<=": [18, {"var": "age"}]} is "18 <= age", i.e. an adult: the order matters.
    expected = PYTHON[op](18, age)
    applied, compiled, status = _all_paths({op: [18, AGE]}, {"age": age})
    assert applied is expected and compiled is expected, (op, age)
    assert status is (E if expected else N), (op, age)


@pytest.mark.parametrize("op", PYTHON)
@pytest.mark.parametrize("age", ["17", "18", "19"])
def test_numeric_strings_compare_as_numbers(op: str, age: str) -> None:
    # An answer that arrives as text takes JavaScript's coercion path, not the fast one.
    expected = PYTHON[op](int(age), 18)
    applied, compiled, status = _all_paths({op: [AGE, 18]}, {"age": age})
    assert applied is expected and compiled is expected, (op, age)
    assert status is (E if expected else N), (op, age)


@pytest.mark.parametrize("op", PYTHON)
def test_two_facts_compared(op: str) -> None:
    rule = {op: [{"var": "months"}, {"var": "limit"}]}
    for months in (11, 12, 13):
        expected = PYTHON[op](months, 12)
        applied, compiled, status = _all_paths(rule, {"months": months, "limit": 12})
        assert applied is expected and compiled is expected, (op, months)
        assert status is (E if expected else N), (op, months)


# The three-argument "between" form: 15 <= age <= 29 (inclusive) and 15 < age < 29.
INCLUSIVE = {"<=": [15, AGE, 29]}
EXCLUSIVE = {"<": [15, AGE, 29]}


@pytest.mark.parametrize(
    ("age", "inclusive", "exclusive"),
    [
        (14, False, False),
        (15, True, False),
        (16, True, True),
        (28, True, True),
        (29, True, False),
        (30, False, False),
        (14.9, False, False),
        (29.5, False, False),
    ],
)
def test_between_bounds(age: float, inclusive: bool, exclusive: bool) -> None:
    for rule, expected in ((INCLUSIVE, inclusive), (EXCLUSIVE, exclusive)):
        applied, compiled, status = _all_paths(rule, {"age": age})
        assert applied is expected and compiled is expected, (rule, age)
        assert status is (E if expected else N), (rule, age)
        assert evaluate(rule, {"age": age}).status is status


def test_between_with_unknown_age_asks_for_the_age() -> None:
    assert status_of(INCLUSIVE, {}) == (U, ("age",))
    assert status_of(EXCLUSIVE, {"age": None}) == (U, ("age",))


def test_between_with_fact_bounds() -> None:
    # Bounds that are facts take the general path, not the constant-bounds one.
    rule = {"<=": [{"var": "low"}, AGE, {"var": "high"}]}
    for age, expected in ((14, False), (15, True), (29, True), (30, False)):
        facts = {"low": 15, "age": age, "high": 29}
        assert apply(rule, facts) is expected, age
        assert status_of(rule, facts)[0] is (E if expected else N), age
    assert status_of(rule, {"low": 15, "high": 29}) == (U, ("age",))
    assert status_of(rule, {"low": 15, "age": 10}) == (N, ())  # already below the bound


@pytest.mark.parametrize(
    ("age", "minor", "adult", "young_adult"),
    [(17, True, False, False), (18, False, True, True), (27, False, True, True)],
)
def test_derived_facts_keep_their_boundaries(
    age: int, minor: bool, adult: bool, young_adult: bool
) -> None:
    # Shaped like the demo pack's is_minor / is_adult / is_young_adult.
    derived = {
        "is_minor": {"<": [AGE, 18]},
        "is_adult": {">=": [AGE, 18]},
        "is_young_adult": {"<=": [18, AGE, 27]},
    }
    expectations = {"is_minor": minor, "is_adult": adult, "is_young_adult": young_adult}
    for name, expected in expectations.items():
        rule = {"==": [{"var": name}, True]}
        assert status_of(rule, {"age": age}, derived)[0] is (E if expected else N), (name, age)
    assert status_of({"var": "is_minor"}, {}, derived) == (U, ("age",))


@pytest.mark.parametrize(
    ("rule", "op", "expected"),
    [
        ({"<=": [AGE, 18]}, "<=", 18),
        ({"<=": [18, AGE]}, ">=", 18),  # read from the fact's side
        ({"<": [AGE, 18]}, "<", 18),
        ({">": [18, AGE]}, "<", 18),
        ({">=": [AGE, 18]}, ">=", 18),
        ({">": [AGE, 18]}, ">", 18),
    ],
)
def test_explanation_states_the_comparison_the_rule_makes(
    rule: dict[str, Any], op: str, expected: int
) -> None:
    # The "Why?" box reads the node: a comparison turned round would tell a 17-year-old
    # "you must be at most 18 — yes" for an adults-only service.
    for age in (17, 18, 19):
        result = evaluate(rule, {"age": age})
        node = result.explanation
        assert (node.kind, node.fact, node.op, node.expected) == ("condition", "age", op, expected)
        assert node.actual == age
        assert node.value is (result.status is E), (rule, age)
        assert node.value is PYTHON[op](age, expected), (rule, age)


@pytest.mark.parametrize("rule", [INCLUSIVE, EXCLUSIVE])
def test_explanation_of_between_names_both_bounds(rule: dict[str, Any]) -> None:
    for age in (14, 15, 29, 30):
        node = evaluate(rule, {"age": age}).explanation
        assert node.op == ("between" if rule is INCLUSIVE else "between_exclusive")
        assert tuple(node.expected) == (15, 29)
        assert node.value is bool(apply(rule, {"age": age})), (rule, age)
