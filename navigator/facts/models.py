"""What we may know about a person (facts), the questions that ask for them, residence
statuses (an editable list) and the test personas that check the rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, synonym

from navigator.db import Base
from navigator.translatable import Translatable, TranslationMixin, translations_of

FACT_TYPES = ("choice", "multi", "number", "boolean", "date")
OPTION_SOURCES = ("statuses", "topics", "areas")


class ResidenceStatus(Translatable, Base):
    __tablename__ = "residence_status"
    TRANSLATED_FIELDS = ("label", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(64), unique=True)
    #: the name the back office's revisions and URLs use for every object
    slug: Mapped[str] = synonym("value")
    position: Mapped[int] = mapped_column(Integer, default=0)
    translations: Mapped[dict[str, ResidenceStatusTranslation]] = translations_of(
        "ResidenceStatusTranslation"
    )


class ResidenceStatusTranslation(TranslationMixin, Base):
    __tablename__ = "residence_status_translation"
    __table_args__ = (UniqueConstraint("residence_status_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    residence_status_id: Mapped[int] = mapped_column(
        ForeignKey("residence_status.id", ondelete="CASCADE")
    )
    label: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)


class Fact(Translatable, Base):
    """A fact about a person. Asked facts have a type; derived facts have an expression."""

    __tablename__ = "fact"
    __table_args__ = (
        CheckConstraint("(type IS NULL) = (derived IS NOT NULL)", name="asked_or_derived"),
    )
    TRANSLATED_FIELDS = (
        "question",
        "help",
        "subject",
        "statement",
        "statement_negative",
        "options",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    #: the name the back office's revisions and URLs use for every object
    slug: Mapped[str] = synonym("key")
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[str | None] = mapped_column(String(20))
    options_from: Mapped[str | None] = mapped_column(String(20))
    option_values: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    minimum: Mapped[float | None] = mapped_column(Float)
    maximum: Mapped[float | None] = mapped_column(Float)
    derived: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    translations: Mapped[dict[str, FactTranslation]] = translations_of("FactTranslation")


class FactTranslation(TranslationMixin, Base):
    __tablename__ = "fact_translation"
    __table_args__ = (UniqueConstraint("fact_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("fact.id", ondelete="CASCADE"))
    question: Mapped[str | None] = mapped_column(Text)
    help: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(200))
    statement: Mapped[str | None] = mapped_column(Text)
    #: the statement's opposite, for rules that need it to be false ("You have not …")
    statement_negative: Mapped[str | None] = mapped_column(Text)
    # Labels of explicit options, {value: label}; options from statuses/topics/areas are
    # translated where those live.
    options: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))


class Persona(Base):
    """A test persona: facts and needs, and what the rules must decide for them."""

    __tablename__ = "persona"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str | None] = mapped_column(Text)
    data: Mapped[Any] = mapped_column(JSON)
