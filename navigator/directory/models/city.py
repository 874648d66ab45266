"""The city a deployment serves: name, time zone, holidays and emergency numbers."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from navigator.db import Base
from navigator.translatable import Translatable, TranslationMixin, translations_of


class City(Translatable, Base):
    __tablename__ = "city"
    TRANSLATED_FIELDS = ("notice",)
    #: There is one city: its key in the back office's revisions and URLs.
    slug: ClassVar[str] = "city"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    source_locale: Mapped[str] = mapped_column(String(16), default="en")
    timezone: Mapped[str] = mapped_column(String(64))
    # Where a need with no eligible service is referred to (never a dead end).
    welcome_service: Mapped[str | None] = mapped_column(String(100))
    # Bumped by every content change; in-process caches (the referral catalog) key on it.
    content_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    translations: Mapped[dict[str, CityTranslation]] = translations_of("CityTranslation")


class CityTranslation(TranslationMixin, Base):
    __tablename__ = "city_translation"
    __table_args__ = (UniqueConstraint("city_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"))
    notice: Mapped[str | None] = mapped_column(Text)


class Holiday(Translatable, Base):
    __tablename__ = "holiday"
    TRANSLATED_FIELDS = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, unique=True)
    translations: Mapped[dict[str, HolidayTranslation]] = translations_of("HolidayTranslation")


class HolidayTranslation(TranslationMixin, Base):
    __tablename__ = "holiday_translation"
    __table_args__ = (UniqueConstraint("holiday_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    holiday_id: Mapped[int] = mapped_column(ForeignKey("holiday.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(200))


class EmergencyNumber(Translatable, Base):
    __tablename__ = "emergency_number"
    TRANSLATED_FIELDS = ("label",)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    number: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    translations: Mapped[dict[str, EmergencyNumberTranslation]] = translations_of(
        "EmergencyNumberTranslation"
    )


class EmergencyNumberTranslation(TranslationMixin, Base):
    __tablename__ = "emergency_number_translation"
    __table_args__ = (UniqueConstraint("emergency_number_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    emergency_number_id: Mapped[int] = mapped_column(
        ForeignKey("emergency_number.id", ondelete="CASCADE")
    )
    label: Mapped[str | None] = mapped_column(String(300))
