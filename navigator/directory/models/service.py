"""Services: what a newcomer can get, from whom, for whom, and under which rule."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base
from navigator.directory.models.listing import Listing, link_table, status_check
from navigator.directory.models.organisation import Organisation
from navigator.directory.models.schedule import ServiceAtLocation
from navigator.directory.models.taxonomy import Area, Document, Topic
from navigator.i18n import L_
from navigator.translatable import Translatable, TranslationMixin, translations_of


class ServiceStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


PHASES = {
    "first-days": L_("First days"),
    "first-weeks": L_("First weeks"),
    "first-months": L_("First months"),
    "later": L_("Later"),
}
AUDIENCES = {"newcomers": L_("Newcomers"), "professionals": L_("Professionals")}
#: what each status means to an editor
STATUSES = {
    "published": L_("Shown to newcomers"),
    "draft": L_("Not shown yet (being prepared)"),
    "archived": L_("No longer offered (archived: hidden from newcomers)"),
}
CHANNEL_TYPES = {
    "in_person": L_("In person"),
    "phone": L_("Phone"),
    "email": L_("Email"),
    "web": L_("Website"),
    "app": L_("App"),
    "video": L_("Video call"),
}

# Topic pages look services up by topic; the primary key only covers service first.
service_topic = link_table("service", "topic")
service_document = link_table("service", "document")
service_area = link_table("service", "area")
service_prerequisite = link_table("service", "prerequisite", column="requires_id", target="service")


class Service(Listing, Translatable, Base):
    __tablename__ = "service"
    __table_args__ = (
        status_check(),
        CheckConstraint("audience IN ('newcomers', 'professionals')", name="audience"),
        CheckConstraint(
            "phase IN ('first-days', 'first-weeks', 'first-months', 'later')", name="phase"
        ),
    )
    TRANSLATED_FIELDS = ("title", "summary", "description", "eligibility_summary", "cost")

    audience: Mapped[str] = mapped_column(String(20), default="newcomers")
    phase: Mapped[str] = mapped_column(String(20), default="first-weeks")
    #: sensitive (e.g. return counselling): only for people who chose one of its topics
    opt_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: facts that hold once the person has used the service ({"registered_address": true})
    gives: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: JSON Logic: the service is urgent for a person when this is true (no place to sleep)
    urgent_when: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship(back_populates="services", lazy="joined")
    topics: Mapped[list[Topic]] = relationship(secondary=service_topic, order_by=Topic.position)
    documents: Mapped[list[Document]] = relationship(
        secondary=service_document, order_by=Document.position
    )
    areas: Mapped[list[Area]] = relationship(secondary=service_area, order_by=Area.position)
    requires: Mapped[list[Service]] = relationship(
        secondary=service_prerequisite,
        primaryjoin="Service.id == service_prerequisite.c.service_id",
        secondaryjoin="Service.id == service_prerequisite.c.requires_id",
        order_by="Service.slug",
    )
    locations: Mapped[list[ServiceAtLocation]] = relationship(
        cascade="all, delete-orphan", order_by=ServiceAtLocation.position
    )
    channels: Mapped[list[ContactChannel]] = relationship(
        cascade="all, delete-orphan", order_by="ContactChannel.position"
    )
    rules: Mapped[list[EligibilityRule]] = relationship(
        cascade="all, delete-orphan", order_by="EligibilityRule.position", lazy="selectin"
    )
    translations: Mapped[dict[str, ServiceTranslation]] = translations_of("ServiceTranslation")

    def is_current(self, today: dt.date) -> bool:
        if self.valid_from and today < self.valid_from:
            return False
        return not (self.valid_to and today > self.valid_to)

    @property
    def phase_title(self) -> str:
        return str(PHASES[self.phase])


class ServiceTranslation(TranslationMixin, Base):
    __tablename__ = "service_translation"
    __table_args__ = (UniqueConstraint("service_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    title: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    eligibility_summary: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[str | None] = mapped_column(String(300))


class ContactChannel(Base):
    __tablename__ = "contact_channel"
    __table_args__ = (
        CheckConstraint(
            "type IN ('in_person', 'phone', 'email', 'web', 'app', 'video')", name="type"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))

    @property
    def type_title(self) -> str:
        return str(CHANNEL_TYPES[self.type])


class EligibilityRule(Base):
    """A JSON Logic rule with its legal or policy source and the dates it is in force."""

    __tablename__ = "eligibility_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    logic: Mapped[Any] = mapped_column(JSON)
    reference_text: Mapped[str | None] = mapped_column(String(500))
    reference_url: Mapped[str | None] = mapped_column(String(500))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
