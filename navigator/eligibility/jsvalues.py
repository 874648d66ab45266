"""JavaScript value semantics for JSON Logic, on plain JSON-shaped Python values.

JSON Logic is defined by its reference implementation, json-logic-js, so "what does ``==``
mean" is answered by the ECMAScript spec: loose equality, ``ToNumber``, ``ToString``,
relational comparison on primitives. Rules written by editors (or emitted by rule builders
in other ecosystems) must give the same answer here as in a browser, so these helpers follow
ECMAScript rather than Python's own coercions (``True == 1``, ``float("inf")``, ``"1_0"``).

Arrays are ``list``/``tuple``, objects are ``dict``. ``UNDEFINED`` stands for JavaScript's
``undefined``, which only arises for missing operator arguments.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from navigator.eligibility.errors import JsonLogicError


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Any = _Undefined()

# Above 2**53 JavaScript numbers are doubles; Python ints would compare exactly and disagree.
_MAX_SAFE = 2**53
_JS_WS = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\Z")
_DECIMAL_PREFIX = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_NON_DECIMAL = {"0x": 16, "0X": 16, "0o": 8, "0O": 8, "0b": 2, "0B": 2}
_NAN = math.nan


def truthy(value: Any) -> bool:
    """JSON Logic truthiness: JavaScript's, except that an empty array is false."""
    if value is None or value is False or value is UNDEFINED:
        return False
    if value is True:
        return True
    tp = type(value)
    if tp is str or tp is list or tp is tuple:
        return len(value) > 0
    if tp is int:
        return value != 0
    if tp is float:
        return value != 0 and value == value
    return True


def is_array(value: Any) -> bool:
    return type(value) is list or type(value) is tuple


def _int_or_float(value: int) -> int | float:
    if -_MAX_SAFE <= value <= _MAX_SAFE:
        return value
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def number(value: float) -> int | float:
    """Normalise an arithmetic result: integral doubles come back as ``int`` (keeps -0.0)."""
    if value.is_integer() and -_MAX_SAFE <= value <= _MAX_SAFE and (value or str(value)[0] != "-"):
        return int(value)
    return value


def _string_to_number(text: str) -> int | float:
    text = text.strip(_JS_WS)
    if not text:
        return 0
    if _DECIMAL.match(text):
        return float(text.replace("Infinity", "inf"))
    base = _NON_DECIMAL.get(text[:2])
    if base is not None and text[2:].isascii() and text[2:].isalnum():
        try:
            return _int_or_float(int(text[2:], base))
        except ValueError:
            return _NAN
    return _NAN


def to_number(value: Any) -> int | float:
    """ECMAScript ``ToNumber`` (unary ``+``, ``-``, ``/``, ``%``, relational comparison)."""
    tp = type(value)
    if tp is int:
        return _int_or_float(value)
    if tp is float:
        return value
    if value is None or value is False:
        return 0
    if value is True:
        return 1
    if tp is str:
        return _string_to_number(value)
    if value is UNDEFINED:
        return _NAN
    return _string_to_number(to_primitive(value))


def parse_float(value: Any) -> int | float:
    """ECMAScript ``parseFloat``: the longest decimal prefix, which is what ``+``/``*`` use."""
    if type(value) is int:
        return _int_or_float(value)
    if type(value) is float:
        return value
    match = _DECIMAL_PREFIX.match(to_string(value).lstrip(_JS_WS))
    if match is None:
        return _NAN
    return float(match.group().replace("Infinity", "inf"))


def number_to_string(value: float | int) -> str:
    """ECMAScript ``Number::toString``: ``3`` not ``3.0``, ``1e+21``, ``1.5e-7``."""
    if type(value) is int and -_MAX_SAFE <= value <= _MAX_SAFE:
        return str(value)
    value = float(value)
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign, digits_t, exponent = Decimal(repr(value)).normalize().as_tuple()
    digits = "".join(map(str, digits_t))
    k, n = len(digits), int(exponent) + len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        e = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        text = f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return "-" + text if sign else text


def to_string(value: Any) -> str:
    """ECMAScript ``ToString`` (``cat``, ``substr``, ``var`` paths, string ``in``)."""
    tp = type(value)
    if tp is str:
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if tp is int or tp is float:
        return number_to_string(value)
    if value is UNDEFINED:
        return "undefined"
    return to_primitive(value)


def to_primitive(value: Any) -> Any:
    """ECMAScript ``ToPrimitive``: arrays join with commas, objects are "[object Object]"."""
    if type(value) is list or type(value) is tuple:
        return ",".join("" if v is None or v is UNDEFINED else to_string(v) for v in value)
    if type(value) is dict:
        return "[object Object]"
    if value is None or value is UNDEFINED or type(value) in (str, int, float, bool):
        return value
    raise JsonLogicError(f"unsupported value of type {type(value).__name__}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    tp = type(value)
    if tp is bool:
        return "boolean"
    if tp is int or tp is float:
        return "number"
    if tp is str:
        return "string"
    if tp is list or tp is tuple or tp is dict:
        return "object"
    raise JsonLogicError(f"unsupported value of type {tp.__name__}")


def strict_equals(a: Any, b: Any) -> bool:
    """ECMAScript ``===``: same type and value; arrays and objects only equal themselves."""
    kind = _kind(a)
    if kind != _kind(b):
        return False
    if kind == "object":
        return a is b
    return a == b


def loose_equals(a: Any, b: Any) -> bool:
    """ECMAScript ``==`` (IsLooselyEqual)."""
    ka, kb = _kind(a), _kind(b)
    if ka == kb:
        return a is b if ka == "object" else a == b
    if ka in ("null", "undefined") or kb in ("null", "undefined"):
        return ka in ("null", "undefined") and kb in ("null", "undefined")
    if ka == "boolean":
        return loose_equals(int(a), b)
    if kb == "boolean":
        return loose_equals(a, int(b))
    if ka == "object":
        return loose_equals(to_primitive(a), b)
    if kb == "object":
        return loose_equals(a, to_primitive(b))
    # One number, one string.
    return to_number(a) == to_number(b)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def less_than(a: Any, b: Any, or_equal: bool = False) -> bool:
    """ECMAScript ``<`` / ``<=``: string comparison by UTF-16 code units, else numeric."""
    tp_a, tp_b = type(a), type(b)
    if (tp_a is int or tp_a is float) and (tp_b is int or tp_b is float):
        return a <= b if or_equal else a < b
    a, b = to_primitive(a), to_primitive(b)
    if type(a) is str and type(b) is str:
        if not (a.isascii() and b.isascii()):
            a, b = _utf16(a), _utf16(b)  # type: ignore[assignment]
        return a <= b if or_equal else a < b
    x, y = to_number(a), to_number(b)
    return x <= y if or_equal else x < y
