"""Compile JSON Logic rules into nested closures ``fn(data) -> value``.

Walking the JSON on every evaluation is what makes the usual interpreters slow; here each
node is turned into a closure once, with fast paths for the shapes eligibility rules use
(``var`` of a fact, numeric comparisons, ``in`` a constant list).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.jsvalues import (
    UNDEFINED,
    is_array,
    less_than,
    loose_equals,
    to_string,
    truthy,
)
from navigator.eligibility.operations import EAGER, contains

Fn = Callable[[Any], Any]

# Deep enough for any hand-written rule, shallow enough that evaluation never nears
# Python's recursion limit (each level costs a frame or two).
MAX_DEPTH = 64
SCOPED = frozenset({"map", "filter", "reduce", "all", "none", "some"})
LAZY = frozenset({"if", "?:", "and", "or", "var", "missing", "missing_some"}) | SCOPED
OPERATORS = frozenset(EAGER) | LAZY
_SCALARS = (str, int, float, bool, type(None))


def is_logic(rule: Any) -> bool:
    return type(rule) is dict and len(rule) == 1


def arguments(rule: dict[str, Any]) -> tuple[str, list[Any]]:
    """Operator and argument list; a lone non-list argument is shorthand for ``[arg]``."""
    ((op, values),) = rule.items()
    return op, list(values) if is_array(values) else [values]


def check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        raise JsonLogicError(f"rule is nested more than {MAX_DEPTH} levels deep")


def compile_rule(rule: Any, depth: int = 0) -> Fn:
    check_depth(depth)
    if is_array(rule):
        items = [compile_rule(item, depth + 1) for item in rule]
        return lambda data: [fn(data) for fn in items]
    if not is_logic(rule):
        return lambda data: rule
    op, values = arguments(rule)
    if not isinstance(op, str) or op not in OPERATORS:
        raise JsonLogicError(f"unknown operator {op!r}")
    builder = _BUILDERS.get(op)
    if builder is not None:
        return builder(values, depth + 1)
    fns = [compile_rule(value, depth + 1) for value in values]
    return _eager(op, fns, values)


def lookup(data: Any, parts: list[str], not_found: Any) -> Any:
    """``data[a][b]…`` with JavaScript property access on JSON values."""
    for part in parts:
        if data is None or data is UNDEFINED:
            return not_found
        tp = type(data)
        if tp is dict:
            data = data.get(part, UNDEFINED)
        elif tp is list or tp is tuple or tp is str:
            if part == "length":
                data = len(data)
            elif part.isascii() and part.isdigit() and (part == "0" or part[0] != "0"):
                index = int(part)
                data = data[index] if index < len(data) else UNDEFINED
            else:
                data = UNDEFINED
        else:
            return not_found
        if data is UNDEFINED:
            return not_found
    return data


def var_parts(name: Any) -> list[str] | None:
    """Path segments for a ``var`` name, or None when it means "the data itself"."""
    if name is UNDEFINED or name is None or (type(name) is str and name == ""):
        return None
    return to_string(name).split(".")


def _var(values: list[Any], depth: int) -> Fn:
    if values and type(values[0]) in _SCALARS and len(values) < 3:
        parts = var_parts(values[0])
        default = compile_rule(values[1], depth) if len(values) > 1 else None
        if parts is None:
            return lambda data: data
        if len(parts) == 1 and default is None:
            key = parts[0]

            def var_fact(data: Any) -> Any:
                if type(data) is dict:
                    value = data.get(key, UNDEFINED)
                    return None if value is UNDEFINED else value
                return lookup(data, parts, None)

            return var_fact
        if default is None:
            return lambda data: lookup(data, parts, None)
        return lambda data: lookup(data, parts, default(data))
    fns = [compile_rule(value, depth) for value in values]

    def var_dynamic(data: Any) -> Any:
        args = [fn(data) for fn in fns]
        parts = var_parts(args[0] if args else UNDEFINED)
        if parts is None:
            return data
        default = args[1] if len(args) > 1 and args[1] is not UNDEFINED else None
        return lookup(data, parts, default)

    return var_dynamic


def missing_keys(data: Any, args: list[Any]) -> list[Any]:
    keys = args[0] if args and is_array(args[0]) else args
    found = []
    for key in keys:
        # json-logic-js looks each key up by applying {"var": key}; so do we.
        value = compile_rule({"var": key})(data)
        if value is None or (type(value) is str and value == ""):
            found.append(key)
    return found


def missing_some(data: Any, args: list[Any]) -> list[Any]:
    need = args[0] if args else UNDEFINED
    options = args[1] if len(args) > 1 else UNDEFINED
    if options is None or options is UNDEFINED:
        raise JsonLogicError("missing_some needs a list of keys")
    are_missing = compile_rule({"missing": options})(data)
    size = len(options) if is_array(options) or type(options) is str else float("nan")
    return [] if less_than(need, size - len(are_missing), or_equal=True) else are_missing


def _missing(values: list[Any], depth: int) -> Fn:
    fns = [compile_rule(value, depth) for value in values]
    return lambda data: missing_keys(data, [fn(data) for fn in fns])


def _missing_some(values: list[Any], depth: int) -> Fn:
    fns = [compile_rule(value, depth) for value in values]
    return lambda data: missing_some(data, [fn(data) for fn in fns])


def _if(values: list[Any], depth: int) -> Fn:
    fns = [compile_rule(value, depth) for value in values]
    pairs = [(fns[i], fns[i + 1]) for i in range(0, len(fns) - 1, 2)]
    otherwise = fns[-1] if len(fns) % 2 else (lambda data: None)

    def if_(data: Any) -> Any:
        for condition, then in pairs:
            if truthy(condition(data)):
                return then(data)
        return otherwise(data)

    return if_


def _and(values: list[Any], depth: int) -> Fn:
    fns = [compile_rule(value, depth) for value in values]

    def and_(data: Any) -> Any:
        current = None
        for fn in fns:
            current = fn(data)
            if not truthy(current):
                return current
        return current

    return and_


def _or(values: list[Any], depth: int) -> Fn:
    fns = [compile_rule(value, depth) for value in values]

    def or_(data: Any) -> Any:
        current = None
        for fn in fns:
            current = fn(data)
            if truthy(current):
                return current
        return current

    return or_


def scoped(op: str, items: Any, logic: Fn, initial: Any = None) -> Any:
    """``map``/``filter``/``reduce``/``all``/``none``/``some`` over already-evaluated items."""
    if not is_array(items):
        return {"map": [], "filter": [], "reduce": initial, "all": False, "none": True}.get(
            op, False
        )
    if op == "map":
        return [logic(item) for item in items]
    if op == "filter":
        return [item for item in items if truthy(logic(item))]
    if op == "reduce":
        accumulator = initial
        for item in items:
            accumulator = logic({"current": item, "accumulator": accumulator})
        return accumulator
    if op == "all":
        return bool(items) and all(truthy(logic(item)) for item in items)
    if op == "none":
        return not any(truthy(logic(item)) for item in items)
    return any(truthy(logic(item)) for item in items)


def _scoped(op: str) -> Callable[[list[Any], int], Fn]:
    def build(values: list[Any], depth: int) -> Fn:
        source = compile_rule(values[0] if values else None, depth)
        logic = compile_rule(values[1] if len(values) > 1 else None, depth)
        if op == "reduce" and len(values) > 2:
            start = compile_rule(values[2], depth)
            return lambda data: scoped(op, source(data), logic, start(data))
        return lambda data: scoped(op, source(data), logic)

    return build


def _eager(op: str, fns: list[Fn], values: list[Any]) -> Fn:
    impl = EAGER[op]
    if len(fns) == 2 and op in (">", ">=", "<", "<="):
        # Operands of a comparison are usually numbers; skip the coercion machinery then.
        a, b = fns if op in ("<", "<=") else fns[::-1]
        or_equal = op in (">=", "<=")

        def compare(data: Any) -> bool:
            x, y = a(data), b(data)
            tx, ty = type(x), type(y)
            if (tx is int or tx is float) and (ty is int or ty is float):
                return x <= y if or_equal else x < y
            return less_than(x, y, or_equal)

        return compare
    if len(fns) == 2 and op in ("==", "!="):
        negate = op == "!="
        a, b = fns

        def equals(data: Any) -> bool:
            x, y = a(data), b(data)
            if type(x) is type(y) and type(x) in (str, int, float):
                return (x == y) is not negate
            return loose_equals(x, y) is not negate

        return equals
    if len(fns) == 2 and op == "in" and is_array(values[1]) and not any(map(is_logic, values[1])):
        needle, haystack = fns[0], fns[1]
        strings = frozenset(v for v in values[1] if type(v) is str)

        def in_list(data: Any) -> bool:
            x = needle(data)
            if type(x) is str:
                return x in strings
            return contains(x, haystack(data))

        return in_list
    if len(fns) == 1 and op in ("!", "!!"):
        (only,) = fns
        if op == "!":
            return lambda data: not truthy(only(data))
        return lambda data: truthy(only(data))
    return lambda data: impl([fn(data) for fn in fns])


_BUILDERS: dict[str, Callable[[list[Any], int], Fn]] = {
    "var": _var,
    "missing": _missing,
    "missing_some": _missing_some,
    "if": _if,
    "?:": _if,
    "and": _and,
    "or": _or,
    **{op: _scoped(op) for op in SCOPED},
}
