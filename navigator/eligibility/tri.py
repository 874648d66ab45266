"""Three-valued (Kleene) compilation of JSON Logic rules over a person's facts.

A tri closure maps ``facts`` to either a JSON value (exactly what ``apply`` would give) or an
:class:`Unknown` carrying the facts that could still decide it. A fact is unknown when its key
is absent or its value is ``None`` ("I don't know / prefer not to say"); it is never replaced
by a default, because a wrong default sends someone to the wrong office.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from navigator.eligibility.compiler import compile_rule
from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.jsvalues import UNDEFINED, is_array, less_than, truthy
from navigator.eligibility.operations import EAGER
from navigator.eligibility.runtime import (
    OPERATORS,
    SCOPED,
    arguments,
    check_depth,
    is_logic,
    lookup,
    missing_keys,
    missing_some,
    scoped,
    var_parts,
)
from navigator.eligibility.trifast import (  # Unknown is re-exported: tree.py imports it here
    Unknown,
    between_constants,
    between_general,
    compare_constant,
    constant_in,
    equals_constant,
    in_constants,
    merge_unknown,
    missing_facts,
    negation,
)

TriFn = Callable[[Mapping[str, Any]], Any]
Derived = Mapping[str, Any]


def same_value(a: Any, b: Any) -> bool:
    number = (int, float)
    if type(a) in number and type(b) in number:
        return a == b
    return type(a) is type(b) and a == b


class _Compiler:
    """Holds the derived-fact definitions while one rule is compiled."""

    def __init__(self, derived: Derived | None) -> None:
        self.derived = dict(derived or {})
        self.derived_fns: dict[str, TriFn] = {}
        self.in_progress: list[str] = []

    def derived_fn(self, name: str) -> TriFn:
        fn = self.derived_fns.get(name)
        if fn is None:
            if name in self.in_progress:
                raise JsonLogicError(f"derived fact {name!r} is defined in terms of itself")
            self.in_progress.append(name)
            try:
                fn = self.compile(self.derived[name], 0)
            finally:
                self.in_progress.pop()
            self.derived_fns[name] = fn
        return fn

    def compile(self, rule: Any, depth: int) -> TriFn:
        check_depth(depth)
        if is_array(rule):
            items = [self.compile(item, depth + 1) for item in rule]

            def array(facts: Mapping[str, Any]) -> Any:
                values = [fn(facts) for fn in items]
                if any(type(v) is Unknown for v in values):
                    return merge_unknown(values)
                return values

            return array
        if not is_logic(rule):
            return lambda facts: rule
        op, values = arguments(rule)
        if not isinstance(op, str) or op not in OPERATORS:
            raise JsonLogicError(f"unknown operator {op!r}")
        fns = [self.compile(value, depth + 1) for value in values]
        fast = self._fused(op, values, fns)
        if fast is not None:
            return fast
        if op == "var":
            return self._var(values, fns)
        if op in ("and", "or"):
            return _and(fns) if op == "and" else _or(fns)
        if op in ("if", "?:"):
            return _if(fns)
        if op in ("<", "<=") and len(fns) >= 3:
            return between_general(fns, or_equal=op == "<=")
        if op in SCOPED:
            logic = compile_rule(values[1] if len(values) > 1 else None, depth + 1)
            return _scoped(op, fns, logic)
        if op in ("missing", "missing_some"):
            return self._missing(op, fns)
        if (
            op == "in"
            and len(values) == 2
            and is_array(values[1])
            and not any(is_logic(v) or is_array(v) for v in values[1])
        ):
            return in_constants(fns[0], values[1])
        return _eager(op, fns)

    def _fused(self, op: str, values: list[Any], fns: list[TriFn]) -> TriFn | None:
        """One closure for a fact against constants (see :mod:`trifast`), if it fits."""
        n = len(values)
        if op in ("!", "!!") and n == 1:
            return negation(fns[0], op)
        if op in ("<", "<=") and n == 3 and _is_number(values[0]) and _is_number(values[2]):
            return between_constants(values[0], fns[1], values[2], op == "<=")
        if n == 2 and op in ("==", "!=", "<", "<=", ">", ">="):
            const = [type(v) in (str, bool, int, float) for v in values]
            if const[0] == const[1]:
                return None
            i = 0 if const[0] else 1
            if op in ("==", "!="):
                return equals_constant(fns[1 - i], values[i], op == "!=", i == 0)
            if _is_number(values[i]):
                return compare_constant(fns[1 - i], values[i], op, i == 0)
            return None
        if op == "in" and n == 2 and type(values[0]) is str and not is_array(values[1]):
            return constant_in(values[0], fns[1])
        if op == "missing":
            keys = values[0] if values and is_array(values[0]) else values
            simple = all(
                type(k) is str and k and "." not in k and k not in self.derived for k in keys
            )
            if simple and not (values and is_array(values[0]) and len(values) > 1):
                return missing_facts(list(keys), values)
        return None

    def _var(self, values: list[Any], fns: list[TriFn]) -> TriFn:
        if values and type(values[0]) is str and "." not in values[0] and len(values) == 1:
            name = values[0]
            if name in self.derived:
                return self.derived_fn(name)
            if name:
                unknown = Unknown((name,))

                def var_fact(facts: Mapping[str, Any]) -> Any:
                    value = facts.get(name)
                    return unknown if value is None else value

                return var_fact

        def var(facts: Mapping[str, Any]) -> Any:
            args = [fn(facts) for fn in fns]
            if any(type(a) is Unknown for a in args):
                return merge_unknown(args)
            return self.read(facts, args)

        return var

    def read(self, facts: Mapping[str, Any], args: list[Any]) -> Any:
        parts = var_parts(args[0] if args else UNDEFINED)
        if parts is None:
            return facts
        root = parts[0]
        if root in self.derived:
            value = self.derived_fn(root)(facts)
        else:
            value = facts.get(root)
            if value is None:
                return Unknown((root,))
        if type(value) is Unknown or len(parts) == 1:
            return value
        default = args[1] if len(args) > 1 and args[1] is not UNDEFINED else None
        return lookup(value, parts[1:], default)

    def _missing(self, op: str, fns: list[TriFn]) -> TriFn:
        def missing(facts: Mapping[str, Any]) -> Any:
            args = [fn(facts) for fn in fns]
            if any(type(a) is Unknown for a in args):
                return merge_unknown(args)
            if op == "missing":
                keys = args[0] if args and is_array(args[0]) else args
            else:
                keys = args[1] if len(args) > 1 and is_array(args[1]) else []
            # Whether a fact is missing is itself unknown until the person has answered.
            read = [self.read(facts, [key]) for key in keys]
            if any(type(v) is Unknown for v in read):
                return merge_unknown(read)
            return missing_keys(facts, args) if op == "missing" else missing_some(facts, args)

        return missing


def _is_number(value: Any) -> bool:
    return type(value) is int or type(value) is float


def compile_tri(rule: Any, derived: Derived | None = None) -> TriFn:
    """Compile ``rule`` to a closure returning its value, or :class:`Unknown`."""
    return _Compiler(derived).compile(rule, 0)


def _and(fns: list[TriFn]) -> TriFn:
    def and_(facts: Mapping[str, Any]) -> Any:
        current: Any = None
        unknown: Unknown | None = None
        for fn in fns:
            current = fn(facts)
            if type(current) is Unknown:
                unknown = current if unknown is None else Unknown(unknown.facts + current.facts)
            elif not truthy(current):
                return current  # false and unknown = false
        return current if unknown is None else unknown

    return and_


def _or(fns: list[TriFn]) -> TriFn:
    def or_(facts: Mapping[str, Any]) -> Any:
        current: Any = None
        unknown: Unknown | None = None
        for fn in fns:
            current = fn(facts)
            if type(current) is Unknown:
                unknown = current if unknown is None else Unknown(unknown.facts + current.facts)
            elif truthy(current):
                return current  # true or unknown = true
        return current if unknown is None else unknown

    return or_


def _if(fns: list[TriFn]) -> TriFn:
    pairs = [(fns[i], fns[i + 1]) for i in range(0, len(fns) - 1, 2)]
    otherwise: TriFn = fns[-1] if len(fns) % 2 else (lambda facts: None)

    def from_pair(start: int, facts: Mapping[str, Any]) -> Any:
        for index in range(start, len(pairs)):
            condition, then = pairs[index]
            test = condition(facts)
            if type(test) is Unknown:
                # Either branch could run; the answer is known only if both agree.
                yes, no = then(facts), from_pair(index + 1, facts)
                if type(yes) is not Unknown and type(no) is not Unknown and same_value(yes, no):
                    return yes
                return merge_unknown([test, yes, no])
            if truthy(test):
                return then(facts)
        return otherwise(facts)

    return lambda facts: from_pair(0, facts)


def _scoped(op: str, fns: list[TriFn], logic: Callable[[Any], Any]) -> TriFn:
    source = fns[0] if fns else (lambda facts: None)
    initial = fns[2] if op == "reduce" and len(fns) > 2 else (lambda facts: None)

    def run(facts: Mapping[str, Any]) -> Any:
        items, start = source(facts), initial(facts)
        if type(items) is Unknown or type(start) is Unknown:
            return merge_unknown([items, start])
        return scoped(op, items, logic, start)

    return run


def _eager(op: str, fns: list[TriFn]) -> TriFn:
    impl = EAGER[op]
    if len(fns) == 2 and op in (">", ">=", "<", "<="):
        a, b = fns if op in ("<", "<=") else fns[::-1]
        or_equal = op in (">=", "<=")

        def compare(facts: Mapping[str, Any]) -> Any:
            x, y = a(facts), b(facts)
            tx, ty = type(x), type(y)
            if (tx is int or tx is float) and (ty is int or ty is float):
                return x <= y if or_equal else x < y
            if tx is Unknown or ty is Unknown:
                return merge_unknown([x, y])
            return less_than(x, y, or_equal)

        return compare
    if len(fns) == 1:
        (only,) = fns

        def unary(facts: Mapping[str, Any]) -> Any:
            value = only(facts)
            return value if type(value) is Unknown else impl([value])

        return unary

    def eager(facts: Mapping[str, Any]) -> Any:
        args = [fn(facts) for fn in fns]
        for value in args:
            if type(value) is Unknown:
                return merge_unknown(args)
        return impl(args)

    return eager
