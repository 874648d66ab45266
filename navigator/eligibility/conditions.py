"""An explanation tree in the shape a person reads: negations pushed inward, the parts that
decide the result kept, conditions on one fact merged.

``!`` never survives: De Morgan turns "not (A or B)" into "not A and not B", and each negated
condition folds the negation into its comparison ("age < 18" negated is "age >= 18"), into
its expected yes/no, or into ``negated`` for choices and lists, whose wording then says
"anything except". Each :class:`Cond` keeps its own three-valued result, so a sentence and
its verdict always come from the same condition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from navigator.eligibility.nodes import NEGATED, FactVocab, Node


@dataclass(frozen=True)
class Cond:
    """One condition as it must be for the service (``fact`` None: one we cannot phrase)."""

    value: bool | None
    fact: str | None = None
    # "==" (yes/no facts, expected True/False), "in" (choices), "contains" (lists: any of),
    # "<", "<=", ">", ">=", "==", "!=" (numbers, dates), "between", "between_exclusive"
    op: str | None = None
    expected: Any = None
    negated: bool = False  # the condition is the opposite of op/expected
    node: Node | None = None  # the person's answer (actual, derived, source)
    area: bool = False  # a service area: "You live in …"


@dataclass(frozen=True)
class Group:
    kind: str  # "and" or "or"
    value: bool | None
    items: tuple[Cond | Group, ...]


Item = Cond | Group


def tri_not(value: bool | None) -> bool | None:
    return None if value is None else not value


def tri_and(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def tri_or(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def normal_form(node: Node, vocab: Mapping[str, FactVocab]) -> Item:
    """The tree without negations, merged and reduced to what decides its result."""
    return _simplify(_deciding(_simplify(_push(node, vocab, False))))


def _push(node: Node, vocab: Mapping[str, FactVocab], negate: bool) -> Item:
    value = tri_not(node.value) if negate else node.value
    if node.kind == "not" and len(node.children) == 1:
        return _push(node.children[0], vocab, not negate)
    if node.kind in ("all", "any") and node.children:
        kind = "and" if (node.kind == "all") != negate else "or"
        return Group(kind, value, tuple(_push(c, vocab, negate) for c in node.children))
    if node.kind == "condition":
        cond = _leaf(node, vocab.get(node.fact or ""), negate, value)
        if cond is not None:
            return cond
    return Cond(value)


def _leaf(node: Node, info: FactVocab | None, negate: bool, value: bool | None) -> Cond | None:
    op, expected = node.op, node.expected
    if info is None or op is None:
        return None
    if op == "truthy" or (op in ("==", "!=") and type(expected) is bool):
        if info.kind != "boolean":
            return None
        wanted = op == "truthy" or (expected is True) == (op == "==")
        return Cond(value, node.fact, "==", wanted != negate, False, node)
    if info.kind == "choice" and op in ("in", "==", "!=", "area"):
        values = tuple(expected) if op in ("in", "area") else (expected,)
        negated = (op == "!=") != negate
        return Cond(value, node.fact, "in", values, negated, node, area=op == "area")
    if info.kind == "multi" and op == "contains":
        return Cond(value, node.fact, "contains", (expected,), negate, node)
    if info.kind in ("number", "date") and op in ("between", "between_exclusive"):
        return Cond(value, node.fact, op, tuple(expected), negate, node)
    if info.kind in ("number", "date") and op in NEGATED:
        return Cond(value, node.fact, NEGATED[op] if negate else op, expected, False, node)
    return None


def _simplify(item: Item) -> Item:
    """Flatten "and" in "and" (and "or" in "or"), merge conditions on one fact, and drop
    groups of one."""
    if isinstance(item, Cond):
        return item
    items: list[Item] = []
    for child in map(_simplify, item.items):
        if isinstance(child, Group) and child.kind == item.kind:
            items.extend(child.items)
        else:
            items.append(child)
    items = _merge(item.kind, items)
    if not items:
        return Cond(item.value)
    return items[0] if len(items) == 1 else Group(item.kind, item.value, tuple(items))


def _deciding(item: Item) -> Item:
    """Only what decides the result: the failing parts of a false "and", the true
    alternatives of a true "or", the open alternatives of an unknown "or"."""
    if isinstance(item, Cond):
        return item
    if item.kind == "and" and item.value is False:
        keep = [i for i in item.items if i.value is False]
    elif item.kind == "or" and item.value is not False:
        keep = [i for i in item.items if i.value is item.value]
    else:
        keep = list(item.items)
    return replace(item, items=tuple(_deciding(i) for i in keep or item.items))


def _merge(kind: str, items: list[Item]) -> list[Item]:
    """ "status is A" or "status is B" → "status is A or B"; "age >= 18" and "age <= 30" →
    "age is between 18 and 30"."""
    combine = tri_or if kind == "or" else tri_and
    # Alternatives of one choice or list merge in an "or"; exclusions in an "and".
    merges_negated = kind == "and"
    out: list[Item] = []
    seen: dict[tuple[str, str], int] = {}
    for item in items:
        if (
            isinstance(item, Cond)
            and item.op in ("in", "contains")
            and item.negated == merges_negated
            and not item.area
        ):
            key = (item.fact or "", item.op)
            if key in seen:
                first = out[seen[key]]
                assert isinstance(first, Cond)
                expected = first.expected + tuple(
                    v for v in item.expected if v not in first.expected
                )
                value = combine([first.value, item.value])
                out[seen[key]] = replace(first, expected=expected, value=value)
                continue
            seen[key] = len(out)
        out.append(item)
    return _ranges(out) if kind == "and" else out


_BOUNDS = {(">=", "<="): "between", (">", "<"): "between_exclusive"}


def _ranges(items: list[Item]) -> list[Item]:
    """One lower and one upper bound on the same number become a "between"."""
    by_fact: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, Cond) and item.op in (">=", ">", "<=", "<") and item.fact:
            by_fact.setdefault(item.fact, []).append(index)
    drop: set[int] = set()
    for indexes in by_fact.values():
        if len(indexes) != 2:
            continue
        low, high = (items[i] for i in indexes)
        assert isinstance(low, Cond) and isinstance(high, Cond)
        if low.op in ("<=", "<"):
            low, high = high, low
        op = _BOUNDS.get((low.op or "", high.op or ""))
        if op is None or not _ordered(low.expected, high.expected):
            continue
        value = tri_and([low.value, high.value])
        items[indexes[0]] = replace(low, op=op, expected=(low.expected, high.expected), value=value)
        drop.add(indexes[1])
    return [item for index, item in enumerate(items) if index not in drop]


def _ordered(low: Any, high: Any) -> bool:
    number = (int, float)
    if type(low) in number and type(high) in number:
        return bool(low <= high)
    return type(low) is str and type(high) is str and low <= high
