"""Per-locale text for database content.

Each translatable entity has a `revision` of its source text and one translation row per
locale (the source locale included). A row remembers the revision it was translated from,
so its state is computed, never stored: missing, outdated, machine-translated or up to date.
A row a machine translated (`machine`) stays so, and is labelled so on public pages, until a
translator saves it as reviewed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup, escape
from sqlalchemy import Boolean, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.collections import attribute_keyed_dict

from navigator.i18n import direction


class TranslationState(enum.StrEnum):
    MISSING = "missing"
    OUTDATED = "outdated"
    #: made by a machine and not yet reviewed by a translator: not up to date
    MACHINE = "machine"
    UP_TO_DATE = "up_to_date"


def translation_state(
    source_revision: int, translated_from: int | None, machine: bool = False
) -> TranslationState:
    """A machine translation of an older source is outdated first: the source changed, and
    the translator compares it with the change like any outdated text."""
    if translated_from is None:
        return TranslationState.MISSING
    if translated_from < source_revision:
        return TranslationState.OUTDATED
    if machine:
        return TranslationState.MACHINE
    return TranslationState.UP_TO_DATE


def next_revision(revision: int, *, minor: bool) -> int:
    """A minor source edit (typo, formatting) keeps translations up to date."""
    return revision if minor else revision + 1


@dataclass(frozen=True)
class Localized:
    """A piece of content text and the locale it is actually in."""

    text: str
    locale: str
    requested: str
    #: a machine translation no translator has reviewed yet (labelled on public pages)
    machine: bool = False

    @property
    def is_fallback(self) -> bool:
        return self.locale != self.requested

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __html__(self) -> Markup:
        """Escaped text; a fallback is marked with its language, and isolated with its own
        direction when that differs from the page's (English inside Arabic would otherwise
        show "Find out how…." with its period first)."""
        if not self.is_fallback:
            return escape(self.text)
        own = direction(self.locale)
        if own != direction(self.requested):
            return Markup('<bdi lang="{}" dir="{}">{}</bdi>').format(self.locale, own, self.text)
        return Markup('<span lang="{}">{}</span>').format(self.locale, self.text)


def translations_of(row_class: str) -> Any:
    """The `translations` relationship: {locale: row}, loaded with the parent, owned by it."""
    return relationship(
        row_class,
        collection_class=attribute_keyed_dict("locale"),
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class TranslationMixin:
    locale: Mapped[str] = mapped_column(String(16))
    source_revision: Mapped[int] = mapped_column(Integer, default=1)
    machine: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Translatable:
    """Mixin for models with a `translations` dict keyed by locale."""

    TRANSLATED_FIELDS: ClassVar[tuple[str, ...]] = ()
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    translations: Any

    def localized(self, field: str, chain: tuple[str, ...]) -> Localized:
        for locale in chain:
            row = self.translations.get(locale)
            value = getattr(row, field, None) if row is not None else None
            if value:
                return Localized(value, locale, chain[0], machine=bool(row.machine))
        return Localized("", chain[-1], chain[0])

    def translation_state(self, locale: str) -> TranslationState:
        row = self.translations.get(locale)
        if row is None:
            return TranslationState.MISSING
        return translation_state(self.revision, row.source_revision, bool(row.machine))

    def set_text(self, locale: str, values: dict[str, Any], source_revision: int) -> None:
        row = self.translations.get(locale)
        if row is None:
            row = self.translation_class()(locale=locale)
            self.translations[locale] = row
        for field in self.TRANSLATED_FIELDS:
            setattr(row, field, values.get(field))
        row.source_revision = source_revision
        row.machine = bool(values.get("machine"))

    @classmethod
    def translation_class(cls) -> type:
        return cls.__mapper__.relationships["translations"].mapper.class_  # type: ignore[attr-defined]
