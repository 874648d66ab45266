"""Every write of the statistics: one anonymous record per desk visit, counters for public
plans. Nothing here commits: the caller does, once, at its edge.

The desk session calls `record_desk_visit` when its plan is shown; the referral feature
reads what became of referrals from the referrals' anonymous columns (queries.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from navigator.pathway.catalog import Catalog
from navigator.pathway.engine import Answers
from navigator.pathway.plan import Plan
from navigator.statistics.models import (
    DeskVisit,
    DeskVisitNeed,
    MaybeFactCount,
    WebNeedCount,
    WebPlanCount,
)
from navigator.statistics.summary import PlanSummary, summarise

#: rows per upsert statement
CHUNK = 500


def record_desk_visit(
    session: Session,
    *,
    catalog: Catalog,
    answers: Answers,
    plan: Plan,
    day: dt.date,
    location_id: int | None,
    staff_locale: str,
    visitor_locale: str,
) -> DeskVisit:
    """Add the anonymous record of one desk session whose plan was shown, and count its
    "maybe" steps. Returns the record."""
    summary = summarise(catalog, answers, plan)
    visit = DeskVisit(
        day=day,
        location_id=location_id,
        staff_locale=staff_locale,
        visitor_locale=visitor_locale,
        status_group=summary.status_group,
        eligible_steps=summary.eligible_steps,
        maybe_steps=summary.maybe_steps,
        needs=[DeskVisitNeed(need=n, met=n not in summary.unmet) for n in summary.needs],
    )
    session.add(visit)
    _count_maybe_facts(session, summary, "desk", day)
    session.flush()
    return visit


def record_web_plan(
    session: Session, *, catalog: Catalog, answers: Answers, plan: Plan, day: dt.date, locale: str
) -> None:
    """Count one completed public questionnaire in the day's counters: no row of its own."""
    summary = summarise(catalog, answers, plan)
    group = summary.status_group
    plans = WebPlanCount.__table__
    _upsert(
        session,
        plans,  # type: ignore[arg-type]
        [
            {
                "day": day,
                "locale": locale,
                "status_group": group,
                "plans": 1,
                "with_unmet": int(bool(summary.unmet)),
                "eligible_steps": summary.eligible_steps,
                "maybe_steps": summary.maybe_steps,
            }
        ],
        ("day", "locale", "status_group"),
        ("plans", "with_unmet", "eligible_steps", "maybe_steps"),
    )
    _upsert(
        session,
        WebNeedCount.__table__,  # type: ignore[arg-type]
        [
            {
                "day": day,
                "locale": locale,
                "status_group": group,
                "need": need,
                "plans": 1,
                "unmet": int(need in summary.unmet),
            }
            for need in summary.needs
        ],
        ("day", "locale", "status_group", "need"),
        ("plans", "unmet"),
    )
    _count_maybe_facts(session, summary, "web", day)


def _count_maybe_facts(session: Session, summary: PlanSummary, channel: str, day: dt.date) -> None:
    counts: Counter[tuple[str, str]] = summary.maybe_facts
    _upsert(
        session,
        MaybeFactCount.__table__,  # type: ignore[arg-type]
        [
            {"day": day, "channel": channel, "service": service, "fact": fact, "count": n}
            for (service, fact), n in sorted(counts.items())
        ],
        ("day", "channel", "service", "fact"),
        ("count",),
    )


def _upsert(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    keys: tuple[str, ...],
    added: tuple[str, ...],
) -> None:
    """Insert `rows` or add their `added` columns to the rows already there: one statement
    (rows carry distinct keys; PostgreSQL refuses to update one row twice)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A plan in a big city has hundreds of "maybe" steps: a few hundred rows a statement
    # stay far below SQLite's limit of bound parameters.
    for start in range(0, len(rows), CHUNK):
        statement = insert(table).values(rows[start : start + CHUNK])
        session.execute(
            statement.on_conflict_do_update(
                index_elements=list(keys),
                set_={column: table.c[column] + statement.excluded[column] for column in added},
            )
        )
