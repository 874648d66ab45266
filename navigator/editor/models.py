"""Back-office accounts and the audit log."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base
from navigator.directory.models import Location, Organisation
from navigator.i18n import L_

#: role -> its name on screen; the order is the order of the users list and the CLI's help
ROLES = {
    "admin": L_("Administrator"),
    "city_editor": L_("City editor"),
    "organisation_editor": L_("Organisation editor"),
    "author": L_("Author"),
    "translator": L_("Translator"),
    "observer": L_("Observer"),
    "desk": L_("Front desk"),
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_session_key() -> str:
    """The value a sign-in session carries; a new one signs out every session of the account."""
    return secrets.token_urlsafe(24)


class Account(Base):
    """Someone who signs in to the back office (never a newcomer: they have no account)."""

    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'city_editor', 'organisation_editor', 'author', "
            "'translator', 'observer', 'desk')",
            name="role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored lower-case; sign-in compares lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    #: the organisation whose listings an organisation editor (or author) may change
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    #: the welcome centre (a location) where a front-desk account works
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="SET NULL"), index=True
    )
    #: comma-separated locales a translator may translate into ("ar,fa")
    locales: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    #: changes on sign-out everywhere, password change and deactivation (Flask-Login's id)
    session_key: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_key)
    #: base32 TOTP secret once two-factor sign-in is set up (twofactor.py)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: the last 30-second step a code was accepted for: a code works once
    totp_last_step: Mapped[int | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation | None] = relationship()
    location: Mapped[Location | None] = relationship()

    # Flask-Login's user protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_key

    @property
    def locale_list(self) -> tuple[str, ...]:
        return tuple(part for part in self.locales.split(",") if part)

    @property
    def role_title(self) -> str:
        return str(ROLES[self.role])


class AuditEvent(Base):
    """One line of the audit log: who did what, to what, when. Append-only: the migration
    adds triggers that refuse UPDATE and DELETE on both databases."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: the account that acted; None for a failed sign-in with an unknown address. Accounts
    #: are deactivated, never deleted, so the log never loses who it was.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    #: the address as typed or as it was then (kept when the account is gone)
    email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    #: what it was done to: "account:ana@example.org", "service:language-cafe", …
    target: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


#: a revision's life: saved (draft), sent for review (submitted), made public (published);
#: a draft or submission that another one replaced before publishing stays in the history
REVISION_STATES = ("draft", "submitted", "published")


class Revision(Base):
    """One saved version of an editable object, in the content pack's canonical form.

    The one revision mechanism for every kind of object (services, organisations, ...):
    `data` is what `content.canonical.to_pack` makes of the object, and publishing applies
    it with the loader's own functions, so files and the back office never disagree on what
    an object is. Numbers count per object from 1; the first revision of an object is its
    state when editing began (written by the system, no author).
    """

    __tablename__ = "revision"
    __table_args__ = (
        UniqueConstraint("kind", "key", "number"),
        CheckConstraint("state IN ('draft', 'submitted', 'published')", name="state"),
        Index("ix_revision_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the content pack's name for the kind of object: "services", "organisations", …
    kind: Mapped[str] = mapped_column(String(20))
    #: the object's slug (or key) in the pack
    key: Mapped[str] = mapped_column(String(100))
    number: Mapped[int] = mapped_column()
    state: Mapped[str] = mapped_column(String(12))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: the published revision this one was edited from (None for the first)
    base: Mapped[int | None] = mapped_column()
    #: a minor change (a typo): translations made from the previous text stay up to date
    minor: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    author: Mapped[Account | None] = relationship(foreign_keys=[author_id])
    publisher: Mapped[Account | None] = relationship(foreign_keys=[publisher_id])
