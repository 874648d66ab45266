"""The rule builder's model: conditions grouped by all/any (one level of nesting, each
group may be negated), to and from JSON Logic.

    to_logic(group)        -> JSON Logic
    from_logic(logic, kinds) -> Group, or None when the rule is more than the form can show
                                (then editors use the raw JSON Logic field)

A condition compares one fact. Which comparisons a fact offers depends on its kind:
choice (is, is not, one of, none of), multi (includes, does not include), boolean (yes,
no), number (=, ≠, <, ≤, >, ≥, between). The JSON Logic written is the shape the content
packs use, so a rule made in the form and the same rule written by hand compare equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

OPS: dict[str, tuple[str, ...]] = {
    "choice": ("is", "is_not", "one_of", "none_of"),
    "multi": ("includes", "excludes"),
    "boolean": ("yes", "no"),
    "number": ("eq", "ne", "lt", "le", "gt", "ge", "between"),
}
_NUMBER = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_NUMBER_BACK = {v: k for k, v in _NUMBER.items()}


@dataclass
class Condition:
    fact: str
    op: str
    #: a number, an option value, a list of option values (one of / none of), or for
    #: "between" a (low, high) pair; None for yes/no
    value: Any = None


@dataclass
class Group:
    all: bool = True  # all of the items, or any of them
    negate: bool = False
    items: list[Condition | Group] = field(default_factory=list)


def to_logic(group: Group) -> Any:
    parts = [_item(item) for item in group.items]
    if not parts:
        raise ValueError("a rule needs at least one condition")
    logic = parts[0] if len(parts) == 1 else {("and" if group.all else "or"): parts}
    return {"!": [logic]} if group.negate else logic


def _item(item: Condition | Group) -> Any:
    return to_logic(item) if isinstance(item, Group) else condition_logic(item)


def condition_logic(c: Condition) -> Any:
    var = {"var": c.fact}
    if c.op == "is":
        return {"==": [var, c.value]}
    if c.op == "is_not":
        return {"!=": [var, c.value]}
    if c.op == "one_of":
        return {"in": [var, list(c.value)]}
    if c.op == "none_of":
        return {"!": [{"in": [var, list(c.value)]}]}
    if c.op == "includes":
        return {"in": [c.value, var]}
    if c.op == "excludes":
        return {"!": [{"in": [c.value, var]}]}
    if c.op == "yes":
        return {"==": [var, True]}
    if c.op == "no":
        return {"!=": [var, True]}
    if c.op == "between":
        low, high = c.value
        return {"<=": [low, var, high]}
    if c.op in _NUMBER:
        return {_NUMBER[c.op]: [var, c.value]}
    raise ValueError(f"unknown comparison {c.op!r}")


def from_logic(logic: Any, kinds: Mapping[str, str], depth: int = 0) -> Group | None:
    """The builder's group for `logic`, or None if the form cannot show it exactly."""
    negate = False
    inner = _unwrap_not(logic)
    if inner is not None and _is_group(inner):
        negate, logic = True, inner
    if _is_group(logic):
        ((op, items),) = logic.items()
        group = Group(all=op == "and", negate=negate)
        for part in items:
            condition = parse_condition(part, kinds)
            if condition is not None:
                group.items.append(condition)
                continue
            if depth == 0:
                sub = from_logic(part, kinds, depth + 1)
                if sub is not None and all(isinstance(i, Condition) for i in sub.items):
                    group.items.append(sub)
                    continue
            return None
        return group if group.items else None
    condition = parse_condition(logic, kinds)
    return Group(items=[condition]) if condition is not None else None


def _is_group(logic: Any) -> bool:
    return (
        isinstance(logic, dict)
        and len(logic) == 1
        and next(iter(logic)) in ("and", "or")
        and isinstance(next(iter(logic.values())), list)
    )


def _unwrap_not(logic: Any) -> Any:
    if isinstance(logic, dict) and len(logic) == 1 and "!" in logic:
        inner = logic["!"]
        if isinstance(inner, list):
            return inner[0] if len(inner) == 1 else None
        return inner
    return None


def _var(value: Any) -> str | None:
    if isinstance(value, dict) and set(value) == {"var"} and isinstance(value["var"], str):
        return value["var"]
    return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_condition(logic: Any, kinds: Mapping[str, str]) -> Condition | None:
    """One condition the form can show, or None."""
    negated = _unwrap_not(logic)
    if negated is not None:
        found = parse_condition(negated, kinds)
        if found is not None and found.op in ("one_of", "includes"):
            return Condition(
                found.fact, "none_of" if found.op == "one_of" else "excludes", found.value
            )
        return None
    if not isinstance(logic, dict) or len(logic) != 1:
        return None
    ((op, args),) = logic.items()
    if not isinstance(args, list):
        return None
    if op == "in" and len(args) == 2:
        fact = _var(args[0])
        values = args[1] if isinstance(args[1], list) else []
        if (
            fact
            and kinds.get(fact) == "choice"
            and values
            and all(isinstance(v, str) for v in values)
        ):
            return Condition(fact, "one_of", list(values))
        fact = _var(args[1])
        if fact and kinds.get(fact) == "multi" and isinstance(args[0], str):
            return Condition(fact, "includes", args[0])
        return None
    if op == "<=" and len(args) == 3:
        fact = _var(args[1])
        if fact and kinds.get(fact) == "number" and _number(args[0]) and _number(args[2]):
            return Condition(fact, "between", (args[0], args[2]))
        return None
    if len(args) != 2:
        return None
    fact = _var(args[0])
    if fact is None:
        return None
    kind, value = kinds.get(fact), args[1]
    if kind == "boolean" and value is True and op in ("==", "!="):
        return Condition(fact, "yes" if op == "==" else "no")
    if kind == "choice" and isinstance(value, str) and op in ("==", "!="):
        return Condition(fact, "is" if op == "==" else "is_not", value)
    if kind == "number" and _number(value) and op in _NUMBER_BACK:
        return Condition(fact, _NUMBER_BACK[op], value)
    return None
