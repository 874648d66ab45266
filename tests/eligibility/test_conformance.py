"""Every case of the cross-implementation JSON Logic suite (json-logic/compat-tables)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from navigator.eligibility import apply, compile

# Vendored (see tests/data/jsonlogic/SOURCE.md) so a fresh clone runs the suite on its own.
SUITE = Path(__file__).resolve().parents[1] / "data" / "jsonlogic" / "compatible.json"


def _cases() -> list[dict[str, Any]]:
    entries = json.loads(SUITE.read_text(encoding="utf-8"))
    return [entry for entry in entries if not isinstance(entry, str)]


CASES = _cases()


def _same(actual: Any, expected: Any) -> bool:
    # 1 == 1.0 is fine (JavaScript has one number type); True where 1 is expected is not.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(map(_same, actual, expected))
        )
    numbers = (int, float)
    same_type = type(actual) is type(expected) or (
        type(actual) in numbers and type(expected) in numbers
    )
    return same_type and actual == expected


def test_suite_has_every_case() -> None:
    assert len(CASES) == 278


@pytest.mark.parametrize("case", CASES, ids=[case["description"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = apply(case["rule"], case.get("data"))
    assert _same(result, case["result"]), (result, case["result"])
    # The compiled form is what production uses; it must agree on reuse, too.
    fn = compile(case["rule"])
    assert _same(fn(case.get("data")), case["result"])
    assert _same(fn(case.get("data")), case["result"])
