"""Build the explanation tree for a rule and a person's facts (the slow, on-demand path).

Recognises the shapes eligibility rules are written in — ``and``/``or``/``!`` over a fact
compared with constants — and records for each the fact, the comparison, the expected value
and the person's answer. Anything else becomes an opaque "value" node that still carries
its three-valued result, so a page can say "another condition" without showing JSON.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from navigator.eligibility.compiler import arguments, is_logic
from navigator.eligibility.conditions import tri_and
from navigator.eligibility.jsonlogic import variables
from navigator.eligibility.jsvalues import is_array, truthy
from navigator.eligibility.nodes import FLIPPED, Node
from navigator.eligibility.tri import Derived, Unknown, compile_tri

_COMPARISONS = frozenset(FLIPPED) | {"!=="}
_STRICT = {"===": "==", "!==": "!="}


def explain(
    rule: Any,
    facts: Mapping[str, Any],
    derived: Derived | None = None,
    compiled: dict[Any, Any] | None = None,
) -> Node:
    """The explanation tree of ``rule`` for ``facts``; every node carries its tri value.

    ``compiled`` keeps the compiled parts of rules between calls: pass one dict per set of
    rules and ``derived`` (the catalog keeps one), never shared across other ``derived``."""
    return _Builder(facts, derived, compiled).node(rule)


def area_condition(fact: str, areas: Sequence[str], facts: Mapping[str, Any]) -> Node:
    """ "You live in one of ``areas``": a service offered only in some districts."""
    actual = facts.get(fact)
    value = None if actual is None else actual in areas
    return Node("condition", value, fact=fact, op="area", expected=list(areas), actual=actual)


def all_of(nodes: Collection[Node]) -> Node:
    """Conditions that must all hold (the rule and the service area)."""
    if len(nodes) == 1:
        return next(iter(nodes))
    return Node("all", tri_and([n.value for n in nodes]), children=list(nodes))


#: compiled parts kept at most (rules are a city's; this only bounds the unexpected)
MAX_COMPILED = 50_000


class _Builder:
    def __init__(
        self,
        facts: Mapping[str, Any],
        derived: Derived | None,
        compiled: dict[Any, Any] | None = None,
    ) -> None:
        self.facts = facts
        self.derived = dict(derived or {})
        self.compiled = compiled

    def value(self, rule: Any) -> Any:
        return self.compile(rule)(self.facts)

    def compile(self, rule: Any) -> Any:
        if self.compiled is None:
            return compile_tri(rule, self.derived)
        # By identity, and the entry holds the rule: while it is kept its id is not reused.
        entry = self.compiled.get(id(rule))
        if entry is None or entry[0] is not rule:
            if len(self.compiled) >= MAX_COMPILED:
                self.compiled.clear()
            entry = self.compiled[id(rule)] = (rule, compile_tri(rule, self.derived))
        return entry[1]

    def truth(self, rule: Any) -> bool | None:
        value = self.value(rule)
        return None if type(value) is Unknown else truthy(value)

    def actual(self, name: str) -> Any:
        if self.compiled is None:
            value = self.value({"var": name})
        else:
            found = self.compiled.get(("var", name))
            if found is None:
                found = self.compiled[("var", name)] = compile_tri({"var": name}, self.derived)
            value = found(self.facts)
        return None if type(value) is Unknown else value

    def node(self, rule: Any) -> Node:
        value = self.truth(rule)
        if not is_logic(rule):
            return Node("value", value)
        op, args = arguments(rule)
        if op in ("and", "or"):
            children = [self.node(arg) for arg in args]
            return Node("all" if op == "and" else "any", value, children=children)
        if op == "!" and len(args) == 1:
            return Node("not", value, children=[self.node(args[0])])
        if op == "!!" and len(args) == 1:
            child = self.node(args[0])
            child.value = value
            return child
        if op in ("if", "?:"):
            return Node("if", value, children=[self.node(arg) for arg in args])
        condition = self.condition(op, args, value)
        return condition if condition is not None else Node("value", value)

    def condition(self, op: str, args: list[Any], value: bool | None) -> Node | None:
        if op == "var":
            fact = _fact({"var": args})
            return None if fact is None else self.fact_node(fact, "truthy", True, value)
        fact = _fact(args[0]) if args else None
        op = _STRICT.get(op, op)
        if op in _COMPARISONS and len(args) == 2:
            left, right = _fact(args[0]), _fact(args[1])
            if left is not None and _constant(args[1]):
                return self.fact_node(left, op, args[1], value)
            if right is not None and _constant(args[0]):
                return self.fact_node(right, FLIPPED[op], args[0], value)
        if op in ("<", "<=") and len(args) == 3:
            middle = _fact(args[1])
            if middle is not None and _constant(args[0]) and _constant(args[2]):
                kind = "between" if op == "<=" else "between_exclusive"
                return self.fact_node(middle, kind, (args[0], args[2]), value)
        if op == "in" and len(args) == 2:
            if fact is not None and is_array(args[1]) and all(map(_constant, args[1])):
                return self.fact_node(fact, "in", list(args[1]), value)
            container = _fact(args[1])
            if container is not None and _constant(args[0]):
                return self.fact_node(container, "contains", args[0], value)
        return None

    def fact_node(self, fact: str, op: str, expected: Any, value: bool | None) -> Node:
        node = Node(
            "condition",
            value,
            fact=fact,
            op=op,
            expected=expected,
            actual=self.actual(fact),
            derived=fact.split(".")[0] in self.derived,
        )
        if node.derived:
            # "You are 18 or older" is computed from the age: show the age the person gave.
            sources = variables(self.derived[fact.split(".")[0]])
            if len(sources) == 1:
                (source,) = sources
                if source not in self.derived:
                    node.source, node.source_actual = source, self.actual(source)
        return node


def _fact(rule: Any) -> str | None:
    """The fact name when ``rule`` is a plain ``{"var": "name"}`` without a default."""
    if not is_logic(rule):
        return None
    op, args = arguments(rule)
    if op == "var" and len(args) == 1 and type(args[0]) is str and args[0]:
        return args[0]
    return None


def _constant(rule: Any) -> bool:
    return type(rule) in (str, int, float, bool)
