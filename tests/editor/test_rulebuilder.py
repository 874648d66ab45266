"""The rule builder's JSON Logic: every rule of the demo pack the form can show comes back
exactly as written, and what the form makes means what it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from navigator.editor.rulebuilder import Condition, Group, from_logic, to_logic
from navigator.eligibility import apply
from tests.conftest import DEMO_PACK

KINDS = {
    fact["id"]: ("boolean" if "derived" in fact else fact["type"])
    for fact in yaml.safe_load((DEMO_PACK / "facts.yaml").read_text())
}


def _demo_rules() -> list[object]:
    rules = []
    for path in sorted(Path(DEMO_PACK, "services").glob("*.md")):
        front = yaml.safe_load(path.read_text().split("---")[1])
        rules += [entry["rule"] for entry in front.get("eligibility", [])]
    return rules


DEMO_RULES = _demo_rules()


def test_the_demo_has_rules_to_check():
    assert len(DEMO_RULES) >= 30


@pytest.mark.parametrize("rule", DEMO_RULES, ids=lambda r: json.dumps(r)[:60])
def test_demo_rules_round_trip_through_the_form(rule):
    group = from_logic(rule, KINDS)
    if group is None:
        pytest.skip("more than the form shows: edited as JSON Logic")
    assert to_logic(group) == rule


def test_most_demo_rules_fit_the_form():
    fitting = [rule for rule in DEMO_RULES if from_logic(rule, KINDS) is not None]
    assert len(fitting) >= len(DEMO_RULES) * 0.9


def test_what_the_form_builds_means_what_it_says():
    group = Group(
        all=True,
        items=[
            Condition("age", "between", (18, 30)),
            Condition("residence_status", "none_of", ["no_permit", "refused_asylum"]),
            Group(
                all=False,
                items=[
                    Condition("registered_address", "yes"),
                    Condition("children_ages", "includes", "under_3"),
                ],
            ),
        ],
    )
    logic = to_logic(group)
    assert from_logic(logic, KINDS) == group
    person = {
        "age": 25,
        "residence_status": "student",
        "registered_address": False,
        "children_ages": ["under_3"],
    }
    assert apply(logic, person) is True
    assert apply(logic, {**person, "age": 31}) is False
    assert apply(logic, {**person, "residence_status": "no_permit"}) is False
    assert apply(logic, {**person, "children_ages": []}) is False
    negated = to_logic(Group(negate=True, items=group.items))
    assert apply(negated, person) is False


@pytest.mark.parametrize(
    "rule",
    [
        {"if": [{"var": "a"}, 1, 2]},
        {"==": [{"var": "age"}, "seventeen"]},  # a number fact with a text
        {"and": [{"or": [{"and": [{"==": [{"var": "is_adult"}, True]}]}]}]},  # too deep
        {"in": [{"var": "residence_status"}, []]},
        {"==": [{"var": "unknown_fact"}, True]},
    ],
)
def test_rules_the_form_cannot_show_are_left_to_the_json_field(rule):
    assert from_logic(rule, KINDS) is None


def test_no_condition_is_an_error():
    with pytest.raises(ValueError, match="at least one condition"):
        to_logic(Group())
