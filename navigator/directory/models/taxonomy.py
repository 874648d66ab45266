"""Topics (a small tree), service areas and required documents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base
from navigator.translatable import Translatable, TranslationMixin, translations_of


class Topic(Translatable, Base):
    __tablename__ = "topic"
    TRANSLATED_FIELDS = ("title", "description", "keywords")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("topic.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    icon: Mapped[str | None] = mapped_column(String(40))

    parent: Mapped[Topic | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Topic]] = relationship(back_populates="parent", order_by="Topic.position")
    translations: Mapped[dict[str, TopicTranslation]] = translations_of("TopicTranslation")


class TopicTranslation(TranslationMixin, Base):
    __tablename__ = "topic_translation"
    __table_args__ = (UniqueConstraint("topic_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    title: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    #: words newcomers type for this topic ("Anmeldung", "жильё"), searched like titles
    keywords: Mapped[str | None] = mapped_column(Text)


class Area(Translatable, Base):
    __tablename__ = "area"
    TRANSLATED_FIELDS = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="district")
    position: Mapped[int] = mapped_column(Integer, default=0)
    translations: Mapped[dict[str, AreaTranslation]] = translations_of("AreaTranslation")


class AreaTranslation(TranslationMixin, Base):
    __tablename__ = "area_translation"
    __table_args__ = (UniqueConstraint("area_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(200))


class Document(Translatable, Base):
    __tablename__ = "document"
    TRANSLATED_FIELDS = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: JSON Logic over a person's facts: ask for the document only when this is not false
    needed_when: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    translations: Mapped[dict[str, DocumentTranslation]] = translations_of("DocumentTranslation")


class DocumentTranslation(TranslationMixin, Base):
    __tablename__ = "document_translation"
    __table_args__ = (UniqueConstraint("document_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(300))
