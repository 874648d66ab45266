"""A service at a location, with weekly opening slots and dated exceptions.

Times are minutes after local midnight (0–1440) in the city's time zone, so "24:00" and
overnight opening are plain numbers and both databases store them the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base
from navigator.directory.models.location import Location


class ServiceAtLocation(Base):
    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(
        ForeignKey("location.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    appointment_only: Mapped[bool] = mapped_column(Boolean, default=False)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    open_on_holidays: Mapped[bool] = mapped_column(Boolean, default=False)

    location: Mapped[Location] = relationship(lazy="joined")
    slots: Mapped[list[WeeklySlot]] = relationship(
        cascade="all, delete-orphan",
        order_by="(WeeklySlot.weekday, WeeklySlot.opens)",
        lazy="selectin",
    )
    exceptions: Mapped[list[ScheduleException]] = relationship(
        cascade="all, delete-orphan", order_by="ScheduleException.date", lazy="selectin"
    )


class WeeklySlot(Base):
    __tablename__ = "weekly_slot"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("opens >= 0 AND closes <= 1440 AND opens < closes", name="times"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_at_location_id: Mapped[int] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)  # Monday = 0, as datetime.weekday()
    opens: Mapped[int] = mapped_column(Integer)
    closes: Mapped[int] = mapped_column(Integer)


class ScheduleException(Base):
    __tablename__ = "schedule_exception"
    __table_args__ = (
        UniqueConstraint("service_at_location_id", "date", "opens"),
        CheckConstraint(
            "(closed AND opens IS NULL AND closes IS NULL) OR "
            "(NOT closed AND opens >= 0 AND closes <= 1440 AND opens < closes)",
            name="closed_or_hours",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_at_location_id: Mapped[int] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE")
    )
    date: Mapped[dt.date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    opens: Mapped[int | None] = mapped_column(Integer)
    closes: Mapped[int | None] = mapped_column(Integer)
