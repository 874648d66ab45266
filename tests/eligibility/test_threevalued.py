"""Kleene logic over facts: truth tables, derived facts, deciding facts, validity dates."""

from __future__ import annotations

from datetime import date

import pytest

from navigator.eligibility import Rule, Status, evaluate, select_rule, status_of

E, N, U = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNKNOWN
# Facts that make {"var": "p"} true, false or unknown (absent and None are both unknown).
VALUES = {True: {"p": True}, False: {"p": False}, None: {}}
Q_VALUES = {True: {"q": True}, False: {"q": False}, None: {"q": None}}
STATUS = {True: E, False: N, None: U}
P, Q = {"var": "p"}, {"var": "q"}


def _kleene_and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _kleene_or(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


@pytest.mark.parametrize("a", [True, False, None])
@pytest.mark.parametrize("b", [True, False, None])
def test_and_or_truth_tables(a: bool | None, b: bool | None) -> None:
    facts = {**VALUES[a], **Q_VALUES[b]}
    assert status_of({"and": [P, Q]}, facts)[0] is STATUS[_kleene_and(a, b)]
    assert status_of({"or": [P, Q]}, facts)[0] is STATUS[_kleene_or(a, b)]


@pytest.mark.parametrize("a", [True, False, None])
def test_not(a: bool | None) -> None:
    expected = None if a is None else not a
    assert status_of({"!": P}, VALUES[a])[0] is STATUS[expected]
    assert status_of({"!!": P}, VALUES[a])[0] is STATUS[a]


@pytest.mark.parametrize(
    "rule",
    [
        {">=": [{"var": "age"}, 16]},
        {"==": [{"var": "age"}, 16]},
        {"!==": [{"var": "age"}, 16]},
        {"in": [{"var": "age"}, [16, 17]]},
        {"<=": [15, {"var": "age"}, 29]},
        {"+": [{"var": "age"}, 1]},
        {"map": [{"var": "age"}, {"var": ""}]},
    ],
)
def test_any_operator_with_unknown_operand_is_unknown(rule: object) -> None:
    assert status_of(rule, {}) == (U, ("age",))
    assert status_of(rule, {"age": None}) == (U, ("age",))


def test_between_is_false_when_a_known_bound_already_fails() -> None:
    assert status_of({"<": [{"var": "low"}, 10, {"var": "high"}]}, {"low": 20}) == (N, ())


def test_if_with_unknown_condition() -> None:
    rule = {"if": [{"var": "p"}, "yes", {"var": "q"}]}
    assert status_of(rule, {}) == (U, ("p", "q"))
    assert status_of(rule, {"q": "yes"}) == (E, ())  # both branches give "yes"
    assert status_of(rule, {"p": True}) == (E, ())
    assert status_of(rule, {"p": False, "q": ""}) == (N, ())


def test_deciding_facts_are_only_those_that_could_change_the_result() -> None:
    rule = {
        "or": [
            {"and": [{"var": "registered"}, {">=": [{"var": "age"}, 18]}]},
            {"in": [{"var": "status"}, ["refugee"]]},
            {"in": [{"var": "status"}, ["temporary_protection"]]},
        ]
    }
    assert status_of(rule, {}) == (U, ("registered", "age", "status"))
    assert status_of(rule, {"registered": False}) == (U, ("status",))
    assert status_of(rule, {"age": 30, "registered": True}) == (E, ())


DERIVED = {
    "is_minor": {"<": [{"var": "age"}, 18]},
    "young_refugee": {"and": [{"var": "is_minor"}, {"==": [{"var": "status"}, "refugee"]}]},
}


def test_derived_facts_ask_for_their_underlying_facts() -> None:
    assert status_of({"var": "is_minor"}, {}, DERIVED) == (U, ("age",))
    assert status_of({"var": "young_refugee"}, {"status": "refugee"}, DERIVED) == (U, ("age",))
    assert status_of({"var": "young_refugee"}, {"age": 30}, DERIVED) == (N, ())
    assert status_of({"!": {"var": "is_minor"}}, {"age": 30}, DERIVED) == (E, ())


def test_derived_facts_are_never_taken_from_facts() -> None:
    # A stale answer stored under the derived name must not override the definition.
    assert status_of({"var": "is_minor"}, {"is_minor": True, "age": 40}, DERIVED)[0] is N


def test_evaluate_returns_status_deciding_facts_and_tree() -> None:
    result = evaluate({"and": [P, {">=": [{"var": "age"}, 16]}]}, {"p": True})
    assert result.status is U
    assert result.deciding_facts == ("age",)
    assert result.explanation.kind == "all"
    assert [child.value for child in result.explanation.children] == [True, None]


def test_cached_status_uses_the_key() -> None:
    rule = {">=": [{"var": "age"}, 16]}
    assert status_of(rule, {"age": 20}, key=("svc-a", 1)) == (E, ())
    assert status_of({"var": "other"}, {"age": 20}, key=("svc-a", 1)) == (E, ())


def test_rule_validity_dates() -> None:
    old = Rule({"var": "a"}, valid_to=date(2024, 12, 31), reference_text="Regulation 2019")
    new = Rule({"var": "b"}, valid_from=date(2025, 1, 1), reference_url="https://example.org")
    assert old.in_force(date(2024, 12, 31)) and not old.in_force(date(2025, 1, 1))
    assert new.in_force(date(2025, 1, 1)) and not new.in_force(date(2024, 6, 1))
    assert select_rule([old, new], date(2024, 6, 1)) is old
    assert select_rule([old, new], date(2026, 1, 1)) is new
    assert select_rule([new], date(2020, 1, 1)) is None
    always = Rule(True)
    assert select_rule([always, new], date(2025, 2, 1)) is new
