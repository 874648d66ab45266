"""Property tests: arbitrary rules never crash, and three-valued agrees with apply."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.eligibility import JsonLogicError, Status, apply, evaluate, status_of, variables
from navigator.eligibility.jsonlogic import OPERATORS, truthy

NAMES = ["age", "status", "needs", "a.b", "x"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "0", "1", "3.5", "refugee", "a", " 12 ", "0x1f", "Infinity"]),
    st.text(max_size=5),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)
variables_ = st.builds(lambda name: {"var": name}, st.sampled_from(NAMES)) | st.builds(
    lambda name, default: {"var": [name, default]}, st.sampled_from(NAMES), scalars
)
operators = sorted(OPERATORS - {"log"})


def _operation(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.builds(
        lambda op, args: {op: args},
        st.sampled_from(operators),
        st.lists(children, max_size=4) | children,
    )


rules = st.recursive(scalars | variables_, lambda c: _operation(c) | st.lists(c, max_size=3))
FAST = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(rule=rules, data=json_values)
def test_apply_raises_only_json_logic_error(rule: Any, data: Any) -> None:
    with contextlib.suppress(JsonLogicError):
        apply(rule, data)


@FAST
@given(rule=rules, facts=st.dictionaries(st.sampled_from(NAMES), json_values))
def test_evaluate_raises_only_json_logic_error(rule: Any, facts: dict[str, Any]) -> None:
    with contextlib.suppress(JsonLogicError):
        evaluate(rule, facts)


@FAST
@given(rule=rules, values=st.lists(json_values.filter(lambda v: v is not None), min_size=5))
def test_three_valued_agrees_with_apply_when_all_facts_are_known(
    rule: Any, values: list[Any]
) -> None:
    facts = dict(zip(["age", "status", "needs", "a", "x"], values, strict=False))
    try:
        expected = apply(rule, facts)
    except JsonLogicError:
        return
    try:
        status, deciding = status_of(rule, facts)
    except JsonLogicError:
        # Both walk the same rule; only tri-evaluation of branches apply skipped may raise.
        return
    referenced = {name.split(".")[0] for name in variables(rule)}
    if status is Status.UNKNOWN:
        # Only facts named dynamically (or missing sub-paths' roots) can still be unknown.
        assert not set(deciding) <= referenced & facts.keys(), (deciding, facts)
        return
    assert status is (Status.ELIGIBLE if truthy(expected) else Status.NOT_ELIGIBLE)
