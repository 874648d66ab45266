"""The source generator behind :mod:`compiler`: a rule becomes one Python function.

Each node becomes a Python expression (:class:`Expr`), inlined into its parent's, so a rule
is evaluated without a call per node. The templates for each operator are in
:mod:`shapes`; this module assembles them, binds constants and keeps the nesting of the
generated text within what Python's parser accepts.

Safety: the text is built only from fixed templates. Every value taken from the rule (fact
names, strings, numbers, lists) becomes a closure variable ``k0``, ``k1``… of the function,
never part of the text, so a rule cannot inject code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.jsvalues import is_array
from navigator.eligibility.operations import EAGER
from navigator.eligibility.runtime import (
    OPERATORS,
    SCALARS,
    arguments,
    check_depth,
    is_logic,
    var_parts,
)

# Past this many nested brackets a part moves into a helper function, far below the limit
# of Python's parser (200) whatever the rule's shape.
_MAX_LEVEL = 30
_BOOLEAN = frozenset({"==", "===", "!=", "!==", ">", ">=", "<", "<=", "!!", "!", "in"})
_STRINGS = frozenset({"cat", "substr", "merge"})
NO_CONSTANT = object()


class Expr(NamedTuple):
    code: str
    #: "bool" (always a bool), "py" (Python's truthiness is JSON Logic's: str, list, None,
    #: bool) or "any".
    kind: str
    level: int
    const: Any = NO_CONSTANT


Builder = Callable[["Generator", str, list[Any], int], Expr | None]
#: Operator templates, filled in by :mod:`shapes`; None from one means "the general form".
BUILDERS: dict[str, Builder] = {}


def is_number(expr: Expr) -> bool:
    return type(expr.const) in (int, float)


def joined(exprs: list[Expr]) -> str:
    return ", ".join(e.code for e in exprs)


def deepest(exprs: list[Expr]) -> int:
    return max((e.level for e in exprs), default=0)


class Generator:
    def __init__(self) -> None:
        self.constants: list[Any] = []
        self.temps = 0
        self.uses_get = False
        self.helpers: list[str] = []

    # ------------------------------------------------------------------ assembly

    def function(self, rule: Any, depth: int = 0) -> tuple[str, list[Any]]:
        body = self.limit(self.expr(rule, depth)).code
        params = ", ".join(f"k{i}" for i in range(len(self.constants)))
        get = "data.get if _type(data) is _dict else _getter(data)" if self.uses_get else "None"
        lines = [f"def _factory({params}):", *self.helpers]
        lines += [
            "    def rule(data=None):",
            "        try:",
            f"            g = {get}",
            f"            return {body}",
            "        except _RecursionError:",
            '            raise _JsonLogicError("data is nested too deeply") from None',
            "    return rule",
        ]
        return "\n".join(lines) + "\n", self.constants

    def limit(self, expr: Expr) -> Expr:
        """Move a deeply bracketed part into a helper function of its own."""
        if expr.level <= _MAX_LEVEL:
            return expr
        name = f"h{len(self.helpers)}"
        self.helpers.append(f"    def {name}(data, g):\n        return {expr.code}")
        return Expr(f"{name}(data, g)", expr.kind, 1, expr.const)

    def const(self, value: Any) -> Expr:
        if value is None or value is True or value is False:
            return Expr(repr(value), "bool" if value is not None else "py", 0, value)
        self.constants.append(value)
        kind = "py" if type(value) is str else "any"
        return Expr(f"k{len(self.constants) - 1}", kind, 0, value)

    def temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    @staticmethod
    def truth(expr: Expr) -> Expr:
        """An expression whose Python truthiness is JSON Logic's truthiness of ``expr``."""
        if expr.kind != "any":
            return expr
        return Expr(f"_truthy({expr.code})", "bool", expr.level + 1)

    # ------------------------------------------------------------------ rules

    def expr(self, rule: Any, depth: int) -> Expr:
        check_depth(depth)
        if is_array(rule):
            items = [self.expr(item, depth + 1) for item in rule]
            code = "[" + ", ".join(i.code for i in items) + "]"
            return self.limit(Expr(code, "py", 1 + max((i.level for i in items), default=0)))
        if not is_logic(rule):
            return self.const(rule)
        op, values = arguments(rule)
        if not isinstance(op, str) or op not in OPERATORS:
            raise JsonLogicError(f"unknown operator {op!r}")
        build = BUILDERS.get(op)
        result = build(self, op, values, depth + 1) if build is not None else None
        if result is None:
            result = self.eager(op, [self.expr(v, depth + 1) for v in values])
        return self.limit(result)

    def test(self, rule: Any, depth: int) -> Expr:
        """Like :meth:`expr` where only the truthiness of the value matters."""
        if is_logic(rule):
            op, values = arguments(rule)
            if op in ("and", "or") and values:
                parts = [self.test(v, depth + 1) for v in values]
                code = "(" + f" {op} ".join(p.code for p in parts) + ")"
                return self.limit(Expr(code, "py", 1 + max(p.level for p in parts)))
            if op in ("!", "!!") and len(values) == 1:
                check_depth(depth)
                inner = self.test(values[0], depth + 1)
                if op == "!!":
                    return inner
                return self.limit(Expr(f"(not {inner.code})", "bool", inner.level + 1))
            keys = constant_keys(op, values)
            if keys is not None:
                check_depth(depth)
                touch(values, depth + 1)
                return self.any_absent(keys)
        return self.truth(self.expr(rule, depth))

    def eager(self, op: str, args: list[Expr]) -> Expr:
        """Any operator on evaluated arguments: the operation's own function."""
        impl = self.const(EAGER[op]).code
        level = 2 + max((a.level for a in args), default=0)
        kind = "bool" if op in _BOOLEAN else "py" if op in _STRINGS else "any"
        return Expr(f"{impl}([{', '.join(a.code for a in args)}])", kind, level)

    def read(self, key: Any) -> Expr:
        """``{"var": key}`` for a constant scalar ``key``."""
        parts = var_parts(key)
        if parts is None:
            return Expr("data", "any", 0)
        if len(parts) == 1:
            self.uses_get = True
            return Expr(f"g({self.const(parts[0]).code})", "any", 1)
        return Expr(f"_lookup(data, {self.const(tuple(parts)).code}, None)", "any", 1)

    def any_absent(self, keys: list[Any]) -> Expr:
        """True when one of ``keys`` is missing (``missing`` where only truthiness matters)."""
        if not keys:
            return Expr("False", "bool", 0)
        t = self.temp()
        return Expr("(" + " or ".join(absent(t, self.read(k)) for k in keys) + ")", "bool", 3)


def absent(t: str, read: Expr) -> str:
    """Whether the value ``read`` gives is null or "" (what ``missing`` looks for)."""
    return f'({t} := {read.code}) is None or {t} == "" and _type({t}) is _str'


def touch(values: list[Any], depth: int) -> None:
    """The depth check for constant arguments a fast path reads without compiling."""
    for value in values:
        check_depth(depth)
        if is_array(value) and value:
            check_depth(depth + 1)


def constant_keys(op: str, values: list[Any]) -> list[Any] | None:
    """The keys of ``missing`` when the rule spells them out, else None."""
    if op != "missing" or not all(type(v) in SCALARS or is_array(v) for v in values):
        return None
    keys = values[0] if values and is_array(values[0]) else values
    rest = values[1:] if values and is_array(values[0]) else []
    if not all(type(k) in SCALARS for k in keys) or any(is_array(v) for v in rest):
        return None
    return list(keys)
