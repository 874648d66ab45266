"""The words of an explanation: one whole, translated sentence per condition.

Every template is passed through the caller's ``_`` with named placeholders; the pieces put
into them (subjects, statements, option labels) come from the content pack, already in the
reader's language. A sentence states the condition as the service needs it, so negations
never appear as "not <a negative option>": an excluded choice reads "anything except",
a negated yes/no fact reads its own negative statement, a negated number flips its
comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from navigator.eligibility.conditions import Cond
from navigator.eligibility.jsvalues import number_to_string, truthy
from navigator.eligibility.nodes import FactVocab

Gettext = Callable[[str], str]
FormatList = Callable[[Sequence[str], str], str]

# A choice with at most this many allowed options names them instead of the excluded ones.
FEW_OPTIONS = 2
# Sentence punctuation at the end of a piece of content, so "…?" never becomes "…?.".
_FINAL = ".?!؟。…"


def bare(text: str) -> str:
    return text.strip().rstrip(_FINAL).rstrip()


def verdict(outcome: str, _: Gettext) -> str:
    if outcome == "yes":
        return _("this is true for you")
    if outcome == "no":
        return _("this is not true for you")
    return _("we do not know this yet")


def generic(_: Gettext) -> str:
    return _("Another condition set by the service")


def sentence(cond: Cond, info: FactVocab, _: Gettext, fmt: FormatList) -> str | None:
    """The condition in words, or None when the content lacks the words for it."""
    if cond.op == "==" and type(cond.expected) is bool and info.kind == "boolean":
        return _boolean(info, cond.expected, _)
    if cond.op == "in":
        return _choice(cond, info, _, fmt)
    if cond.op == "contains":
        labels = _labels(info, cond.expected)
        if labels is None:
            return None
        values = {"subject": bare(info.subject), "options": fmt(labels, "or")}
        if cond.negated:
            return _("%(subject)s: your answers do not include %(options)s") % values
        return _("%(subject)s: your answers include %(options)s") % values
    if cond.op in ("between", "between_exclusive"):
        return _between(cond, info, _)
    templates = _date_templates(_) if info.kind == "date" else _number_templates(_)
    if cond.op in templates:
        values = {"subject": bare(info.subject), "value": _plain(cond.expected)}
        return templates[cond.op] % values
    return None


def _boolean(info: FactVocab, wanted: bool, _: Gettext) -> str | None:
    statement = info.derived_statement or info.statement
    if wanted:
        return bare(statement) if statement else None
    if info.negative_statement:
        return bare(info.negative_statement)
    # The pack has no negative wording in any language: say plainly that the statement
    # must not hold, rather than "<statement>: no", which reads as its opposite.
    return (
        _("This is not the case: %(statement)s") % {"statement": bare(statement)}
        if statement
        else None
    )


def _choice(cond: Cond, info: FactVocab, _: Gettext, fmt: FormatList) -> str | None:
    # "Subject: options" rather than "Subject is options": option labels are often the
    # person's own words ("I am looking for work"), which "is" would make ungrammatical.
    labels = _labels(info, cond.expected)
    if labels is None:
        return None
    subject = bare(info.subject)
    if not cond.negated:
        if cond.area:
            return _("You live in %(areas)s") % {"areas": fmt(labels, "or")}
        return _("%(subject)s: %(options)s") % {"subject": subject, "options": fmt(labels, "or")}
    allowed = [label for value, label in info.options.items() if value not in cond.expected]
    if allowed and len(allowed) <= FEW_OPTIONS:
        return _("%(subject)s: %(options)s") % {"subject": subject, "options": fmt(allowed, "or")}
    return _("%(subject)s: anything except %(options)s") % {
        "subject": subject,
        "options": fmt(labels, "or"),
    }


def names_one_option(cond: Cond, info: FactVocab) -> bool:
    """The sentence names exactly one allowed option (so "you said" would repeat it)."""
    if cond.op == "contains" or cond.op == "in":
        if not cond.negated:
            return len(cond.expected) == 1
        allowed = [value for value in info.options if value not in cond.expected]
        return cond.op == "in" and len(allowed) == 1
    return False


def _labels(info: FactVocab, values: Sequence[Any]) -> list[str] | None:
    labels = [info.options.get(v) for v in values]
    if not labels or any(label is None for label in labels):
        return None  # an option the content has no words for: say "another condition"
    return [bare(str(label)) for label in labels]


def _between(cond: Cond, info: FactVocab, _: Gettext) -> str:
    low, high = cond.expected
    values = {"subject": bare(info.subject), "low": _plain(low), "high": _plain(high)}
    date = info.kind == "date"
    if cond.op == "between" and not cond.negated:
        return _("%(subject)s is between %(low)s and %(high)s") % values
    if cond.op == "between":
        if date:
            return _("%(subject)s is before %(low)s or after %(high)s") % values
        return _("%(subject)s is less than %(low)s or more than %(high)s") % values
    if not cond.negated:
        if date:
            return _("%(subject)s is after %(low)s and before %(high)s") % values
        return _("%(subject)s is more than %(low)s and less than %(high)s") % values
    if date:
        return _("%(subject)s is on or before %(low)s, or on or after %(high)s") % values
    return _("%(subject)s is %(low)s or less, or %(high)s or more") % values


def answer(value: Any, info: FactVocab, _: Gettext, fmt: FormatList) -> str | None:
    """The person's answer in words."""
    if value is None:
        return None
    if info.kind == "boolean":
        return _("yes") if truthy(value) else _("no")
    if info.kind == "choice":
        return bare(info.options.get(value) or _("another answer"))
    if info.kind == "multi":
        if not isinstance(value, list | tuple) or not value:
            return _("none of these")
        return fmt([bare(info.options.get(v) or _("another answer")) for v in value], "standard")
    if info.kind == "number" and type(value) in (int, float):
        return number_to_string(value)
    if info.kind == "date" and isinstance(value, str):
        return value
    return None


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
