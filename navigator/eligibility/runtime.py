"""What compiled rules call at evaluation time: property access, ``missing``, array operators.

Shared by the generated functions of :mod:`compiler` and the three-valued closures of
:mod:`tri`, so both read facts exactly as json-logic-js does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.jsvalues import UNDEFINED, is_array, less_than, to_string, truthy
from navigator.eligibility.operations import EAGER

# Deep enough for any hand-written rule, shallow enough that evaluation never nears
# Python's recursion limit (each level costs a frame or two).
MAX_DEPTH = 64
SCOPED = frozenset({"map", "filter", "reduce", "all", "none", "some"})
LAZY = frozenset({"if", "?:", "and", "or", "var", "missing", "missing_some"}) | SCOPED
OPERATORS = frozenset(EAGER) | LAZY
SCALARS = (str, int, float, bool, type(None))


def is_logic(rule: Any) -> bool:
    return type(rule) is dict and len(rule) == 1


def arguments(rule: dict[str, Any]) -> tuple[str, list[Any]]:
    """Operator and argument list; a lone non-list argument is shorthand for ``[arg]``."""
    ((op, values),) = rule.items()
    return op, list(values) if is_array(values) else [values]


def check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        raise JsonLogicError(f"rule is nested more than {MAX_DEPTH} levels deep")


def lookup(data: Any, parts: list[str] | tuple[str, ...], not_found: Any) -> Any:
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


def getter(data: Any) -> Callable[[str], Any]:
    """``{"var": key}`` for one-segment keys when ``data`` is not a plain dict."""
    return lambda key: lookup(data, (key,), None)


def var_parts(name: Any) -> list[str] | None:
    """Path segments for a ``var`` name, or None when it means "the data itself"."""
    if name is UNDEFINED or name is None or (type(name) is str and name == ""):
        return None
    return to_string(name).split(".")


def var_dynamic(data: Any, args: list[Any]) -> Any:
    """``var`` whose name (or default) is computed by the rule."""
    parts = var_parts(args[0] if args else UNDEFINED)
    if parts is None:
        return data
    default = args[1] if len(args) > 1 and args[1] is not UNDEFINED else None
    return lookup(data, parts, default)


def read_key(data: Any, key: Any) -> Any:
    """What ``{"var": key}`` gives, as json-logic-js's ``missing`` looks each key up."""
    if type(key) in SCALARS:
        parts = var_parts(key)
        if parts is None:
            return data
        if type(data) is dict and len(parts) == 1:
            return data.get(parts[0])
        return lookup(data, parts, None)
    from navigator.eligibility.compiler import compile_rule  # rare: a key that is itself JSON

    return compile_rule({"var": key})(data)


def absent(value: Any) -> bool:
    return value is None or (type(value) is str and value == "")


def pick_missing(keys: Any, values: tuple[Any, ...]) -> list[Any]:
    """The keys whose looked-up values are absent (``missing`` with constant keys)."""
    return [key for key, value in zip(keys, values, strict=True) if absent(value)]


def missing_keys(data: Any, args: list[Any]) -> list[Any]:
    keys = args[0] if args and is_array(args[0]) else args
    return [key for key in keys if absent(read_key(data, key))]


def missing_some(data: Any, args: list[Any]) -> list[Any]:
    need = args[0] if args else UNDEFINED
    options = args[1] if len(args) > 1 else UNDEFINED
    if options is None or options is UNDEFINED:
        raise JsonLogicError("missing_some needs a list of keys")
    if is_array(options) and all(type(option) in SCALARS for option in options):
        are_missing = missing_keys(data, list(options))
    else:
        # json-logic-js applies {"missing": options}, evaluating any logic among them.
        from navigator.eligibility.compiler import compile_rule

        are_missing = compile_rule({"missing": options})(data)
    return enough(need, options, are_missing)


def enough(need: Any, options: Any, are_missing: list[Any]) -> list[Any]:
    """``missing_some``'s answer: nothing when at least ``need`` of ``options`` are there."""
    size = len(options) if is_array(options) or type(options) is str else float("nan")
    return [] if less_than(need, size - len(are_missing), or_equal=True) else are_missing


def missing_some_static(need: Any, keys: Any, values: tuple[Any, ...]) -> list[Any]:
    return enough(need, keys, pick_missing(keys, values))


def between(a: Any, b: Any, c: Any, or_equal: bool) -> bool:
    """Three-argument ``<``/``<=`` when an operand is not a number."""
    return less_than(a, b, or_equal) and less_than(b, c, or_equal)


def scoped(op: str, items: Any, logic: Callable[[Any], Any], initial: Any = None) -> Any:
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
