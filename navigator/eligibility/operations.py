"""JSON Logic operators that take already-evaluated arguments, as json-logic-js defines them.

Each function receives the argument list (missing arguments are simply absent) and returns
the JavaScript result. Where JavaScript would throw a ``TypeError`` we raise
``JsonLogicError``; where it returns ``NaN`` or ``Infinity`` we return the float.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.jsvalues import (
    UNDEFINED,
    is_array,
    less_than,
    loose_equals,
    number,
    parse_float,
    strict_equals,
    to_number,
    to_string,
    truthy,
)

logger = logging.getLogger(__name__)
Args = list[Any]


def arg(args: Args, index: int) -> Any:
    return args[index] if index < len(args) else UNDEFINED


def _float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # only a huge int can get here
        return math.inf if value > 0 else -math.inf


def _lt(args: Args, or_equal: bool) -> bool:
    a, b = arg(args, 0), arg(args, 1)
    if len(args) < 3 or args[2] is UNDEFINED:
        return less_than(a, b, or_equal)
    return less_than(a, b, or_equal) and less_than(b, args[2], or_equal)


def _add(args: Args) -> int | float:
    total = 0.0
    for value in args:
        total += _float(parse_float(value))
    return number(total)


def _multiply(args: Args) -> Any:
    if not args:
        raise JsonLogicError("'*' needs at least one argument")
    if len(args) == 1:  # Array.prototype.reduce without a seed returns the lone item as is
        return args[0]
    product = _float(parse_float(args[0]))
    for value in args[1:]:
        product *= _float(parse_float(value))
    return number(product)


def _subtract(args: Args) -> int | float:
    a, b = arg(args, 0), arg(args, 1)
    if b is UNDEFINED:
        return number(-_float(to_number(a)))
    return number(_float(to_number(a)) - _float(to_number(b)))


def _divide(args: Args) -> int | float:
    a, b = _float(to_number(arg(args, 0))), _float(to_number(arg(args, 1)))
    if b == 0:
        if a == 0 or a != a:
            return math.nan
        # The sign of a zero divisor matters in JavaScript: 1 / -0 is -Infinity.
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return number(a / b)


def _modulo(args: Args) -> int | float:
    a, b = _float(to_number(arg(args, 0))), _float(to_number(arg(args, 1)))
    if b == 0 or math.isinf(a) or a != a or b != b:
        return math.nan
    if math.isinf(b):
        return number(a)
    return number(math.fmod(a, b))


def _extreme(args: Args, pick: Callable[..., float], empty: float) -> int | float:
    if not args:
        return empty
    values = [_float(to_number(v)) for v in args]
    if any(v != v for v in values):
        return math.nan
    return number(pick(values))


def contains(needle: Any, haystack: Any) -> bool:
    """``in``: substring for strings, strict-equality membership for arrays."""
    if type(haystack) is str:
        # JavaScript's `!b` guard makes the empty string contain nothing, not even "".
        return haystack != "" and to_string(needle) in haystack
    if is_array(haystack):
        return any(strict_equals(needle, item) for item in haystack)
    return False


def _in(args: Args) -> bool:
    return contains(arg(args, 0), arg(args, 1))


def _cat(args: Args) -> str:
    return "".join("" if v is None or v is UNDEFINED else to_string(v) for v in args)


def _integer(value: Any) -> float:
    n = _float(to_number(value))
    if n != n:
        return 0.0
    return n if math.isinf(n) else float(math.trunc(n))


def _substr_units(units: int, start: Any, length: Any) -> tuple[int, int]:
    first = _integer(start)
    first = max(units + first, 0) if first < 0 else min(first, units)
    if length is UNDEFINED:
        return int(first), units
    size = min(max(_integer(length), 0), units - first)
    return int(first), int(first + size)


def _substr(args: Args) -> str:
    text = to_string(arg(args, 0))
    start, end = arg(args, 1), arg(args, 2)
    # JavaScript counts UTF-16 code units; only astral characters make that differ from str.
    wide = not text.isascii() and any(ord(c) > 0xFFFF for c in text)
    units = text.encode("utf-16-be", "surrogatepass") if wide else text
    step = 2 if wide else 1
    count = len(units) // step
    if end is not UNDEFINED and less_than(end, 0):
        # json-logic's PHP-style negative end: drop that many units from the tail.
        first, last = _substr_units(count, start, UNDEFINED)
        size = _integer(last - first + _float(to_number(end)))
        last = first + int(min(max(size, 0), last - first))
    else:
        first, last = _substr_units(count, start, end)
    piece = units[first * step : last * step]
    return piece.decode("utf-16-be", "surrogatepass") if wide else piece  # type: ignore[union-attr]


def _merge(args: Args) -> list[Any]:
    merged: list[Any] = []
    for value in args:
        if is_array(value):
            merged.extend(value)
        else:
            merged.append(value)
    return merged


def _log(args: Args) -> Any:
    value = arg(args, 0)
    logger.debug("json logic log: %r", value)
    return None if value is UNDEFINED else value


# Operators whose every argument is evaluated before the call (json-logic-js "everyone else").
EAGER: dict[str, Callable[[Args], Any]] = {
    "==": lambda a: loose_equals(arg(a, 0), arg(a, 1)),
    "===": lambda a: strict_equals(arg(a, 0), arg(a, 1)),
    "!=": lambda a: not loose_equals(arg(a, 0), arg(a, 1)),
    "!==": lambda a: not strict_equals(arg(a, 0), arg(a, 1)),
    ">": lambda a: less_than(arg(a, 1), arg(a, 0)),
    ">=": lambda a: less_than(arg(a, 1), arg(a, 0), or_equal=True),
    "<": lambda a: _lt(a, False),
    "<=": lambda a: _lt(a, True),
    "!!": lambda a: truthy(arg(a, 0)),
    "!": lambda a: not truthy(arg(a, 0)),
    "%": _modulo,
    "log": _log,
    "in": _in,
    "cat": _cat,
    "substr": _substr,
    "+": _add,
    "*": _multiply,
    "-": _subtract,
    "/": _divide,
    "min": lambda a: _extreme(a, min, math.inf),
    "max": lambda a: _extreme(a, max, -math.inf),
    "merge": _merge,
}
