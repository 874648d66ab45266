"""Compile JSON Logic rules into Python functions ``fn(data) -> value`` via generated source.

Each rule becomes the source of one Python function (:mod:`codegen`): a nested expression
whose parts are inlined, no call per node, with fast paths for the shapes eligibility rules
use — a fact compared with a constant, the three-argument "between" ``<``/``<=``, ``in`` a
constant list, ``missing`` with constant keys — and JavaScript's semantics as the fallback
of each (:mod:`shapes`). Constants are closure variables, never text, so rules of one shape
with other constants share their source and Python compiles each shape once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from navigator.eligibility import runtime, shapes  # noqa: F401  (shapes registers templates)
from navigator.eligibility.codegen import Generator
from navigator.eligibility.errors import JsonLogicError
from navigator.eligibility.jsvalues import less_than, loose_equals, truthy
from navigator.eligibility.operations import EAGER, contains
from navigator.eligibility.runtime import (  # re-exported: tree.py imports them here
    MAX_DEPTH,
    OPERATORS,
    SCOPED,
    arguments,
    is_logic,
)

__all__ = ["EAGER", "MAX_DEPTH", "OPERATORS", "SCOPED", "arguments", "compile_rule", "is_logic"]

Fn = Callable[[Any], Any]

# What the generated code may name besides its constants and temporaries: no builtins.
_GLOBALS: dict[str, Any] = {
    "__builtins__": {},
    "_type": type, "_str": str, "_bool": bool, "_list": list, "_dict": dict,
    "_NUM": frozenset({int, float}), "_STRNUM": frozenset({str, int, float}),
    "_truthy": truthy, "_less_than": less_than, "_loose_equals": loose_equals,
    "_contains": contains, "_lookup": runtime.lookup, "_getter": runtime.getter,
    "_var": runtime.var_dynamic, "_pick": runtime.pick_missing,
    "_missing": runtime.missing_keys, "_missing_some": runtime.missing_some,
    "_missing_some_static": runtime.missing_some_static, "_between": runtime.between,
    "_scoped": runtime.scoped, "_JsonLogicError": JsonLogicError,
    "_RecursionError": RecursionError,
}  # fmt: skip
_FACTORIES: dict[str, Callable[..., Fn]] = {}
MAX_FACTORIES = 5_000


def compile_rule(rule: Any, depth: int = 0) -> Fn:
    """A Python function evaluating ``rule``; raises :class:`JsonLogicError` if it cannot.

    ``depth`` is how deep ``rule`` sits in an enclosing rule (logic applied to array items).
    """
    source, constants = Generator().function(rule, depth)
    factory = _FACTORIES.get(source)
    if factory is None:
        namespace: dict[str, Any] = {}
        # Our own source from fixed templates (see codegen), never text from the rule.
        exec(compile(source, "<json-logic>", "exec"), _GLOBALS, namespace)  # noqa: S102
        factory = namespace["_factory"]
        if len(_FACTORIES) >= MAX_FACTORIES:
            _FACTORIES.clear()
        _FACTORIES[source] = factory
    return factory(*constants)


def check_rule(rule: Any) -> None:
    """Raise :class:`JsonLogicError` as :func:`compile_rule` would, without compiling."""
    Generator().function(rule)


def clear_cache() -> None:
    _FACTORIES.clear()
