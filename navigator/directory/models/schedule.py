"""Opening hours: weekly slots and dated exceptions, of a location or of a service there.

A location may have its own hours (a welcome centre's doors); a service at that location
either inherits them (`location_hours`) or has hours of its own (a desk open two afternoons
a week). `ServiceAtLocation.weekly` and `.dated` are the hours that apply, either way.

Times are minutes after local midnight (0–1440) in the city's time zone, so "24:00" and
overnight opening are plain numbers and both databases store them the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, UniqueConstraint, false
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
    # The location's own hours apply, not the slots and exceptions below (which stay empty).
    location_hours: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    location: Mapped[Location] = relationship(lazy="joined")
    slots: Mapped[list[WeeklySlot]] = relationship(
        cascade="all, delete-orphan",
        order_by="(WeeklySlot.weekday, WeeklySlot.opens)",
        lazy="selectin",
    )
    exceptions: Mapped[list[ScheduleException]] = relationship(
        cascade="all, delete-orphan", order_by="ScheduleException.date", lazy="selectin"
    )

    @property
    def weekly(self) -> list[WeeklySlot] | list[LocationSlot]:
        """The weekly slots that apply here: the location's when inherited."""
        return self.location.slots if self.location_hours else self.slots

    @property
    def dated(self) -> list[ScheduleException] | list[LocationException]:
        """The dated exceptions that apply here: the location's when inherited."""
        return self.location.exceptions if self.location_hours else self.exceptions


class SlotColumns:
    """A weekly opening slot, whoever it belongs to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)  # Monday = 0, as datetime.weekday()
    opens: Mapped[int] = mapped_column(Integer)
    closes: Mapped[int] = mapped_column(Integer)


def slot_checks() -> tuple[CheckConstraint, CheckConstraint]:
    return (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("opens >= 0 AND closes <= 1440 AND opens < closes", name="times"),
    )


class ExceptionColumns:
    """A dated exception to the weekly hours: closed all day, or open at other times."""

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    opens: Mapped[int | None] = mapped_column(Integer)
    closes: Mapped[int | None] = mapped_column(Integer)


def exception_check() -> CheckConstraint:
    return CheckConstraint(
        "(closed AND opens IS NULL AND closes IS NULL) OR "
        "(NOT closed AND opens >= 0 AND closes <= 1440 AND opens < closes)",
        name="closed_or_hours",
    )


class WeeklySlot(SlotColumns, Base):
    __tablename__ = "weekly_slot"
    __table_args__ = slot_checks()

    service_at_location_id: Mapped[int] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE"), index=True
    )


class ScheduleException(ExceptionColumns, Base):
    __tablename__ = "schedule_exception"
    __table_args__ = (
        UniqueConstraint("service_at_location_id", "date", "opens"),
        exception_check(),
    )

    service_at_location_id: Mapped[int] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE")
    )


class LocationSlot(SlotColumns, Base):
    __tablename__ = "location_slot"
    __table_args__ = slot_checks()

    location_id: Mapped[int] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )


class LocationException(ExceptionColumns, Base):
    __tablename__ = "location_exception"
    __table_args__ = (UniqueConstraint("location_id", "date", "opens"), exception_check())

    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
