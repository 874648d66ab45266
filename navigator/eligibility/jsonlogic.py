"""Standard JSON Logic (jsonlogic.com), compiled to Python functions (see ``compiler``).

Behaves like the reference implementation json-logic-js, including its JavaScript coercions,
and passes the whole cross-implementation conformance suite (json-logic/compat-tables). The
common Python ports fail one case there: ``reduce`` must *evaluate* its initial value
(``{"var": "start_with"}``), not pass the rule through as a literal.

Errors: every function here raises only :class:`JsonLogicError` (a ``ValueError``) on any JSON
rule and data — for unknown operators, arguments JavaScript would throw on (``{"*": []}``),
rules nested deeper than ``MAX_DEPTH``, data too deep to stringify, and non-JSON values.
One deliberate difference from json-logic-js: an unknown operator is rejected when the rule
is compiled, even inside a branch that would never run, so editors learn of it when saving.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Hashable
from typing import Any

from navigator.eligibility import compiler
from navigator.eligibility.cache import BoundedCache
from navigator.eligibility.compiler import MAX_DEPTH, OPERATORS, SCOPED, is_logic
from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.jsvalues import to_string, truthy

__all__ = [
    "MAX_DEPTH",
    "OPERATORS",
    "JsonLogicError",
    "apply",
    "compile",
    "compiled",
    "truthy",
    "validate",
    "variables",
]

_cache: BoundedCache[Callable[[Any], Any]] = BoundedCache(maxsize=20_000)

# Compiled rules by structure: ``marshal`` is a fast, exact serialisation of plain JSON-like
# values (True, 1 and 1.0 differ; subclasses and other objects are refused).
_interned: dict[bytes, Callable[[Any], Any]] = {}
MAX_INTERNED = 20_000


def _key(rule: Any) -> bytes | None:
    try:
        return marshal.dumps(rule, 2)  # version 2 writes no back-references: same rule, same key
    except ValueError:  # not plain data, or nested too deeply: compiling will say which
        return None


def compile(rule: Any) -> Callable[[Any], Any]:
    """Compile ``rule`` once; the result evaluates it against any data without re-walking it.

    Identical rules (a city has thousands of services under a few hundred rules) share one
    compiled function: fewer functions, and the hot ones stay in the CPU's caches.
    """
    key = _key(rule)
    if key is None:
        return compiler.compile_rule(rule)  # raises JsonLogicError for what cannot be a rule
    return _interned.get(key) or _intern(key, rule)


def _intern(key: bytes, rule: Any) -> Callable[[Any], Any]:
    fn = compiler.compile_rule(rule)
    if len(_interned) >= MAX_INTERNED:
        _interned.clear()
    _interned[key] = fn
    return fn


#: id(rule) -> (rule, its marshal key, its compiled function): rule objects given to `apply`
#: once, so one applied again need not be serialised to find its function
_recent: dict[int, tuple[Any, bytes, Callable[[Any], Any]]] = {}
#: id(rule) -> (rule, a copy of it as it was, its compiled function): rule objects given to
#: `apply` more than once, recognised by identity and checked against the copy
_known: dict[int, tuple[Any, Any, Callable[[Any], Any]]] = {}
_known_get = _known.get  # bound once: `apply`'s repeat path is a look-up, a check and a call
MAX_RECENT = 8_192


def apply(rule: Any, data: Any = None) -> Any:
    """Evaluate a JSON Logic ``rule`` against ``data``, as json-logic-js would.

    Rules are found by value (one ``marshal`` of the rule finds its compiled function), so a
    rule changed in place (an editor's preview, say) is evaluated as it is now. A rule
    object seen twice gets a copy of itself kept; from then on it is recognised by identity
    and compared with that copy, which is cheaper. (Python's ``==`` holds a 1 equal to
    ``true``: only that change, made in place to a rule applied twice, would go unseen.)
    """
    known = _known_get(id(rule))
    if known is not None and known[0] is rule and known[1] == rule:
        return known[2](data)
    return _apply_seen_less(rule, data)


def _apply_seen_less(rule: Any, data: Any) -> Any:
    """`apply` for a rule object not known yet, or changed since."""
    seen = _recent.get(id(rule))
    key = _key(rule)
    if seen is not None and seen[0] is rule and key == seen[1]:
        # Second sight, unchanged: worth a copy to compare with from now on.
        if len(_known) >= MAX_RECENT:
            _known.clear()
        _known[id(rule)] = (rule, _containers_copied(rule), seen[2])
        return seen[2](data)
    if key is None:
        return compiler.compile_rule(rule)(data)
    fn = _interned.get(key) or _intern(key, rule)
    if isinstance(rule, dict):
        if len(_recent) >= MAX_RECENT:
            _recent.clear()
        _recent[id(rule)] = (rule, key, fn)
    return fn(data)


def _containers_copied(value: Any) -> Any:
    """A copy of a plain-data rule with new containers and the same leaves. Strings and
    numbers cannot change in place, so sharing them loses nothing, and comparing the copy
    with the rule then finds most leaves identical (Python's ``==`` on containers tries
    ``is`` first): about 2.5× faster than comparing with a copy made by ``marshal.loads``,
    whose strings are new objects."""
    kind = type(value)
    if kind is dict:
        return {key: _containers_copied(item) for key, item in value.items()}
    if kind is list:
        return [_containers_copied(item) for item in value]
    if kind is tuple:
        return tuple(_containers_copied(item) for item in value)
    if kind is set:  # `marshal` takes sets; their members are immutable already
        return set(value)
    return value


def clear_all() -> None:
    """Forget every compiled rule (benchmarks measure the cold path with it)."""
    _cache.clear()
    _interned.clear()
    _recent.clear()
    _known.clear()
    compiler.clear_cache()


def compiled(key: Hashable, rule: Any) -> Callable[[Any], Any]:
    """The compiled ``rule``, cached under ``key``.

    The key must change whenever the rule does, e.g. ``(service_id, revision)``; the rule
    itself is only read on a cache miss.
    """
    return _cache.get_or_build(key, lambda: compile(rule))


def clear_cache() -> None:
    _cache.clear()


def validate(rule: Any) -> None:
    """Raise :class:`JsonLogicError` naming the problem if ``rule`` cannot be compiled."""
    compiler.check_rule(rule)


def variables(rule: Any) -> set[str]:
    """Every fact a rule reads: ``var`` paths (full dotted names) and ``missing`` keys.

    Logic applied to array items (the second argument of ``map``, ``filter``, ``all`` …)
    reads the items, not facts, so it is skipped.
    """
    found: set[str] = set()
    _collect(rule, found, 0)
    return found


def _collect(rule: Any, found: set[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise JsonLogicError(f"rule is nested more than {MAX_DEPTH} levels deep")
    if isinstance(rule, list | tuple):
        for item in rule:
            _collect(item, found, depth + 1)
        return
    if not is_logic(rule):
        return
    ((op, values),) = rule.items()
    values = list(values) if isinstance(values, list | tuple) else [values]
    if op == "var" and values and _is_scalar(values[0]):
        name = values[0]
        if name not in ("", None):
            found.add(to_string(name))
    elif op == "missing":
        keys = values[0] if len(values) == 1 and isinstance(values[0], list) else values
        found.update(to_string(k) for k in keys if _is_scalar(k) and k not in ("", None))
    elif op == "missing_some" and len(values) > 1 and isinstance(values[1], list):
        found.update(to_string(k) for k in values[1] if _is_scalar(k) and k not in ("", None))
    if op in SCOPED:
        values = [v for i, v in enumerate(values) if i != 1]
    for value in values:
        _collect(value, found, depth + 1)


def _is_scalar(value: Any) -> bool:
    return type(value) in (str, int, float, bool)
