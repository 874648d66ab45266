"""Markdown in, what a machine translator is sent, and Markdown back out with nothing lost.

A machine translator sees prose only. The Markdown's structure (headings, list markers,
quotes, blank lines, rules, tables, fenced code) never leaves: each line keeps its marker
here, and only the words after it are sent. Inside the words, what must not change — link
targets, web and e-mail addresses, phone numbers and other runs of digits, inline code,
placeholders — is sent as an empty XML tag the translator keeps in place (`<x i="0"/>`) and
put back afterwards; a link's words are translated, its target is not
(`[the library](https://…)` goes as `<a i="1">the library</a>`). The rest is escaped XML,
which is what DeepL's `tag_handling=xml` (and any tag-aware translator) expects.

The continuation lines of a paragraph or list item are sent joined by a space: the
translator gets whole sentences, and Markdown renders the joined text the same.

Pure functions: no Flask, no database.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE = re.compile(r"^\s*\|")
#: a line's Markdown markers: indentation, quotes and list markers (nested), a heading's #s
_MARKERS = re.compile(
    r"^[ \t]*(?:(?:>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)[ \t]*)*(?:#{1,6}[ \t]+)?"
)
_INLINE = re.compile(
    r"(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|\[(?P<label>[^\]]+)\]\((?P<target>[^)\s]+(?:\s+\"[^\"]*\")?)\)"
    r"|(?P<code>`[^`]+`)"
    r"|(?P<autolink><(?:https?://|mailto:)[^>\s]+>)"
    r"|(?P<url>https?://[^\s<>]*[^\s<>.,;:!?)\]'\"])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<placeholder>%\(\w+\)[sd]|\{\w+\})"
    # as translation_checks finds phone numbers: five digits or more, spaces, / and - inside
    r"|(?P<number>\+?\d[\d /-]{3,}\d)"
)
_TAG = re.compile(r"<(/?)([ax])(?:\s+i\s*=\s*[\"'](\d+)[\"'])?\s*(/?)>")
_WORD = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Prepared:
    """A Markdown text taken apart: `lines` are (what the line keeps as it is, the index of
    the segment translated after it, or None); `segments` are the XML fragments to
    translate; `kept` the protected spans their tags stand for."""

    lines: tuple[tuple[str, int | None], ...]
    segments: tuple[str, ...]
    kept: tuple[str, ...]


def prepare(text: str) -> Prepared:
    lines: list[tuple[str, int | None]] = []
    segments: list[str] = []
    kept: list[str] = []
    words: list[str] = []
    fenced = False

    def close_block() -> None:
        if words:
            segments.append(_protect(" ".join(words), kept))
            words.clear()

    for line in text.split("\n"):
        if fenced or _FENCE.match(line):
            close_block()
            lines.append((line, None))
            fenced = fenced != bool(_FENCE.match(line))
            continue
        if not line.strip() or _RULE.match(line) or _TABLE.match(line):
            close_block()
            lines.append((line, None))
            continue
        markers = _MARKERS.match(line).group(0)  # type: ignore[union-attr] - matches ""
        body = line[len(markers) :].strip()
        if markers.strip() or not words:  # a new paragraph, list item or heading
            close_block()
            lines.append((markers, len(segments) if body else None))
            if body:
                words.append(body)
        else:  # a continuation line
            words.append(body)
    close_block()
    return Prepared(tuple(lines), tuple(segments), tuple(kept))


def has_words(segment: str) -> bool:
    """Whether a segment holds anything to translate (not only an address or a number)."""
    return bool(_WORD.search(html.unescape(_TAG.sub("", segment))))


def restore(prepared: Prepared, translated: Sequence[str]) -> str:
    """The Markdown text again, with `translated[i]` in place of segment i."""
    return "\n".join(
        start + (_restore(translated[index], prepared.kept) if index is not None else "")
        for start, index in prepared.lines
    )


def _protect(text: str, kept: list[str], *, links: bool = True) -> str:
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[position : match.start()], quote=False))
        position = match.end()
        if match.group("label") is not None and links:
            kept.append(match.group("target"))
            label = _protect(match.group("label"), kept, links=False)
            out.append(f'<a i="{len(kept) - 1}">{label}</a>')
        else:
            kept.append(match.group(0))
            out.append(f'<x i="{len(kept) - 1}"/>')
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def _restore(fragment: str, kept: Sequence[str]) -> str:
    """A translated fragment as Markdown: tags become what they stand for, the text between
    them is unescaped. A tag the translator dropped loses its span; translation_checks
    reports the missing link or number."""
    out: list[str] = []
    links: list[int] = []
    position = 0
    for match in _TAG.finditer(fragment):
        out.append(html.unescape(fragment[position : match.start()]))
        position = match.end()
        closing, name, index, empty = match.groups()
        known = index is not None and int(index) < len(kept)
        if name == "x" and not closing and known:
            out.append(kept[int(index)])
        elif name == "a" and not closing and known and empty:
            out.append(f"[]({kept[int(index)]})")
        elif name == "a" and not closing and known:
            links.append(int(index))
            out.append("[")
        elif name == "a" and closing and links:
            out.append(f"]({kept[links.pop()]})")
    out.append(html.unescape(fragment[position:]))
    return "".join(out).strip()
