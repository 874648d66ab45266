"""Fused three-valued closures for the shapes eligibility rules are written in.

A fact compared with a constant, between two constant bounds, in a constant list, or
``missing`` with constant keys: one closure reads the operand and decides, instead of one
closure per node plus an argument list. Each returns exactly what the general closures of
:mod:`tri` return (the same values, the same unknown facts in the same order).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from navigator.eligibility.jsvalues import less_than, loose_equals, truthy
from navigator.eligibility.operations import contains
from navigator.eligibility.runtime import absent, between, missing_keys

TriFn = Callable[[Mapping[str, Any]], Any]
_NUM = (int, float)


class Unknown:
    """The value of an expression that depends on facts we do not know yet."""

    __slots__ = ("facts",)

    def __init__(self, facts: tuple[str, ...]) -> None:
        self.facts = facts

    def __repr__(self) -> str:
        return f"Unknown({self.facts!r})"


def merge_unknown(values: list[Any]) -> Unknown:
    facts: tuple[str, ...] = ()
    for value in values:
        if type(value) is Unknown:
            facts += value.facts
    return Unknown(facts)


def equals_constant(operand: TriFn, k: Any, negate: bool, k_first: bool) -> TriFn:
    """``==``/``!=`` of an operand and a str, bool or number constant."""
    kind = type(k)
    left_k = k_first

    def equals(facts: Mapping[str, Any]) -> Any:
        x = operand(facts)
        tx = type(x)
        if tx is kind or (kind is not bool and kind is not str and (tx is int or tx is float)):
            return (x != k) if negate else (x == k)
        if tx is Unknown:
            return x
        same = loose_equals(k, x) if left_k else loose_equals(x, k)
        return not same if negate else same

    return equals


def compare_constant(operand: TriFn, k: Any, op: str, k_first: bool) -> TriFn:
    """``<``, ``<=``, ``>``, ``>=`` of an operand and a number constant."""
    or_equal = op in ("<=", ">=")
    # JavaScript's a > b is b < a: is the operand on the smaller side after that swap?
    operand_less = (op in ("<", "<=")) != k_first

    def compare(facts: Mapping[str, Any]) -> Any:
        x = operand(facts)
        tx = type(x)
        if tx is int or tx is float:
            if operand_less:
                return x <= k if or_equal else x < k
            return k <= x if or_equal else k < x
        if tx is Unknown:
            return x
        return less_than(x, k, or_equal) if operand_less else less_than(k, x, or_equal)

    return compare


def between_constants(low: Any, operand: TriFn, high: Any, or_equal: bool) -> TriFn:
    """``{"<=": [low, operand, high]}`` with number bounds."""

    def between_(facts: Mapping[str, Any]) -> Any:
        x = operand(facts)
        tx = type(x)
        if tx is int or tx is float:
            return low <= x <= high if or_equal else low < x < high
        if tx is Unknown:
            return Unknown(x.facts + x.facts)  # as tri's general between: one per side
        return between(low, x, high, or_equal)

    return between_


def constant_in(k: str, operand: TriFn) -> TriFn:
    """``{"in": ["value", operand]}``: a string in a list (or a substring)."""

    def in_(facts: Mapping[str, Any]) -> Any:
        h = operand(facts)
        if type(h) is list:
            return k in h
        if type(h) is Unknown:
            return h
        return contains(k, h)

    return in_


def missing_facts(keys: list[str], args: list[Any]) -> TriFn:
    """``missing`` with constant fact names: unknown until each has been answered."""

    def missing(facts: Mapping[str, Any]) -> Any:
        unknown = tuple(key for key in keys if facts.get(key) is None)
        if unknown:
            return Unknown(unknown)
        if type(facts) is dict:
            return [key for key in keys if absent(facts.get(key))]
        return missing_keys(facts, args)

    return missing


def negation(operand: TriFn, op: str) -> TriFn:
    if op == "!":

        def not_(facts: Mapping[str, Any]) -> Any:
            x = operand(facts)
            if x is True or x is False:
                return not x
            return x if type(x) is Unknown else not truthy(x)

        return not_

    def truth(facts: Mapping[str, Any]) -> Any:
        x = operand(facts)
        return x if type(x) is Unknown else truthy(x)

    return truth


def between_general(fns: list[TriFn], or_equal: bool) -> TriFn:
    """``<``/``<=`` with three or more operands of any kind."""
    low, mid, high = fns[0], fns[1], fns[2]
    rest = fns[3:]  # ignored by json-logic-js, but evaluated (and may be unknown)

    def between_(facts: Mapping[str, Any]) -> Any:
        a, b, c = low(facts), mid(facts), high(facts)
        extra = [fn(facts) for fn in rest]
        parts = []
        for x, y in ((a, b), (b, c)):
            if type(x) is Unknown or type(y) is Unknown:
                parts.append(merge_unknown([x, y]))
            elif not less_than(x, y, or_equal):
                return False
        if parts or any(type(v) is Unknown for v in extra):
            return merge_unknown([*parts, *extra])
        return True

    return between_


def in_constants(needle: TriFn, haystack: list[Any]) -> TriFn:
    # The common "status is one of these" test: a set lookup instead of a scan.
    strings = frozenset(v for v in haystack if type(v) is str)

    def in_(facts: Mapping[str, Any]) -> Any:
        value = needle(facts)
        if type(value) is str:
            return value in strings
        if type(value) is Unknown:
            return value
        return contains(value, list(haystack))

    return in_
