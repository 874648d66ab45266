"""Reading the anonymous records for the statistics pages: counts by period, channel,
welcome centre, language, need and status group. Plain counters keyed by slugs; the pages
put names on them. The volumes are small (a row per desk visit, a row per day, locale and
status group for the website), so the grouping by week or month is done here in Python,
the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navigator.feedback.models import ZeroResultSearch
from navigator.referrals.models import Referral
from navigator.statistics.models import (
    DeskVisit,
    DeskVisitNeed,
    MaybeFactCount,
    WebNeedCount,
    WebPlanCount,
)

WEB = "web"
#: a desk visit recorded without a welcome centre (none set, or its location removed)
NO_CENTRE = 0


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    by: str = "week"  # or "month"
    #: "" everything, "web" the website only, or a location id: that welcome centre's desk
    centre: str = ""

    def period(self, day: dt.date) -> dt.date:
        if self.by == "month":
            return day.replace(day=1)
        return day - dt.timedelta(days=day.weekday())

    def periods(self) -> list[dt.date]:
        found, day = [], self.period(self.start)
        while day <= self.end:
            found.append(day)
            day = (
                (day + dt.timedelta(days=32)).replace(day=1)
                if self.by == "month"
                else (day + dt.timedelta(days=7))
            )
        return found

    @property
    def web(self) -> bool:
        return self.centre in ("", WEB)

    @property
    def desk(self) -> bool:
        return self.centre != WEB

    @property
    def location_id(self) -> int | None:
        return int(self.centre) if self.centre.isdigit() else None


@dataclass
class Counts:
    """(row, column) -> count, for each of the page's tables."""

    #: (period, "web" or the welcome centre's location id, NO_CENTRE for none)
    visits: Counter[tuple[dt.date, str | int]] = field(default_factory=Counter)
    #: (locale, "web" or centre)
    languages: Counter[tuple[str, str | int]] = field(default_factory=Counter)
    #: (need, "web" or centre)
    needs: Counter[tuple[str, str | int]] = field(default_factory=Counter)
    unmet: Counter[tuple[str, str | int]] = field(default_factory=Counter)
    #: (need, status group) and (need, locale): needs left with no eligible service
    unmet_by_group: Counter[tuple[str, str]] = field(default_factory=Counter)
    unmet_by_locale: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: (outcome, centre)
    outcomes: Counter[tuple[str, str | int]] = field(default_factory=Counter)
    #: over time, website and desks together: (period, locale) and (period, need)
    languages_over_time: Counter[tuple[dt.date, str]] = field(default_factory=Counter)
    needs_over_time: Counter[tuple[dt.date, str]] = field(default_factory=Counter)
    unmet_over_time: Counter[tuple[dt.date, str]] = field(default_factory=Counter)


def counts(session: Session, filters: Filters) -> Counts:
    found = Counts()
    if filters.web:
        _web(session, filters, found)
    if filters.desk:
        _desk(session, filters, found)
    return found


def _web(session: Session, filters: Filters, found: Counts) -> None:
    in_period = (WebPlanCount.day >= filters.start) & (WebPlanCount.day <= filters.end)
    for day, locale, plans in session.execute(
        select(WebPlanCount.day, WebPlanCount.locale, WebPlanCount.plans).where(in_period)
    ):
        found.visits[(filters.period(day), WEB)] += plans
        found.languages[(locale, WEB)] += plans
        found.languages_over_time[(filters.period(day), locale)] += plans
    needs = select(
        WebNeedCount.day,
        WebNeedCount.locale,
        WebNeedCount.status_group,
        WebNeedCount.need,
        WebNeedCount.plans,
        WebNeedCount.unmet,
    ).where(WebNeedCount.day >= filters.start, WebNeedCount.day <= filters.end)
    for day, locale, group, need, plans, unmet in session.execute(needs):
        found.needs[(need, WEB)] += plans
        found.needs_over_time[(filters.period(day), need)] += plans
        if unmet:
            found.unmet[(need, WEB)] += unmet
            found.unmet_over_time[(filters.period(day), need)] += unmet
            found.unmet_by_group[(need, group)] += unmet
            found.unmet_by_locale[(need, locale)] += unmet


def _desk(session: Session, filters: Filters, found: Counts) -> None:
    condition = (DeskVisit.day >= filters.start) & (DeskVisit.day <= filters.end)
    if filters.location_id is not None:
        condition &= DeskVisit.location_id == filters.location_id
    visits = select(
        DeskVisit.id,
        DeskVisit.day,
        DeskVisit.location_id,
        DeskVisit.visitor_locale,
        DeskVisit.status_group,
    ).where(condition)
    by_id = {}
    for visit_id, day, location_id, locale, group in session.execute(visits):
        centre = location_id or NO_CENTRE
        by_id[visit_id] = (locale, group, centre, filters.period(day))
        found.visits[(filters.period(day), centre)] += 1
        found.languages[(locale, centre)] += 1
        found.languages_over_time[(filters.period(day), locale)] += 1
    # Referrals sent in the period, by their status now: their anonymous part (kept after
    # the personal fields are purged), never linked to a visit.
    sent = (Referral.sent_on >= filters.start) & (Referral.sent_on <= filters.end)
    if filters.location_id is not None:
        sent &= Referral.location_id == filters.location_id
    for status, location_id, number in session.execute(
        select(Referral.status, Referral.location_id, func.count())
        .where(sent)
        .group_by(Referral.status, Referral.location_id)
    ):
        found.outcomes[(status, location_id or NO_CENTRE)] += number
    needs = select(DeskVisitNeed.visit_id, DeskVisitNeed.need, DeskVisitNeed.met).where(
        DeskVisitNeed.visit_id.in_(select(DeskVisit.id).where(condition))
    )
    for visit_id, need, met in session.execute(needs):
        locale, group, centre, period = by_id[visit_id]
        found.needs[(need, centre)] += 1
        found.needs_over_time[(period, need)] += 1
        if not met:
            found.unmet[(need, centre)] += 1
            found.unmet_over_time[(period, need)] += 1
            found.unmet_by_group[(need, group)] += 1
            found.unmet_by_locale[(need, locale)] += 1


def maybe_facts(session: Session, filters: Filters) -> Counter[tuple[str, str]]:
    """(service slug, fact) -> how often that fact was missing for that service."""
    condition = (MaybeFactCount.day >= filters.start) & (MaybeFactCount.day <= filters.end)
    if not filters.web:
        condition &= MaybeFactCount.channel == "desk"
    elif not filters.desk:
        condition &= MaybeFactCount.channel == "web"
    found: Counter[tuple[str, str]] = Counter()
    rows = select(MaybeFactCount.service, MaybeFactCount.fact, MaybeFactCount.count)
    for service, fact, count in session.execute(rows.where(condition)):
        found[(service, fact)] += count
    return found


def zero_result_searches(session: Session, filters: Filters) -> Counter[tuple[str, str]]:
    """(locale, normalised query) -> searches that found nothing (the website only)."""
    found: Counter[tuple[str, str]] = Counter()
    if not filters.web:
        return found
    rows = select(ZeroResultSearch.locale, ZeroResultSearch.query, ZeroResultSearch.count).where(
        ZeroResultSearch.day >= filters.start, ZeroResultSearch.day <= filters.end
    )
    for locale, query, count in session.execute(rows):
        found[(locale, query)] += count
    return found
