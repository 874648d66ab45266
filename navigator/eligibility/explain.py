"""The explanation tree of an eligibility result, and its rendering as sentences.

``render`` turns a :class:`Node` tree into :class:`Line` objects in the reader's language. It
receives the gettext function ``_`` and a ``format_list`` from the caller instead of importing
Flask-Babel, so the engine stays free of Flask. Whole sentences are translated with named
placeholders (never glued from fragments), and nothing a rule editor typed — fact ids, raw
option values, JSON — is ever shown: a condition we cannot phrase gets a generic sentence.

A caseworker explains the reason, not the rule: the tree is first put in the shape a person
reads (:func:`~navigator.eligibility.conditions.normal_form`: no negations left, only the
parts that decide the result). Conditions that must all hold are listed; alternatives follow
the first one as "Or: …" lines. No line uses logic notation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from navigator.eligibility import sentences
from navigator.eligibility.conditions import Cond, Group, Item, normal_form
from navigator.eligibility.nodes import FLIPPED, NEGATED, FactVocab, Line, Node
from navigator.eligibility.sentences import FormatList, Gettext

__all__ = ["FLIPPED", "NEGATED", "FactVocab", "Line", "Node", "outcome", "render"]


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
    """Sentences explaining ``node``: one :class:`Line` per condition that decides it."""
    lines: list[Line] = []
    _Writer(vocab, _, format_list or _join, lines).emit(normal_form(node, vocab), 0)
    return lines


class _Writer:
    def __init__(
        self, vocab: Mapping[str, FactVocab], _: Gettext, fmt: FormatList, lines: list[Line]
    ) -> None:
        self.vocab, self._, self.fmt, self.lines = vocab, _, fmt, lines

    def emit(self, item: Item, depth: int) -> None:
        if isinstance(item, Cond):
            self.lines.append(self.line(item, depth))
        elif item.kind == "and":
            for child in item.items:
                # Alternatives inside a list of conditions are indented as one block.
                nested = isinstance(child, Group) and len(item.items) > 1
                self.emit(child, depth + 1 if nested else depth)
        else:
            for index, alternative in enumerate(item.items):
                start = len(self.lines)
                self.emit(alternative, depth)
                if index:
                    self.prefix(start, self._("Or: %(condition)s"))
                if isinstance(alternative, Group):  # several conditions, all needed
                    for at in range(start + 1, len(self.lines)):
                        if self.lines[at].depth == depth:
                            self.prefix(at, self._("And: %(condition)s"))

    def prefix(self, at: int, template: str) -> None:
        line = self.lines[at]
        self.lines[at] = replace(line, text=template % {"condition": line.text})

    def line(self, cond: Cond, depth: int) -> Line:
        _ = self._
        result = outcome(cond.value)
        info = self.vocab.get(cond.fact or "")
        text = sentences.sentence(cond, info, _, self.fmt) if info is not None else None
        if text is None or info is None or cond.node is None:
            return Line(sentences.generic(_), result, depth, verdict=sentences.verdict(result, _))
        node = cond.node
        answer, show = None, False
        source = self.vocab.get(node.source or "")
        if node.derived and source is not None:
            # "You are 18 or older — this is not true for you (you said: 17)"
            answer = sentences.answer(node.source_actual, source, _, self.fmt)
            show = answer is not None
        elif not node.derived:
            answer = sentences.answer(node.actual, info, _, self.fmt)
            show = answer is not None and _helps(cond, info, result)
        return Line(
            text,
            result,
            depth,
            answer=answer,
            fact=cond.fact,
            verdict=sentences.verdict(result, _),
            show_answer=show,
            op=cond.op,
            expected=cond.expected,
            negated=cond.negated,
        )


def _helps(cond: Cond, info: FactVocab, result: str) -> bool:
    """Whether "you said: …" tells the reader something the sentence and verdict do not."""
    if info.kind == "boolean":
        return False  # "You have registered … — this is not true for you" says it all
    if info.kind in ("choice", "multi"):
        return result == "no" or not sentences.names_one_option(cond, info)
    return True  # a number or date: the sentence has the bound, not the answer
