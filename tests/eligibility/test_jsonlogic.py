"""JavaScript semantics beyond the conformance suite, compilation, caching and introspection."""

from __future__ import annotations

import math

import pytest

from navigator.eligibility import JsonLogicError, apply, compiled, validate, variables
from navigator.eligibility.jsonlogic import OPERATORS


@pytest.mark.parametrize(
    ("rule", "data", "expected"),
    [
        ({"==": [[1], "1"]}, None, True),
        ({"==": [None, 0]}, None, False),
        ({"==": [None, None]}, None, True),
        ({"==": [True, "1"]}, None, True),
        ({"===": [True, 1]}, None, False),
        ({"in": [True, [1]]}, None, False),
        ({"<": ["10", "9"]}, None, True),
        ({"<": ["10", 9]}, None, False),
        ({"-": "0x10"}, None, -16),
        ({"+": ["3.5abc", " 2"]}, None, 5.5),
        ({"*": ["1"]}, None, "1"),
        ({"%": [-5, 3]}, None, -2),
        ({"cat": [1.5, None, [1, [2, 3]], True, 1e21, 1.5e-7]}, None, "1.51,2,3true1e+211.5e-7"),
        ({"substr": ["hello", 1, -1.5]}, None, "el"),
        ({"substr": ["h😀llo", 1, 2]}, None, "😀"),
        ({"var": "a.length"}, {"a": "abc"}, 3),
        ({"in": ["", ""]}, None, False),
        ({"in": ["a", None]}, None, False),
        ({"and": []}, None, None),
        ({"missing_some": [1, ["a", "b"]]}, {"a": None}, ["a", "b"]),
        ({"var": ["a", 5]}, {"a": None}, None),
    ],
)
def test_javascript_semantics(rule: object, data: object, expected: object) -> None:
    result = apply(rule, data)
    assert result == expected
    assert type(result) is type(expected) or {type(result), type(expected)} == {int, float}


def test_division_and_modulo_by_zero_follow_javascript() -> None:
    assert apply({"/": [1, 0]}) == math.inf
    assert apply({"/": [1, {"-": [0]}]}) == -math.inf
    assert math.isnan(apply({"/": [0, 0]}))
    assert math.isnan(apply({"%": [5, 0]}))
    assert apply({"max": []}) == -math.inf


@pytest.mark.parametrize(
    "rule",
    [{"*": []}, {"frobnicate": [1]}, {"missing_some": [1]}, {"if": [True, 1, {"nope": 2}]}],
)
def test_bad_rules_raise_json_logic_error(rule: object) -> None:
    with pytest.raises(JsonLogicError):
        apply(rule)


def test_deep_nesting_is_rejected_not_a_recursion_error() -> None:
    rule: object = True
    for _ in range(500):
        rule = {"!": [rule]}
    with pytest.raises(JsonLogicError, match="nested"):
        apply(rule)


def test_deep_data_is_rejected_not_a_recursion_error() -> None:
    data: list[object] = []
    for _ in range(5000):
        data = [data]
    with pytest.raises(JsonLogicError):
        apply({"cat": [{"var": "x"}]}, {"x": data})


def test_unknown_operator_error_names_it() -> None:
    with pytest.raises(JsonLogicError, match="frobnicate"):
        validate({"and": [{"frobnicate": [1]}]})
    validate({"and": [{"var": "age"}, {">=": [{"var": "age"}, 18]}]})


def test_compiled_cache_is_keyed_by_caller() -> None:
    first = compiled(("service", 1), {"var": "a"})
    assert compiled(("service", 1), {"var": "ignored on a hit"}) is first
    assert compiled(("service", 2), {"var": "b"})({"b": 7}) == 7
    assert first({"a": 3}) == 3


def test_variables_lists_facts_not_array_item_fields() -> None:
    rule = {
        "and": [
            {"in": [{"var": "residence_status"}, ["refugee"]]},
            {">=": [{"var": "address.months"}, 3]},
            {"all": [{"var": "children"}, {"<": [{"var": "age"}, 18]}]},
            {"missing": ["passport"]},
            {"var": ["district", "centre"]},
        ]
    }
    assert variables(rule) == {
        "residence_status",
        "address.months",
        "children",
        "passport",
        "district",
    }


def test_operators_are_the_standard_set() -> None:
    assert {"var", "missing_some", "<", "reduce", "log", "?:"} <= OPERATORS
    assert "method" not in OPERATORS


def test_apply_sees_a_rule_changed_in_place() -> None:
    rule = {"<": [{"var": "age"}, 18]}
    assert apply(rule, {"age": 20}) is False
    assert apply(rule, {"age": 20}) is False  # the same object again: the identity path
    rule["<"][1] = 21
    assert apply(rule, {"age": 20}) is True
    rule["<"] = [0, {"var": "age"}, 18.0]
    assert apply(rule, {"age": 20}) is False
    # Deep inside, after the copy is kept (strings shared with it, lists not).
    listed = {"in": [{"var": "status"}, ["student", "worker"]]}
    for _ in range(3):
        assert apply(listed, {"status": "refugee"}) is False
    listed["in"][1].append("refugee")
    assert apply(listed, {"status": "refugee"}) is True
    listed["in"][0]["var"] = "other"
    assert apply(listed, {"status": "refugee", "other": "x"}) is False


def test_apply_on_many_objects_stays_bounded_and_right() -> None:
    from navigator.eligibility import jsonlogic

    for age in range(jsonlogic.MAX_RECENT * 2):
        rule = {">=": [{"var": "age"}, age]}
        assert apply(rule, {"age": 100}) is (age <= 100)
        assert apply(rule, {"age": 100}) is (age <= 100)  # twice: kept with a copy
        assert len(jsonlogic._recent) <= jsonlogic.MAX_RECENT
        assert len(jsonlogic._known) <= jsonlogic.MAX_RECENT
