"""Reading feedback for the back office. Which feedback an account sees is a condition the
caller passes in (navigator/editor/feedback_inbox.py builds it from the permissions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from navigator.feedback.models import Feedback, ZeroResultSearch

#: open reports: neither dealt with nor spam
OPEN = ("new", "read")
LISTING_KINDS = ("service", "organisation", "topic", "event")


@dataclass(frozen=True)
class Filters:
    page_kind: str = ""
    kind: str = ""
    status: str = ""
    key: str = ""

    def condition(self) -> ColumnElement[bool]:
        parts: list[Any] = []
        if self.page_kind:
            parts.append(Feedback.page_kind == self.page_kind)
        if self.kind:
            parts.append(Feedback.kind == self.kind)
        if self.status:
            parts.append(Feedback.status == self.status)
        if self.key:
            parts.append(Feedback.page_key == self.key)
        return and_(true(), *parts)


def inbox(
    session: Session, visible: ColumnElement[bool], filters: Filters, page: int, size: int
) -> tuple[Sequence[Feedback], int]:
    """One page of the inbox, newest first, and how many items match in all."""
    condition = visible & filters.condition()
    total = session.scalar(select(func.count(Feedback.id)).where(condition)) or 0
    items = session.scalars(
        select(Feedback)
        .where(condition)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    return items, total


def most_reported(
    session: Session, visible: ColumnElement[bool], limit: int = 10
) -> list[tuple[str, str, int]]:
    """(page kind, slug, open reports) of the listings with the most open reports."""
    count = func.count(Feedback.id)
    rows = session.execute(
        select(Feedback.page_kind, Feedback.page_key, count)
        .where(
            visible,
            Feedback.kind == "report",
            Feedback.status.in_(OPEN),
            Feedback.page_kind.in_(LISTING_KINDS),
        )
        .group_by(Feedback.page_kind, Feedback.page_key)
        .order_by(count.desc(), Feedback.page_kind, Feedback.page_key)
        .limit(limit)
    )
    return [(kind, key, int(n)) for kind, key, n in rows]


def zero_result_top(
    session: Session, since: dt.date, per_locale: int = 10
) -> dict[str, list[tuple[str, int]]]:
    """locale -> [(query, searches)], the most frequent first, since `since`."""
    total = func.sum(ZeroResultSearch.count).label("total")
    grouped = (
        select(ZeroResultSearch.locale, ZeroResultSearch.query, total)
        .where(ZeroResultSearch.day >= since)
        .group_by(ZeroResultSearch.locale, ZeroResultSearch.query)
        .subquery()
    )
    rank = (
        func.row_number()
        .over(
            partition_by=grouped.c.locale,
            order_by=(grouped.c.total.desc(), grouped.c.query),
        )
        .label("rank")
    )
    ranked = select(grouped.c.locale, grouped.c.query, grouped.c.total, rank).subquery()
    rows = session.execute(
        select(ranked.c.locale, ranked.c.query, ranked.c.total)
        .where(ranked.c.rank <= per_locale)
        .order_by(ranked.c.locale, ranked.c.rank)
    )
    top: dict[str, list[tuple[str, int]]] = {}
    for locale, query, searches in rows:
        top.setdefault(locale, []).append((query, int(searches)))
    return top
