"""The generated fast paths give JavaScript's answers, whatever the facts hold.

Rules are compiled to Python source with shortcuts for the usual shapes (a fact against a
constant, "between", ``in`` a list, ``missing``). Each shortcut must agree with the plain
operation of ``operations.py`` on every kind of value a fact can hold, including none at all;
the three-valued engine's fused closures must agree with ``apply`` and name the facts still
needed; and ``apply`` must not mix up rules that look alike.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.eligibility import JsonLogicError, Status, apply, compile, status_of
from navigator.eligibility.jsvalues import truthy
from navigator.eligibility.operations import EAGER

E, N, U = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN
FAST = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.integers(-3, 40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "0", "18", " 18 ", "3.5", "a", "refugee", "Infinity", "0x12"]),
)
values = scalars | st.lists(scalars, max_size=3)
constants = st.one_of(
    st.booleans(),
    st.integers(-3, 40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "0", "18", "a", "refugee"]),
)
FACT = {"var": "x"}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


def _facts(value: Any) -> list[dict[str, Any]]:
    # A fact holding `value`; and, when it is null, a fact never answered at all.
    return [{"x": value}, {}] if value is None else [{"x": value}]


@FAST
@given(
    op=st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
    value=values,
    k=constants,
    fact_first=st.booleans(),
)
def test_a_fact_against_a_constant(op: str, value: Any, k: Any, fact_first: bool) -> None:
    rule = {op: [FACT, k] if fact_first else [k, FACT]}
    for facts in _facts(value):
        expected = EAGER[op]([value, k] if fact_first else [k, value])
        assert _same(compile(rule)(facts), expected), (rule, facts)
        assert _same(apply(rule, facts), expected), (rule, facts)


@FAST
@given(op=st.sampled_from(["<", "<="]), low=constants, value=values, high=constants)
def test_between_two_constants(op: str, low: Any, value: Any, high: Any) -> None:
    rule = {op: [low, FACT, high]}
    for facts in _facts(value):
        assert _same(compile(rule)(facts), EAGER[op]([low, value, high])), (rule, facts)


@FAST
@given(op=st.sampled_from(["<", "<=", "==", "!="]), a=values, b=values, c=values)
def test_facts_against_facts(op: str, a: Any, b: Any, c: Any) -> None:
    args = [{"var": "a"}, {"var": "b"}] + ([{"var": "c"}] if op in ("<", "<=") else [])
    facts = {"a": a, "b": b, "c": c}
    expected = EAGER[op]([a, b, c] if op in ("<", "<=") else [a, b])
    assert _same(compile({op: args})(facts), expected), (op, facts)


@FAST
@given(value=values, haystack=st.lists(scalars, max_size=4), needle=st.text(max_size=2))
def test_in_a_constant_list_and_a_constant_in_a_fact(
    value: Any, haystack: list[Any], needle: str
) -> None:
    for facts in _facts(value):
        rule = {"in": [FACT, haystack]}
        assert compile(rule)(facts) is EAGER["in"]([value, haystack]), (rule, facts)
        rule = {"in": [needle, FACT]}
        assert compile(rule)(facts) is EAGER["in"]([needle, value]), (rule, facts)


@FAST
@given(
    answers=st.dictionaries(st.sampled_from(["a", "b", "c"]), values),
    keys=st.lists(st.sampled_from(["a", "b", "c", "c.d", "0"]), max_size=4),
    need=st.integers(0, 4) | st.floats(allow_nan=True),
)
def test_missing_lists_unanswered_keys(answers: dict[str, Any], keys: list[str], need: Any) -> None:
    def absent(key: str) -> bool:
        head, _, tail = key.partition(".")
        value = answers.get(head)
        if tail:
            value = value.get(tail) if isinstance(value, dict) else None
        return value is None or value == ""

    expected = [k for k in keys if absent(k)]
    fn = compile({"missing": keys})
    assert fn(answers) == expected
    assert truthy(compile({"!": {"missing": keys}})(answers)) is not expected
    some = compile({"missing_some": [need, keys]})(answers)
    enough = len(keys) - len(expected) >= need
    assert some == ([] if enough else expected), (need, keys, answers)


def test_missing_returns_a_new_list_each_time() -> None:
    rule = {"missing": ["a", "b"]}
    first = apply(rule, {})
    first.append("changed by the caller")
    assert apply(rule, {}) == ["a", "b"]


def test_an_unanswered_fact_in_a_comparison_is_null_as_in_javascript() -> None:
    # null is 0 in a comparison and equals nothing but null.
    assert apply({"<": [{"var": "age"}, 18]}, {}) is True
    assert apply({"<=": [1, {"var": "age"}, 10]}, {}) is False
    assert apply({"<=": [-1, {"var": "age"}, 1]}, {"age": None}) is True
    assert apply({"==": [{"var": "status"}, "refugee"]}, {}) is False
    assert apply({"!=": [{"var": "registered"}, True]}, {}) is True
    assert apply({"in": [{"var": "status"}, ["a", None]]}, {}) is True


@pytest.mark.parametrize(
    ("rule", "facts", "expected"),
    [
        ({"<=": [18, {"var": "age"}, 65]}, {}, (U, ("age",))),
        ({"<=": [18, {"var": "age"}, 65]}, {"age": 40}, (E, ())),
        ({"<": [18, {"var": "age"}, 65]}, {"age": 65}, (N, ())),
        ({"!": {"missing": ["age", "district"]}}, {"age": 3}, (U, ("district",))),
        ({"!": {"missing": ["age", "district"]}}, {"age": 3, "district": ""}, (N, ())),
        ({"missing": ["age"]}, {"age": 3}, (N, ())),
        ({"in": ["under_3", {"var": "children"}]}, {"children": ["under_3"]}, (E, ())),
        ({"in": ["under_3", {"var": "children"}]}, {}, (U, ("children",))),
        ({"==": [{"var": "adult"}, True]}, {"adult": 1}, (E, ())),
        ({"!=": ["refugee", {"var": "status"}]}, {"status": "refugee"}, (N, ())),
        ({">": [{"var": "age"}, "17"]}, {"age": 18}, (E, ())),
        ({"and": [{">=": [{"var": "age"}, 18]}, {"==": [{"var": "s"}, "a"]}]}, {}, (U, ("age", "s"))),  # noqa: E501
    ],
)  # fmt: skip
def test_three_valued_shortcuts(rule: Any, facts: dict[str, Any], expected: Any) -> None:
    assert status_of(rule, facts) == expected
    if expected[0] is not U:
        assert truthy(apply(rule, facts)) is (expected[0] is E)


def test_rules_that_look_alike_are_not_mixed_up() -> None:
    # Same structure, other constants; True, 1 and 1.0 are different rules in JSON Logic.
    facts = {"a": 1}
    assert apply({"===": [{"var": "a"}, 1]}, facts) is True
    assert apply({"===": [{"var": "a"}, True]}, facts) is False
    assert apply({"cat": [{"var": "a"}, 1.0]}, facts) == "11"
    assert apply({"cat": [{"var": "a"}, True]}, facts) == "1true"
    rule = {">=": [{"var": "a"}, 1]}
    assert apply(rule, facts) is True
    changed = copy.deepcopy(rule)
    changed[">="][1] = 2
    assert apply(changed, facts) is False
    assert apply(rule, facts) is True


def test_apply_follows_each_new_rule_object_as_old_ones_are_forgotten() -> None:
    # More rule objects than apply remembers: old ones are dropped (and their memory, so
    # their ids, reused by new objects) without a new rule ever getting an old result.
    for i in range(12_000):
        rule = {"==": [{"var": "x"}, i % 500]}
        assert apply(rule, {"x": i % 500}) is True, i
        assert apply(rule, {"x": -1}) is False, i


def test_rules_of_other_types_are_refused_or_work_as_json() -> None:
    class Name(str):
        pass

    for _ in range(2):  # not cached wrongly either
        with pytest.raises(JsonLogicError):
            apply({"var": Name("a")}, {"a": 5})
    assert apply(({"var": "a"}, 2), {"a": 1}) == [1, 2]  # a tuple is an array


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')or exit(1)",
        '"); import os; ("',
        "a\nb",
        "k0",
        "data",
        "{x}",
    ],
)
def test_strings_in_a_rule_are_data_never_code(text: str) -> None:
    facts = {text: text}
    assert apply({"var": text}, facts) == text
    assert apply({"==": [{"var": text}, text]}, facts) is True
    assert apply({"in": [text, [text]]}, facts) is True
    assert apply({"missing": [text, "other"]}, facts) == ["other"]
    assert apply({"cat": [text]}, facts) == text


def test_wide_and_deep_rules_compile() -> None:
    # Long chains and deep nests are split into helper functions, below Python's limits.
    many = {"and": [{"+": [{"var": "x"}, i]} for i in range(400)]}
    assert apply(many, {"x": 1}) == 400
    assert apply(many, {"x": -3}) == 0
    branches: list[Any] = []
    for i in range(300):
        branches += [{"==": [{"var": "x"}, i]}, i * 2]
    assert apply({"if": [*branches, "none"]}, {"x": 299}) == 598
    assert apply({"if": [*branches, "none"]}, {"x": 300}) == "none"
    deep: Any = {"var": "x"}
    for i in range(40):  # 20 × "or" of "-" (two levels each) and 20 × "if": 61 levels
        deep = {"or": [{"-": [deep, 1]}, i]} if i % 2 == 0 else {"if": [{"var": "y"}, deep, 0]}
    assert compile(deep)({"x": 100, "y": True}) == 80
    for _ in range(5):  # one level too many
        deep = {"!": deep}
    with pytest.raises(JsonLogicError, match="nested"):
        apply(deep)


def test_apply_reads_a_rule_changed_in_place_as_it_is_now():
    from navigator.eligibility import apply

    rule = {">=": [{"var": "age"}, 18]}
    assert apply(rule, {"age": 17}) is False
    rule[">="][1] = 16  # an editor changes the bound and previews again
    assert apply(rule, {"age": 17}) is True
