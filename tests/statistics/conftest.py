"""Statistics fixtures: the back office's accounts and signed-in clients, and a way to add
desk visits and public plans without going through the desk or the questionnaire."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.editor.models import Account
from navigator.pathway import engine
from navigator.pathway.plan import build_plan
from navigator.questionnaire import operations as ops
from navigator.referrals import operations as referrals
from navigator.referrals.operations import Consent
from navigator.statistics import operations
from tests.editor.conftest import accounts, signed_in  # noqa: F401 (fixtures)


@pytest.fixture
def add_visit(app):  # type: ignore[no-untyped-def]
    """add_visit(day, needs=..., status=..., location_id=..., outcome=...) -> the visit's id:
    a desk visit as the desk session records it, committed; with `outcome`, also a referral
    sent that day from the same centre, now in that status (the referral feature's own)."""

    def add(  # type: ignore[no-untyped-def]
        day: dt.date,
        *,
        needs=("housing",),
        status="asylum_seeker",
        location_id=None,
        staff="de",
        visitor="ar",
        outcome=None,
        application=None,
    ):
        with (application or app).test_request_context("/en/"):
            catalog = ops.catalog()
            answers = engine.Answers(
                needs=tuple(needs),
                needs_asked=True,
                values={"residence_status": status} if status else {},
                order=("needs", "residence_status") if status else ("needs",),
            )
            plan = build_plan(catalog, answers, day)
            visit = operations.record_desk_visit(
                db.session,
                catalog=catalog,
                answers=answers,
                plan=plan,
                day=day,
                location_id=location_id,
                staff_locale=staff,
                visitor_locale=visitor,
            )
            if outcome:
                _referral(day, location_id, outcome)
            db.session.commit()
            return visit.id

    return add


def _referral(day: dt.date, location_id: int | None, outcome: str) -> None:
    sender = Account(
        email=f"desk-{uuid.uuid4().hex[:12]}@example.org",
        password_hash="not a hash: never signs in",
        role="desk",
        location_id=location_id,
    )
    db.session.add(sender)
    service = db.session.scalars(
        select(Service).where(Service.status == "published").order_by(Service.id).limit(1)
    ).one()
    at = dt.datetime.combine(day, dt.time(10), dt.UTC)
    consent = Consent(
        shared=frozenset({"name"}),
        retention_days=30,
        visitor_locale="ar",
        staff_locale="de",
        name="Statistics test",
    )
    referral, _token = referrals.send(
        db.session, service=service, topic=None, consent=consent, account=sender, at=at
    )
    if outcome != "sent":
        reason = "No place this month" if outcome == "declined" else ""
        referrals.set_status(referral, outcome, sender, at, reason)
