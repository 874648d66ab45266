"""A referral, its consent record and its status history.

The anonymous part (organisation, service, need, welcome centre, status, days) is plain;
the personal part is `Encrypted` and NULL when the visitor did not agree to share it or
after the purge (`purged_on`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base, one_of
from navigator.directory.models import Location, Organisation, Service, Topic
from navigator.editor.models import Account
from navigator.i18n import L_
from navigator.referrals.crypto import Encrypted

#: what a visitor may agree to share -> its name on the consent form (both languages)
FIELDS = {
    "name": L_("Your name or a pseudonym"),
    "contact": L_("How to contact you (e-mail or phone)"),
    "language": L_("Your language"),
    "need": L_("What you need help with"),
    "note": L_("A note from the welcome centre"),
}
CHANNELS = {"email": L_("E-mail"), "phone": L_("Phone")}
#: how long the organisation keeps the personal details: the only choices offered
RETENTION_DAYS = (30, 90, 180)
STATUSES = {
    "sent": L_("Sent"),
    "accepted": L_("Accepted"),
    "declined": L_("Declined"),
    "got_help": L_("Got help"),
    "could_not_contact": L_("Could not contact"),
    "closed": L_("Closed"),
}
#: what the partner organisation may set (a referral is "sent" once, by the desk)
PARTNER_STATUSES = ("accepted", "declined", "got_help", "could_not_contact", "closed")
PURGE_REASONS = {"expired": L_("Retention period ended"), "withdrawn": L_("Consent withdrawn")}
#: the consent text the visitor was shown; change it when the wording changes
CONSENT_VERSION = "2026-12"
MAX_NAME = 120
MAX_CONTACT = 254
MAX_NOTE = 1000
MAX_REASON = 500


def status_title(status: str) -> str:
    return str(STATUSES.get(status, status))


class Referral(Base):
    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint(f"retention_days IN {RETENTION_DAYS}", name="retention_days"),
        CheckConstraint(
            "contact_channel IS NULL OR contact_channel IN ('email', 'phone')",
            name="contact_channel",
        ),
        CheckConstraint(
            "purge_reason IS NULL OR purge_reason IN ('expired', 'withdrawn')",
            name="purge_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The anonymous part: kept after the purge.
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    #: the need (a topic); NULL when the visitor did not agree to share it
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topic.id", ondelete="SET NULL"), index=True
    )
    #: the welcome centre it was sent from (the desk account's location)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="SET NULL"), index=True
    )
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    sent_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="sent", index=True)
    status_on: Mapped[dt.date] = mapped_column(Date)

    # The consent record: what, with whom (organisation_id), how long, when, which text.
    #: comma-separated FIELDS the visitor agreed to share
    shared: Mapped[str] = mapped_column(String(100))
    retention_days: Mapped[int] = mapped_column(Integer)
    #: the last day the personal fields are kept
    keep_until: Mapped[dt.date] = mapped_column(Date, index=True)
    consent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    consent_version: Mapped[str] = mapped_column(String(20))
    #: the language the consent was shown to the visitor in (beside the staff's)
    consent_locale: Mapped[str] = mapped_column(String(16))
    staff_locale: Mapped[str] = mapped_column(String(16))

    # The personal part: encrypted; NULL when not shared and after the purge.
    name: Mapped[str | None] = mapped_column(Encrypted)
    contact_channel: Mapped[str | None] = mapped_column(String(10))
    contact: Mapped[str | None] = mapped_column(Encrypted)
    language: Mapped[str | None] = mapped_column(Encrypted)
    note: Mapped[str | None] = mapped_column(Encrypted)
    #: SHA-256 of the visitor's private link (crypto.token_hash); NULL after the purge
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: the private link's token itself, encrypted, kept only while the visitor shared an
    #: e-mail address: the messages about status changes carry the link (notify.py)
    mail_token: Mapped[str | None] = mapped_column(Encrypted)

    purged_on: Mapped[dt.date | None] = mapped_column(Date)
    purge_reason: Mapped[str | None] = mapped_column(String(20))

    organisation: Mapped[Organisation] = relationship()
    service: Mapped[Service | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    location: Mapped[Location | None] = relationship()
    sent_by: Mapped[Account | None] = relationship()
    history: Mapped[list[ReferralStatus]] = relationship(
        back_populates="referral",
        order_by="ReferralStatus.id",
        cascade="all, delete-orphan",
    )

    @property
    def shared_fields(self) -> tuple[str, ...]:
        return tuple(field for field in self.shared.split(",") if field)

    @property
    def purged(self) -> bool:
        return self.purged_on is not None

    @property
    def email(self) -> str | None:
        """The visitor's e-mail address, if they shared one (to tell them of changes)."""
        return self.contact if self.contact_channel == "email" else None


class ReferralStatus(Base):
    """One change of a referral's status: who (NULL: the visitor or the system), when, why."""

    __tablename__ = "referral_status"
    __table_args__ = (CheckConstraint(one_of("status", STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    #: to the minute while personal data is kept; to the day after the purge
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    #: why (a declined referral must say): may be personal, so encrypted and purged
    reason: Mapped[str | None] = mapped_column(Encrypted)

    referral: Mapped[Referral] = relationship(back_populates="history")
    account: Mapped[Account | None] = relationship()
