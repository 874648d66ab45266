"""Every write of the feedback package. Nothing here commits: the request (or the command)
does, once, at its edge."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from navigator.editor import audit
from navigator.editor.models import Account
from navigator.feedback.models import MAX_KEY, STATUSES, Feedback, ZeroResultSearch
from navigator.feedback.privacy import clean, mask


def record(
    session: Session,
    *,
    locale: str,
    page_kind: str,
    page_key: str,
    kind: str,
    field: str | None,
    comment: str,
    region: str,
    at: dt.datetime,
) -> Feedback:
    """Store one piece of feedback, its comment cleaned and masked (privacy.mask). Only
    what is passed here is kept: no address, session or plan link reaches this function."""
    feedback = Feedback(
        created_at=at.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0),
        locale=locale,
        page_kind=page_kind,
        page_key=page_key[:MAX_KEY],
        kind=kind,
        field=field if kind == "report" else None,
        comment=mask(clean(comment), region),
        status="new",
    )
    session.add(feedback)
    session.flush()
    return feedback


def record_zero_result(session: Session, *, query: str, locale: str, day: dt.date) -> None:
    """Count one search that found nothing: one statement, inserting the day's row for the
    query or adding one to it."""
    table = ZeroResultSearch.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(day=day, locale=locale, query=query[:MAX_KEY], count=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["day", "locale", "query"], set_={"count": table.c.count + 1}
        )
    )


def set_status(feedback: Feedback, status: str, account: Account) -> None:
    """Give `feedback` a new status, with who changed it, from what to what, in the audit
    log. Choosing the status it has already is no change and writes no line."""
    if status not in STATUSES:
        raise ValueError(f"unknown feedback status {status!r}")
    if status == feedback.status:
        return
    audit.record(
        "feedback_status",
        account,
        target=f"feedback:{feedback.id}",
        page=audit_page(feedback),
        before=feedback.status,
        after=status,
    )
    feedback.status = status


def audit_page(feedback: Feedback) -> str:
    """The page as the audit log names it: "service:<slug>" and the like. Never a search's
    words: feedback and counted searches are purged after the retention days, and the
    append-only log would keep what someone searched for forever."""
    if feedback.page_kind in ("search", "plan") or not feedback.page_key:
        return feedback.page_kind
    return f"{feedback.page_kind}:{feedback.page_key}"


def purge(session: Session, now: dt.datetime, days: int) -> tuple[int, int]:
    """Delete feedback and zero-result counts older than `days`; (feedback, searches)."""
    cutoff = now.astimezone(dt.UTC) - dt.timedelta(days=days)
    feedback = session.execute(delete(Feedback).where(Feedback.created_at < cutoff))
    searches = session.execute(delete(ZeroResultSearch).where(ZeroResultSearch.day < cutoff.date()))
    return int(feedback.rowcount or 0), int(searches.rowcount or 0)  # type: ignore[attr-defined]
