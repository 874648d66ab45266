"""Places where services are offered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base
from navigator.directory.models.taxonomy import Area
from navigator.translatable import Translatable, TranslationMixin, translations_of

if TYPE_CHECKING:
    from navigator.directory.models.schedule import LocationException, LocationSlot


class Location(Translatable, Base):
    __tablename__ = "location"
    TRANSLATED_FIELDS = ("name", "accessibility", "directions")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    street: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("area.id", ondelete="SET NULL"), index=True
    )
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    area: Mapped[Area | None] = relationship()
    # The location's own opening hours, inherited by the services there that say so.
    slots: Mapped[list[LocationSlot]] = relationship(
        cascade="all, delete-orphan", order_by="(LocationSlot.weekday, LocationSlot.opens)"
    )
    exceptions: Mapped[list[LocationException]] = relationship(
        cascade="all, delete-orphan", order_by="LocationException.date"
    )
    translations: Mapped[dict[str, LocationTranslation]] = translations_of("LocationTranslation")


class LocationTranslation(TranslationMixin, Base):
    __tablename__ = "location_translation"
    __table_args__ = (UniqueConstraint("location_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(300))
    accessibility: Mapped[str | None] = mapped_column(Text)
    directions: Mapped[str | None] = mapped_column(Text)
