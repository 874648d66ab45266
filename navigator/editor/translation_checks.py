"""What a translation must keep of its source: the links, the phone numbers and the shape of
the Markdown (lists, headings). A newcomer who reads the Arabic page must get the same
addresses and numbers as one who reads the German one.

The Markdown is parsed with markdown-it-py (the parser the public pages use), so a link is a
link however it is written; phone numbers are the runs of digits (with spaces, slashes or
hyphens inside) of five digits or more, compared without their separators.
"""

from __future__ import annotations

import re
from collections import Counter

from markdown_it import MarkdownIt

from navigator.i18n import _

_PARSER = MarkdownIt("commonmark")
_NUMBER = re.compile(r"\+?\d[\d /-]{3,}\d")


def _links(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for token in _PARSER.parse(text or ""):
        for child in token.children or ():
            if child.type == "link_open":
                found[str(child.attrs.get("href", ""))] += 1
    return found


def _shape(text: str) -> Counter[str]:
    """List items and headings by kind ("bullet_list item", "heading h2")."""
    found: Counter[str] = Counter()
    lists: list[str] = []
    for token in _PARSER.parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.type.removesuffix("_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open" and lists:
            found[f"{lists[-1]} item"] += 1
        elif token.type == "heading_open":
            found[f"heading {token.tag}"] += 1
    return found


def _numbers(text: str) -> Counter[str]:
    return Counter(re.sub(r"[ /-]", "", number) for number in _NUMBER.findall(text or ""))


def problems(source: str, translation: str) -> list[str]:
    """What the translation lost or added of the source's links, numbers and structure, as
    messages for the translator; [] when it keeps them (or is empty: nothing to check)."""
    if not (translation or "").strip():
        return []
    found = []
    links, kept_links = _links(source), _links(translation)
    for href in sorted((links - kept_links).keys()):
        found.append(_("The link to %(href)s is missing.", href=href))
    for href in sorted((kept_links - links).keys()):
        found.append(_("The link to %(href)s is not in the source text.", href=href))
    numbers, kept_numbers = _numbers(source), _numbers(translation)
    for number in sorted((numbers - kept_numbers).keys()):
        found.append(_("The number %(number)s is missing.", number=number))
    for number in sorted((kept_numbers - numbers).keys()):
        found.append(_("The number %(number)s is not in the source text.", number=number))
    shape, kept_shape = _shape(source), _shape(translation)
    if shape != kept_shape:
        found.append(
            _(
                "The source has %(source)d list items and headings, the translation "
                "%(translation)d: keep the same lists and headings.",
                source=sum(shape.values()),
                translation=sum(kept_shape.values()),
            )
        )
    return found
