"""What a service and an event have in common as rows: a slug, the organisation that keeps
it correct, a status, who it is for in general, cost and languages, where its content came
from and when it was last checked — and how each links to topics, documents or areas."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from navigator.db import Base

#: the statuses a listing moves through (only "published" is shown to newcomers)
LISTING_STATUSES = ("draft", "published", "archived")


def status_check() -> CheckConstraint:
    return CheckConstraint(
        f"status IN ({', '.join(repr(s) for s in LISTING_STATUSES)})", name="status"
    )


def link_table(owner: str, other: str, column: str | None = None, target: str = "") -> Table:
    """A many-to-many table `<owner>_<other>` from `owner` to the table `target` (by default
    `other`), indexed both ways: the primary key covers the owner first, and pages also look
    listings up by the other side (a topic's services)."""
    column = column or f"{other}_id"
    return Table(
        f"{owner}_{other}",
        Base.metadata,
        Column(f"{owner}_id", ForeignKey(f"{owner}.id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(f"{target or other}.id", ondelete="CASCADE"), primary_key=True),
        Index(f"ix_{owner}_{other}_{column}", column),
    )


class Listing:
    """Columns of a listing (a mixin for declarative models)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    open_to_all: Mapped[bool] = mapped_column(Boolean, default=False)
    free: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    modelled_on: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300))
    last_reviewed: Mapped[dt.date | None] = mapped_column(Date)
