"""Feedback on public pages and searches that found nothing: no person in either."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from navigator.db import Base, one_of
from navigator.i18n import L_

#: the kinds of page feedback is given on -> their name in the back office
PAGE_KINDS = {
    "service": L_("Service"),
    "organisation": L_("Organisation"),
    "topic": L_("Topic"),
    "plan": L_("Plan"),
    "search": L_("Search that found nothing"),
    "event": L_("Event"),
}
#: what the feedback says
KINDS = {
    "helpful": L_("Helpful"),
    "not_helpful": L_("Not helpful"),
    "report": L_("Wrong information"),
}
#: which information a report says is wrong (see `report_fields` for which a page offers)
FIELDS = {
    "address": L_("Address"),
    "hours": L_("Opening hours"),
    "dates": L_("Dates and times"),
    "phone": L_("Phone number"),
    "eligibility": L_("Who it is for"),
    "other": L_("Something else"),
}
#: where an editor has got with it
STATUSES = {
    "new": L_("New"),
    "read": L_("Read"),
    "resolved": L_("Resolved"),
    "spam": L_("Spam"),
}
MAX_COMMENT = 1000


def report_fields(page_kind: str) -> dict[str, object]:
    """What a report on this kind of page may say is wrong: an event has dates and times,
    every other page opening hours."""
    left_out = "hours" if page_kind == "event" else "dates"
    return {key: title for key, title in FIELDS.items() if key != left_out}


MAX_KEY = 200


def status_title(status: str) -> str:
    """What the back office calls a status (the value itself for one it no longer knows)."""
    return str(STATUSES.get(status, status))


class Feedback(Base):
    """One answer to "Was this page helpful?" or one report of wrong information."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint(one_of("page_kind", PAGE_KINDS), name="page_kind"),
        CheckConstraint(one_of("kind", KINDS), name="kind"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        # A report names the wrong field; an answer to "helpful?" names none.
        CheckConstraint(
            f"(kind = 'report' AND {one_of('field', FIELDS)}) "
            "OR (kind <> 'report' AND field IS NULL)",
            name="report_field",
        ),
        Index("ix_feedback_created_at", "created_at"),
        Index("ix_feedback_page", "page_kind", "page_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: UTC, to the hour: the inbox needs no more, and an exact time could be matched to
    #: a web server's access log (which has the address)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    #: the language the page was read in
    locale: Mapped[str] = mapped_column(String(16))
    page_kind: Mapped[str] = mapped_column(String(20))
    #: the listing's slug; for a search its normalised query; for a plan nothing
    page_key: Mapped[str] = mapped_column(String(MAX_KEY), default="")
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(20))
    #: as typed, with e-mail addresses and phone numbers masked (privacy.mask)
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="new", index=True)


class ZeroResultSearch(Base):
    """How often a (normalised) query found nothing on one day in one locale: a count, so
    a content gap shows without anything about who searched."""

    __tablename__ = "zero_result_search"
    __table_args__ = (
        UniqueConstraint("day", "locale", "query"),
        CheckConstraint("count > 0", name="count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    locale: Mapped[str] = mapped_column(String(16))
    query: Mapped[str] = mapped_column(String(MAX_KEY))
    count: Mapped[int] = mapped_column(Integer, default=1)
