"""Collects every problem in a pack, each naming its file, field and reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.reason}"


_validators: dict[int, Draft202012Validator] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    # Schemas are module constants; building a validator per file is the slow part.
    key = id(schema)
    if key not in _validators:
        _validators[key] = Draft202012Validator(schema)
    return _validators[key]


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, where: str, reason: str) -> None:
        self.items.append(Problem(file, where, reason))

    def check(self, data: Any, schema: dict[str, Any], file: str) -> bool:
        """Validate against a JSON Schema, recording every error; True when valid."""
        errors = sorted(_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
        for error in errors:
            self.add(file, _path(error.absolute_path), _reason(error))
        return not errors

    def __bool__(self) -> bool:
        return bool(self.items)


def _reason(error: Any) -> str:
    if error.validator == "additionalProperties":
        return f"unknown field(s): {error.message.split('(')[-1].rstrip(')')}"
    if error.validator == "pattern":
        return f"{error.instance!r} has the wrong form (expected {error.validator_value})"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {error.validator_value}"
    return error.message
