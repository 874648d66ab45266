"""Counting a finished public questionnaire (navigator/questionnaire/views.py calls this
once, on the redirect to the plan; the plan page itself counts nothing) and a desk session
whose plan was shown (navigator/desk/, once per session)."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy.exc import SQLAlchemyError

from navigator.db import db
from navigator.pathway.engine import Answers
from navigator.pathway.plan import build_plan
from navigator.questionnaire import operations as ops
from navigator.statistics.operations import record_desk_visit, record_web_plan


def count_plan(answers: Answers) -> None:
    """Add one plan to the day's counters. Committed at once and apart from the page: a
    database that refuses it costs the count, never the newcomer's plan."""
    catalog, today = ops.catalog(), ops.today()
    try:
        plan = build_plan(catalog, answers, today)
        record_web_plan(
            db.session, catalog=catalog, answers=answers, plan=plan, day=today, locale=g.locale
        )
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("a finished plan could not be counted")


def count_desk_visit(
    answers: Answers, *, location_id: int | None, staff_locale: str, visitor_locale: str
) -> bool:
    """Add one anonymous desk visit; committed at once and apart from the page, as
    `count_plan`. False when the database refused it (the session goes on)."""
    catalog, today = ops.catalog(), ops.today()
    try:
        plan = build_plan(catalog, answers, today)
        record_desk_visit(
            db.session,
            catalog=catalog,
            answers=answers,
            plan=plan,
            day=today,
            location_id=location_id,
            staff_locale=staff_locale,
            visitor_locale=visitor_locale,
        )
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("a desk visit could not be counted")
        return False
    return True
