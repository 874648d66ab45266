"""The explanation tree of an eligibility result, and its rendering as sentences.

``render`` turns a :class:`Node` tree into :class:`Line` objects in the reader's language. It
receives the gettext function ``_`` and a ``format_list`` from the caller instead of importing
Flask-Babel, so the engine stays free of Flask. Whole sentences are translated with named
placeholders (never glued from fragments), and nothing a rule editor typed — fact ids, raw
option values, JSON — is ever shown: a condition we cannot phrase gets a generic sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from navigator.eligibility.jsvalues import number_to_string, truthy

Gettext = Callable[[str], str]
FormatList = Callable[[Sequence[str], str], str]

# Comparisons read from the fact's side, so {"<": [16, {"var": "age"}]} is "age > 16".
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "===": "==", "!=": "!="}
NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


@dataclass
class Node:
    kind: str  # "all", "any", "not", "condition", "if" or "value"
    value: bool | None  # the three-valued result of this part of the rule
    fact: str | None = None
    # "truthy", "in", "contains", "between", "between_exclusive", "==", "!=", "<", ...
    op: str | None = None
    expected: Any = None
    actual: Any = None
    children: list[Node] = field(default_factory=list)
    derived: bool = False  # the fact is computed from others, so there is no "you said"


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
    text: str
    outcome: str  # "yes" (met), "no" (not met), "unknown" (we do not know yet)
    depth: int
    answer: str | None = None  # the person's answer, in words ("you said: …")
    needed: str | None = None  # the answer the rule needs, when the text alone is ambiguous
    fact: str | None = None  # for "change this answer" links; never display it


def _join(items: Sequence[str], style: str) -> str:
    return ", ".join(items)


def _identity(text: str) -> str:
    return text


def outcome(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def render(
    node: Node,
    vocab: Mapping[str, FactVocab],
    _: Gettext = _identity,
    format_list: FormatList | None = None,
) -> list[Line]:
    """Sentences explaining ``node``, one :class:`Line` per condition or group header."""
    return _lines(node, vocab, _, format_list or _join, 0)


def _lines(
    node: Node, vocab: Mapping[str, FactVocab], _: Gettext, fmt: FormatList, depth: int
) -> list[Line]:
    if node.kind in ("all", "any") and len(node.children) == 1:
        return _lines(node.children[0], vocab, _, fmt, depth)
    if node.kind in ("all", "any") and node.children:
        if node.kind == "all":
            header = _("All of these must be true:")
        else:
            header = _("At least one of these must be true:")
        lines = [Line(header, outcome(node.value), depth)]
        for child in node.children:
            lines.extend(_lines(child, vocab, _, fmt, depth + 1))
        return lines
    if node.kind == "not" and node.children:
        child = node.children[0]
        if child.kind == "condition":
            line = _condition(child, vocab, _, fmt, depth, negate=True, value=node.value)
            if line is not None:
                return [line]
        lines = [Line(_("This must not be true:"), outcome(node.value), depth)]
        return lines + _lines(child, vocab, _, fmt, depth + 1)
    if node.kind == "condition":
        line = _condition(node, vocab, _, fmt, depth, negate=False, value=node.value)
        if line is not None:
            return [line]
    return [Line(_("Another condition set by the service"), outcome(node.value), depth)]


def _answer(node: Node, info: FactVocab, _: Gettext, fmt: FormatList) -> str | None:
    actual = node.actual
    if actual is None or node.derived:
        return None
    if info.kind == "boolean":
        return _("yes") if truthy(actual) else _("no")
    if info.kind == "choice":
        return info.options.get(actual) or _("another answer")
    if info.kind == "multi":
        if not isinstance(actual, list | tuple) or not actual:
            return _("none of these")
        return fmt([info.options.get(v) or _("another answer") for v in actual], "standard")
    if info.kind == "number" and type(actual) in (int, float):
        return number_to_string(actual)
    if info.kind == "date" and isinstance(actual, str):
        return actual
    return None


def _condition(
    node: Node,
    vocab: Mapping[str, FactVocab],
    _: Gettext,
    fmt: FormatList,
    depth: int,
    negate: bool,
    value: bool | None,
) -> Line | None:
    info = vocab.get(node.fact or "")
    if info is None:
        return None
    text, needed = _sentence(node, info, _, fmt, negate)
    if text is None:
        return None
    return Line(text, outcome(value), depth, _answer(node, info, _, fmt), needed, node.fact)


def _sentence(
    node: Node, info: FactVocab, _: Gettext, fmt: FormatList, negate: bool
) -> tuple[str | None, str | None]:
    op, expected = node.op, node.expected
    statement = info.derived_statement or info.statement
    if op == "truthy" or (op in ("==", "!=") and type(expected) is bool):
        wanted = op == "truthy" or (expected is True) == (op == "==")
        return statement, (None if wanted != negate else _("no"))
    if info.kind == "choice" and op in ("in", "==", "!="):
        values = expected if op == "in" else [expected]
        labels = [info.options.get(v) for v in values]
        if not labels or None in labels:
            return None, None
        values = {"subject": info.subject, "options": fmt(labels, "or")}  # type: ignore[arg-type]
        if (op == "!=") != negate:
            return _("%(subject)s is not %(options)s") % values, None
        return _("%(subject)s is %(options)s") % values, None
    if info.kind == "multi" and op == "contains":
        label = info.options.get(expected)
        if label is None:
            return None, None
        text = _("%(subject)s: %(options)s") % {"subject": info.subject, "options": label}
        return text, (_("no") if negate else None)
    if info.kind in ("number", "date") and op in ("between", "between_exclusive"):
        low, high = expected
        text = _("%(subject)s is between %(low)s and %(high)s") % {
            "subject": info.subject,
            "low": _plain(low),
            "high": _plain(high),
        }
        return text, (_("no") if negate else None)
    if info.kind in ("number", "date") and op in NEGATED:
        op = NEGATED[op] if negate else op
        templates = _date_templates(_) if info.kind == "date" else _number_templates(_)
        values = {"subject": info.subject, "value": _plain(expected)}
        return templates[op] % values, None
    return None, None


def _plain(value: Any) -> str:
    return number_to_string(value) if type(value) in (int, float) else str(value)


def _number_templates(_: Gettext) -> dict[str, str]:
    return {
        ">=": _("%(subject)s is %(value)s or more"),
        ">": _("%(subject)s is more than %(value)s"),
        "<=": _("%(subject)s is %(value)s or less"),
        "<": _("%(subject)s is less than %(value)s"),
        "==": _("%(subject)s is %(value)s"),
        "!=": _("%(subject)s is not %(value)s"),
    }


def _date_templates(_: Gettext) -> dict[str, str]:
    return {
        ">=": _("%(subject)s is on or after %(value)s"),
        ">": _("%(subject)s is after %(value)s"),
        "<=": _("%(subject)s is on or before %(value)s"),
        "<": _("%(subject)s is before %(value)s"),
        "==": _("%(subject)s is %(value)s"),
        "!=": _("%(subject)s is not %(value)s"),
    }
