"""Every write of the referrals package. Nothing here commits: the request (or the command)
does, once, at its edge. Every read of personal fields goes through `read_personal`, which
writes the audit line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload
from sqlalchemy.orm.attributes import flag_modified

from navigator.directory.models import Service, Topic
from navigator.editor import audit
from navigator.editor.models import Account
from navigator.referrals import crypto
from navigator.referrals.models import (
    CONSENT_VERSION,
    FIELDS,
    PARTNER_STATUSES,
    RETENTION_DAYS,
    Referral,
    ReferralStatus,
)


@dataclass(frozen=True)
class Consent:
    """What the visitor agreed to, as the desk recorded it. Only fields named in `shared`
    are stored; values of the others are dropped here, whatever the form sent."""

    shared: frozenset[str]
    retention_days: int
    visitor_locale: str
    staff_locale: str
    name: str = ""
    contact_channel: str = ""
    contact: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not self.shared <= set(FIELDS):
            raise ValueError(f"unknown fields {sorted(self.shared - set(FIELDS))}")
        if self.retention_days not in RETENTION_DAYS:
            raise ValueError(f"retention must be one of {RETENTION_DAYS}")


def _utc(at: dt.datetime) -> dt.datetime:
    # SQLite gives back the UTC times it was given without their zone
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def _minute(at: dt.datetime) -> dt.datetime:
    return _utc(at).replace(second=0, microsecond=0)


def _day(at: dt.datetime) -> dt.datetime:
    return _utc(at).replace(hour=0, minute=0, second=0, microsecond=0)


def send(
    session: Session,
    *,
    service: Service,
    topic: Topic | None,
    consent: Consent,
    account: Account,
    at: dt.datetime,
) -> tuple[Referral, str]:
    """Store a referral with only the consented fields; (the referral, its private link's
    token — shown once, on the receipt, and stored only as a hash)."""
    shared = consent.shared
    token = crypto.new_token()
    today = at.astimezone(dt.UTC).date()
    referral = Referral(
        organisation_id=service.organisation_id,
        service_id=service.id,
        topic_id=topic.id if topic is not None and "need" in shared else None,
        location_id=account.location_id,
        sent_by_id=account.id,
        sent_on=today,
        status="sent",
        status_on=today,
        shared=",".join(name for name in FIELDS if name in shared),
        retention_days=consent.retention_days,
        keep_until=today + dt.timedelta(days=consent.retention_days),
        consent_at=_minute(at),
        consent_version=CONSENT_VERSION,
        consent_locale=consent.visitor_locale,
        staff_locale=consent.staff_locale,
        name=consent.name.strip() or None if "name" in shared else None,
        contact_channel=consent.contact_channel if "contact" in shared else None,
        contact=consent.contact.strip() or None if "contact" in shared else None,
        language=consent.visitor_locale if "language" in shared else None,
        note=consent.note.strip() or None if "note" in shared else None,
        token_hash=crypto.token_hash(token),
    )
    if referral.email is not None:
        referral.mail_token = token
    referral.history.append(ReferralStatus(status="sent", at=_minute(at), account_id=account.id))
    session.add(referral)
    session.flush()
    audit.record(
        "referral_sent",
        account,
        target=f"referral:{referral.id}",
        organisation=service.organisation.slug,
        service=service.slug,
        shared=list(referral.shared_fields),
        retention_days=consent.retention_days,
    )
    return referral, token


def read_personal(referral: Referral, account: Account | None, where: str) -> None:
    """Write down that `account` (None: the visitor, through the private link) opened the
    referral's personal fields (on `where`)."""
    if referral.purged:
        return  # nothing personal left to read
    audit.record(
        "referral_read",
        account,
        email="" if account is not None else "visitor",
        target=f"referral:{referral.id}",
        page=where,
        shared=list(referral.shared_fields),
    )


def set_status(
    referral: Referral, status: str, account: Account, at: dt.datetime, reason: str = ""
) -> bool:
    """Give the referral a new status (the partner's); False when it has it already. A
    declined referral must say why; after the purge no reason is stored."""
    if status not in PARTNER_STATUSES:
        raise ValueError(f"unknown referral status {status!r}")
    reason = reason.strip()
    if status == "declined" and not reason:
        raise ValueError("a declined referral needs a reason")
    if status == referral.status:
        return False
    audit.record(
        "referral_status",
        account,
        target=f"referral:{referral.id}",
        before=referral.status,
        after=status,
    )
    referral.status = status
    referral.status_on = at.astimezone(dt.UTC).date()
    moment = _day(at) if referral.purged else _minute(at)
    kept_reason = (reason or None) if not referral.purged else None
    referral.history.append(
        ReferralStatus(status=status, at=moment, account_id=account.id, reason=kept_reason)
    )
    return True


def purge(referral: Referral, reason: str, at: dt.datetime) -> bool:
    """Remove the personal part; keep the anonymous outcome. False if done already."""
    if referral.purged:
        return False
    referral.name = None
    referral.contact_channel = None
    referral.contact = None
    referral.language = None
    referral.note = None
    referral.token_hash = None
    referral.mail_token = None
    referral.purged_on = at.astimezone(dt.UTC).date()
    referral.purge_reason = reason
    referral.consent_at = _day(referral.consent_at)
    for change in referral.history:
        change.reason = None
        change.at = _day(change.at)
    return True


def withdraw(referral: Referral, at: dt.datetime) -> None:
    """The visitor withdrew their consent through the private link: purged at once."""
    if purge(referral, "withdrawn", at):
        audit.record("referral_withdrawn", None, target=f"referral:{referral.id}")


#: the purge blanks these without reading them: a purge needs no key and opens nothing
UNREAD = (
    defer(Referral.name),
    defer(Referral.contact),
    defer(Referral.language),
    defer(Referral.note),
    defer(Referral.mail_token),
    selectinload(Referral.history).defer(ReferralStatus.reason),
)


def purge_expired(session: Session, now: dt.datetime) -> int:
    """Purge every referral whose retention period ended before today; how many. The
    personal fields are overwritten unread (no key needed, nothing decrypted)."""
    today = now.astimezone(dt.UTC).date()
    due = session.scalars(
        select(Referral)
        .where(Referral.purged_on.is_(None), Referral.keep_until < today)
        .options(*UNREAD)
    ).all()
    for referral in due:
        purge(referral, "expired", now)
    if due:
        audit.record("referral_purge", None, email="cron", target="referrals", count=len(due))
    return len(due)


ENCRYPTED = ("name", "contact", "language", "note", "mail_token")


def reencrypt(session: Session) -> int:
    """Encrypt every kept personal field again with the newest key (after adding a key in
    front of NAVIGATOR_REFERRAL_KEYS), so older keys can then be removed; how many
    referrals."""
    referrals = session.scalars(select(Referral).where(Referral.purged_on.is_(None))).all()
    for referral in referrals:
        for name in ENCRYPTED:
            if getattr(referral, name) is not None:
                flag_modified(referral, name)
        for change in referral.history:
            if change.reason is not None:
                flag_modified(change, "reason")
    session.flush()
    return len(referrals)


def by_token(session: Session, token: str) -> Referral | None:
    """The referral a private link opens (None for an unknown or purged one)."""
    if not token or len(token) > 100 or not token.isascii():
        return None
    return session.scalars(
        select(Referral).where(Referral.token_hash == crypto.token_hash(token))
    ).first()
