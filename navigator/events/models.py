"""Events: info sessions, welcome days, language cafés — dated, often recurring.

An event is like a service (an organisation, topics, languages spoken, cost, who it is for
as a JSON Logic rule or open to everyone, texts per locale) with dates instead of opening
hours: a first start in the city's local time, an end time that day, and an RFC 5545
recurrence (RRULE, added dates RDATE, cancelled dates EXDATE), see occurrences.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base
from navigator.directory.models import Location, Organisation, Topic
from navigator.directory.models.listing import Listing, link_table, status_check
from navigator.events.occurrences import Recurrence
from navigator.translatable import Translatable, TranslationMixin, translations_of

event_topic = link_table("event", "topic")


class Event(Listing, Translatable, Base):
    __tablename__ = "event"
    __table_args__ = (
        status_check(),
        CheckConstraint("end_time IS NULL OR (end_time > 0 AND end_time <= 1440)", name="end"),
        CheckConstraint("NOT (open_to_all AND rule IS NOT NULL)", name="open_or_rule"),
    )
    TRANSLATED_FIELDS = (
        "title",
        "summary",
        "description",
        "eligibility_summary",
        "cost",
        "registration",
    )

    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="RESTRICT"), index=True
    )
    #: JSON Logic over a person's facts: who the event is for (None with open_to_all)
    rule: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    registration_required: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    registration_url: Mapped[str | None] = mapped_column(String(500))
    #: the first start, naive local time in the city's time zone (iCalendar's DTSTART)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False))
    #: minutes after local midnight on the day of each occurrence (None: not given)
    end_time: Mapped[int | None] = mapped_column(Integer)
    #: RFC 5545 RRULE without the "RRULE:" prefix, in canonical order; None: one date only
    rrule: Mapped[str | None] = mapped_column(String(500))
    #: added single dates, ISO local "YYYY-MM-DDTHH:MM" (RDATE)
    rdate: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: cancelled dates, ISO "YYYY-MM-DD" (EXDATE)
    exdate: Mapped[list[str]] = mapped_column(JSON, default=list)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    location: Mapped[Location | None] = relationship(lazy="joined")
    topics: Mapped[list[Topic]] = relationship(secondary=event_topic, order_by=Topic.position)
    translations: Mapped[dict[str, EventTranslation]] = translations_of("EventTranslation")

    @property
    def recurrence(self) -> Recurrence:
        start_minutes = self.starts_at.hour * 60 + self.starts_at.minute
        minutes = max(self.end_time - start_minutes, 0) if self.end_time is not None else 0
        return Recurrence(
            start=self.starts_at,
            duration=dt.timedelta(minutes=minutes),
            rrule=self.rrule,
            rdate=tuple(dt.datetime.fromisoformat(v) for v in self.rdate or ()),
            exdate=tuple(dt.date.fromisoformat(v) for v in self.exdate or ()),
        )


class EventTranslation(TranslationMixin, Base):
    __tablename__ = "event_translation"
    __table_args__ = (UniqueConstraint("event_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    title: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    eligibility_summary: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[str | None] = mapped_column(String(300))
    #: how to register (a phone number, "at the front desk", a link's explanation)
    registration: Mapped[str | None] = mapped_column(Text)
