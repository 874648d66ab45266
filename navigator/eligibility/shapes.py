"""Templates of generated code per operator: the fast paths and their general fallbacks.

Each builder returns the :class:`~codegen.Expr` of one operator with its arguments, or None
for the general form (the operation's function from ``operations.py`` on evaluated
arguments). A fast path tests the types it relies on at run time and falls back to the
JavaScript semantics of ``jsvalues.py`` otherwise, so it only ever changes the speed.
"""

from __future__ import annotations

from typing import Any

from navigator.eligibility import runtime
from navigator.eligibility.codegen import (
    BUILDERS,
    NO_CONSTANT,
    Expr,
    Generator,
    absent,
    constant_keys,
    deepest,
    is_number,
    joined,
    touch,
)
from navigator.eligibility.jsvalues import is_array, less_than
from navigator.eligibility.runtime import SCALARS, SCOPED, var_parts


def _var(gen: Generator, op: str, values: list[Any], depth: int) -> Expr:
    if values and type(values[0]) in SCALARS and len(values) < 3:
        default = gen.expr(values[1], depth) if len(values) > 1 else None
        if default is None or var_parts(values[0]) is None:
            return gen.read(values[0])
        path = gen.const(tuple(var_parts(values[0]) or ())).code
        return Expr(f"_lookup(data, {path}, {default.code})", "any", default.level + 1)
    args = [gen.expr(v, depth) for v in values]
    return Expr(f"_var(data, [{joined(args)}])", "any", 2 + deepest(args))


def _missing(gen: Generator, op: str, values: list[Any], depth: int) -> Expr:
    keys = constant_keys(op, values)
    if keys is None:
        args = [gen.expr(v, depth) for v in values]
        return Expr(f"_missing(data, [{joined(args)}])", "py", 2 + deepest(args))
    touch(values, depth)
    if len(keys) > 8:
        reads = "".join(gen.read(k).code + ", " for k in keys)
        return Expr(f"_pick({gen.const(keys).code}, ({reads}))", "py", 2)
    # [*(("a",) if a is absent else ()), …]: one list, no call.
    t = gen.temp()
    items = [f"*({gen.const((k,)).code} if {absent(t, gen.read(k))} else ())" for k in keys]
    return Expr("[" + ", ".join(items) + "]", "py", 3)


def _missing_some(gen: Generator, op: str, values: list[Any], depth: int) -> Expr:
    if (
        len(values) == 2
        and type(values[0]) in SCALARS
        and is_array(values[1])
        and all(type(k) in SCALARS for k in values[1])
    ):
        touch(values, depth)
        keys = list(values[1])
        reads = "".join(gen.read(k).code + ", " for k in keys)
        need, names = gen.const(values[0]).code, gen.const(keys).code
        code = f"_missing_some_static({need}, {names}, ({reads}))"
        if type(values[0]) in (int, float) and keys:
            # Enough answers (the usual case) is a count: no list is built.
            t = gen.temp()
            there = " + ".join(f"(not ({absent(t, gen.read(k))}))" for k in keys)
            code = f"([] if {need} <= {there} else {code})"
        return Expr(code, "py", 4)
    args = [gen.expr(v, depth) for v in values]
    return Expr(f"_missing_some(data, [{joined(args)}])", "py", 2 + deepest(args))


def _if(gen: Generator, op: str, values: list[Any], depth: int) -> Expr:
    pairs = [
        (gen.test(values[i], depth), gen.expr(values[i + 1], depth))
        for i in range(0, len(values) - 1, 2)
    ]
    result = gen.expr(values[-1], depth) if len(values) % 2 else gen.const(None)
    kinds = {then.kind for _test, then in pairs} | {result.kind}
    for test, then in reversed(pairs):
        level = 1 + max(test.level, then.level, result.level)
        kind = "bool" if kinds == {"bool"} else "py" if "any" not in kinds else "any"
        result = gen.limit(Expr(f"({then.code} if {test.code} else {result.code})", kind, level))
    return result


def _and_or(gen: Generator, op: str, values: list[Any], depth: int) -> Expr:
    """JavaScript's ``&&``/``||``: the first falsy (truthy) operand, else the last one."""
    if not values:
        return gen.const(None)
    args = [gen.expr(v, depth) for v in values]
    result = args[-1]
    chain: list[Expr] = []  # operands Python's and/or treat as JSON Logic does

    def close(result: Expr) -> Expr:
        if not chain:
            return result
        parts = [*chain, result]
        kinds = {p.kind for p in parts}
        kind = "bool" if kinds == {"bool"} else "py" if "any" not in kinds else "any"
        code = "(" + f" {op} ".join(p.code for p in parts) + ")"
        chain.clear()
        return gen.limit(Expr(code, kind, 1 + max(p.level for p in parts)))

    for arg in reversed(args[:-1]):
        if arg.kind != "any":
            chain.insert(0, arg)
            continue
        result = close(result)
        t = gen.temp()
        stop = f"not _truthy({t} := {arg.code})" if op == "and" else f"_truthy({t} := {arg.code})"
        level = 2 + max(arg.level, result.level)
        result = gen.limit(Expr(f"({t} if {stop} else {result.code})", "any", level))
    return close(result)


def _not(gen: Generator, op: str, values: list[Any], depth: int) -> Expr | None:
    if len(values) != 1:
        return None
    inner = gen.test(values[0], depth)
    if op == "!":
        return Expr(f"(not {inner.code})", "bool", inner.level + 1)
    return (
        inner if inner.kind == "bool" else Expr(f"_truthy({inner.code})", "bool", inner.level + 1)
    )


def _compare(gen: Generator, op: str, values: list[Any], depth: int) -> Expr | None:
    """``<``, ``<=``, ``>``, ``>=``: Python's comparison when both sides are numbers."""
    if len(values) == 3 and op in ("<", "<="):
        return _between(gen, op, [gen.expr(v, depth) for v in values])
    if len(values) != 2:
        return None
    a, b = gen.expr(values[0], depth), gen.expr(values[1], depth)
    sym = "<=" if op in ("<=", ">=") else "<"
    oe = "True" if sym == "<=" else "False"
    level = 2 + max(a.level, b.level)
    if is_number(a) != is_number(b):
        t = gen.temp()
        var, k = (a, b.code) if is_number(b) else (b, a.code)
        # JavaScript's a > b is b < a; ``less`` and ``more`` are the sides after that swap.
        var_first = (op in ("<", "<=")) == (var is a)
        less, more = (t, k) if var_first else (k, t)
        # An unanswered fact is null, which JavaScript compares as 0: known in advance.
        value = b.const if var is a else a.const
        pair = (None, value) if var_first else (value, None)
        null = repr(less_than(*pair, or_equal=sym == "<="))
        slow = f"({null} if {t} is None else _less_than({less}, {more}, {oe}))"
        code = f"({less} {sym} {more} if _type({t} := {var.code}) in _NUM else {slow})"
        return Expr(code, "bool", level)
    t0, t1 = gen.temp(), gen.temp()
    less, more = (t0, t1) if op in ("<", "<=") else (t1, t0)
    checks = f"(_type({t0} := {a.code}) in _NUM) & (_type({t1} := {b.code}) in _NUM)"
    code = f"({less} {sym} {more} if {checks} else _less_than({less}, {more}, {oe}))"
    return Expr(code, "bool", level)


def _between(gen: Generator, op: str, args: list[Expr]) -> Expr:
    low, mid, high = args
    sym, oe = op, ("True" if op == "<=" else "False")
    level = 2 + max(a.level for a in args)
    if is_number(low) and is_number(high) and not is_number(mid):
        t = gen.temp()
        null = repr(runtime.between(low.const, None, high.const, op == "<="))
        lo, hi = low.code, high.code
        slow = f"({null} if {t} is None else _between({lo}, {t}, {hi}, {oe}))"
        code = f"({lo} {sym} {t} {sym} {hi} if _type({t} := {mid.code}) in _NUM else {slow})"
        return Expr(code, "bool", level)
    t0, t1, t2 = gen.temp(), gen.temp(), gen.temp()
    checks = " & ".join(
        f"(_type({n} := {a.code}) in _NUM)" for n, a in zip((t0, t1, t2), args, strict=True)
    )
    slow = f"_between({t0}, {t1}, {t2}, {oe})"
    code = f"({t0} {sym} {t1} {sym} {t2} if {checks} else {slow})"
    return Expr(code, "bool", level)


def _equals(gen: Generator, op: str, values: list[Any], depth: int) -> Expr | None:
    """``==``/``!=``: Python's equality when both sides have the same simple type."""
    if len(values) != 2:
        return None
    a, b = gen.expr(values[0], depth), gen.expr(values[1], depth)
    neg = "not " if op == "!=" else ""
    level = 2 + max(a.level, b.level)
    known = b if b.const is not NO_CONSTANT else a if a.const is not NO_CONSTANT else None
    if known is not None and type(known.const) in (str, bool, int, float):
        other, t = (a if known is b else b), gen.temp()
        left, right = (t, known.code) if known is b else (known.code, t)
        if type(known.const) is bool:
            same, guard = ("is not" if neg else "is"), f"_type({t} := {other.code}) is _bool"
        elif type(known.const) is str:
            same, guard = ("!=" if neg else "=="), f"_type({t} := {other.code}) is _str"
        else:
            same, guard = ("!=" if neg else "=="), f"_type({t} := {other.code}) in _NUM"
        # null equals none of these constants.
        slow = f"({bool(neg)!r} if {t} is None else {neg}_loose_equals({left}, {right}))"
        code = f"({left} {same} {right} if {guard} else {slow})"
        return Expr(code, "bool", level)
    t0, t1 = gen.temp(), gen.temp()
    same = "!=" if neg else "=="
    guard = f"_type({t0} := {a.code}) is _type({t1} := {b.code}) and _type({t0}) in _STRNUM"
    code = f"({t0} {same} {t1} if {guard} else {neg}_loose_equals({t0}, {t1}))"
    return Expr(code, "bool", level)


def _in(gen: Generator, op: str, values: list[Any], depth: int) -> Expr | None:
    if len(values) != 2:
        return None
    needle, haystack = values
    if is_array(haystack) and all(type(v) in SCALARS for v in haystack):
        x, t = gen.expr(needle, depth), gen.temp()
        touch([haystack], depth)
        strings = gen.const(frozenset(v for v in haystack if type(v) is str)).code
        items = gen.const(list(haystack)).code
        null = repr(any(v is None for v in haystack))
        slow = f"({null} if {t} is None else _contains({t}, {items}))"
        code = f"({t} in {strings} if _type({t} := {x.code}) is _str else {slow})"
        return Expr(code, "bool", x.level + 2)
    if type(needle) is str:
        k, h, t = gen.const(needle).code, gen.expr(haystack, depth), gen.temp()
        slow = f"(False if {t} is None else _contains({k}, {t}))"
        code = f"({k} in {t} if _type({t} := {h.code}) is _list else {slow})"
        return Expr(code, "bool", h.level + 2)
    return None


def _scoped(gen: Generator, op: str, values: list[Any], depth: int) -> Expr:
    source = gen.expr(values[0] if values else None, depth)
    from navigator.eligibility.compiler import compile_rule  # compiler imports this module

    logic = gen.const(compile_rule(values[1] if len(values) > 1 else None, depth)).code
    args = [gen.const(op).code, source.code, logic]  # the item logic is a function of its own
    level = source.level
    if op == "reduce" and len(values) > 2:
        start = gen.expr(values[2], depth)
        args.append(start.code)
        level = max(level, start.level)
    return Expr(f"_scoped({', '.join(args)})", "any", level + 1)


BUILDERS.update(
    {
        "var": _var,
        "missing": _missing,
        "missing_some": _missing_some,
        "if": _if,
        "?:": _if,
        "and": _and_or,
        "or": _and_or,
        "!": _not,
        "!!": _not,
        "<": _compare,
        "<=": _compare,
        ">": _compare,
        ">=": _compare,
        "==": _equals,
        "!=": _equals,
        "in": _in,
        **{op: _scoped for op in SCOPED},
    }
)
