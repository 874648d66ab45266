"""The data an explanation is made of: the rule's tree, the words for facts, the lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Comparisons read from the fact's side, so {"<": [16, {"var": "age"}]} is "age > 16".
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "===": "==", "!=": "!="}
NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


@dataclass
class Node:
    kind: str  # "all", "any", "not", "condition", "if" or "value"
    value: bool | None  # the three-valued result of this part of the rule
    fact: str | None = None
    # "truthy", "in", "contains", "between", "between_exclusive", "==", "!=", "<", ...,
    # or "area" (the fact's value must be one of the service's areas)
    op: str | None = None
    expected: Any = None
    actual: Any = None
    children: list[Node] = field(default_factory=list)
    derived: bool = False  # the fact is computed from others, so there is no "you said"
    # For a derived fact computed from one asked fact ("is_adult" from "age"): that fact
    # and the person's answer to it, so the line can say "you said: 17".
    source: str | None = None
    source_actual: Any = None


@dataclass(frozen=True)
class FactVocab:
    """How one fact is talked about in one locale."""

    kind: str  # "choice", "multi", "number", "boolean" or "date"
    subject: str  # "Your age"
    statement: str | None = None  # "You are registered at an address in the city"
    options: Mapping[Any, str] = field(default_factory=dict)  # value -> label
    derived_statement: str | None = None  # "You are under 18"
    negative_statement: str | None = None  # "You have not registered an address yet"


@dataclass(frozen=True)
class Line:
    """One condition as it must be for the service, and whether the person meets it.

    ``text`` and ``verdict`` are for display. ``fact``, ``op``, ``expected`` and
    ``negated`` say which condition the text states, for links and for tests that check
    the verdict against the answer; never display them.
    """

    text: str  # "Your age is 18 or more"
    outcome: str  # "yes" (met), "no" (not met), "unknown" (we do not know yet)
    depth: int  # nesting, for indenting alternatives
    answer: str | None = None  # the person's answer in words, whenever we know it
    fact: str | None = None
    verdict: str = ""  # "this is true for you", in the reader's language
    show_answer: bool = False  # the answer adds something the sentence does not say
    # "==" (yes/no: expected True/False), "in" (choice), "contains" (list, any of expected),
    # "<", "<=", ">", ">=", "==", "!=" (number, date), "between", "between_exclusive"
    op: str | None = None
    expected: Any = None
    negated: bool = False  # the stated condition is the opposite of op/expected
