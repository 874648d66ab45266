"""What machine translation does to listings: suggestions for a translator's empty fields,
and machine translations of listings nobody has translated (`content machine-translate`).

Suggestions write nothing. A machine translation is published through the revisions
(`revisions.publish_translation(..., machine=True)`), so history and audit log hold it; it is
checked like a translator's text first (links, numbers, lists), and one that lost any is
not published. Only a locale with no text at all is filled: a person's translation, even a
partial or outdated one, is never replaced.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from navigator.content import canonical
from navigator.db import db
from navigator.editor import revisions, translation_checks
from navigator.machine_translation import Provider, translate


def suggest(
    provider: Provider,
    source_texts: Mapping[str, str],
    typed: Mapping[str, str],
    source: str,
    locale: str,
) -> dict[str, str]:
    """{field: a machine's text} for the fields the translator left empty (what they typed
    is never replaced); {} when every field has text."""
    empty = {f: text for f, text in source_texts.items() if text and not typed.get(f, "").strip()}
    return translate(provider, empty, source, locale) if empty else {}


def untranslated(kind: str, locale: str, source: str) -> Iterator[Any]:
    """The objects of `kind` with a source text and no text at all in `locale`, by key."""
    model = revisions.EDITABLE[kind]
    fields = canonical.SOURCE_FIELDS[kind]
    for obj in db.session.scalars(select(model).order_by(model.slug)).all():
        original, row = obj.translations.get(source), obj.translations.get(locale)
        if original is None or not any(getattr(original, f, None) for f in fields):
            continue
        if row is None or not any(getattr(row, f, None) for f in fields):
            yield obj


@dataclass(frozen=True)
class Outcome:
    """One listing's machine translation: published, or why not (`problems`)."""

    kind: str
    key: str
    problems: Sequence[str] = ()

    @property
    def published(self) -> bool:
        return not self.problems


def fill(provider: Provider, kind: str, obj: Any, locale: str, source: str) -> Outcome:
    """Machine-translate `obj`'s source texts into `locale` and publish them as a machine
    translation, unless the result lost a link, number or list item of the source."""
    original = obj.translations[source]
    texts = {f: getattr(original, f) for f in canonical.SOURCE_FIELDS[kind] if getattr(original, f)}
    found = translate(provider, texts, source, locale)
    problems = [
        f"{field}: {message}"
        for field, text in found.items()
        for message in translation_checks.problems(texts[field], text)
    ]
    if not problems:
        revisions.publish_translation(kind, obj, locale, found, None, machine=True)
    return Outcome(kind, obj.slug, tuple(problems))
