"""Statistics fixtures: the back office's accounts and signed-in clients, and a way to add
desk visits and public plans without going through the desk or the questionnaire."""

from __future__ import annotations

import datetime as dt

import pytest

from navigator.db import db
from navigator.pathway import engine
from navigator.pathway.plan import build_plan
from navigator.questionnaire import operations as ops
from navigator.statistics import operations
from tests.editor.conftest import accounts, signed_in  # noqa: F401 (fixtures)


@pytest.fixture
def add_visit(app):  # type: ignore[no-untyped-def]
    """add_visit(day, needs=..., status=..., location_id=..., outcome=...) -> the visit's id:
    a desk visit as the desk session records it, committed."""

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
                operations.set_referral_outcome(db.session, visit.id, outcome)
            db.session.commit()
            return visit.id

    return add
