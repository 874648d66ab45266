"""Anonymous statistics: no person, no answer but the needs and a coarse status group.

A desk visit is one row (a welcome centre sees a few dozen a day); what became of referrals
is read from the referrals' own anonymous part (organisation, centre, status, days), never
linked to a visit; public plans are only counters per day, locale and status group,
so that no row stands for one newcomer's visit to the website.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base, one_of
from navigator.i18n import L_
from navigator.statistics.groups import GROUPS

#: where a plan was made -> its title
CHANNELS = {"web": L_("Website"), "desk": L_("Welcome desk")}
KEY = 100


class DeskVisit(Base):
    """One completed desk session whose plan was shown: nothing that tells who came."""

    __tablename__ = "desk_visit"
    __table_args__ = (
        CheckConstraint(one_of("status_group", GROUPS), name="status_group"),
        CheckConstraint("eligible_steps >= 0 AND maybe_steps >= 0", name="steps"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the day only, in the city's time zone
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    #: the welcome centre
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="SET NULL"), index=True
    )
    staff_locale: Mapped[str] = mapped_column(String(16))
    visitor_locale: Mapped[str] = mapped_column(String(16))
    status_group: Mapped[str] = mapped_column(String(20))
    eligible_steps: Mapped[int] = mapped_column(Integer)
    maybe_steps: Mapped[int] = mapped_column(Integer)

    needs: Mapped[list[DeskVisitNeed]] = relationship(
        cascade="all, delete-orphan", order_by="DeskVisitNeed.need"
    )


class DeskVisitNeed(Base):
    """A need chosen at a desk visit, and whether any service the visitor can surely use
    covered it."""

    __tablename__ = "desk_visit_need"
    __table_args__ = (UniqueConstraint("visit_id", "need"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("desk_visit.id", ondelete="CASCADE"))
    #: a topic's slug
    need: Mapped[str] = mapped_column(String(KEY))
    met: Mapped[bool] = mapped_column(Boolean)


class WebPlanCount(Base):
    """Public plans completed on one day in one locale by one status group, with the
    steps they held and how many left a need unmet."""

    __tablename__ = "web_plan_count"
    __table_args__ = (
        UniqueConstraint("day", "locale", "status_group"),
        CheckConstraint(one_of("status_group", GROUPS), name="status_group"),
        CheckConstraint("plans > 0", name="plans"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    locale: Mapped[str] = mapped_column(String(16))
    status_group: Mapped[str] = mapped_column(String(20))
    plans: Mapped[int] = mapped_column(Integer)
    with_unmet: Mapped[int] = mapped_column(Integer)
    eligible_steps: Mapped[int] = mapped_column(Integer)
    maybe_steps: Mapped[int] = mapped_column(Integer)


class WebNeedCount(Base):
    """How often a need was chosen in public plans (and left unmet) on one day, in one
    locale, by one status group."""

    __tablename__ = "web_need_count"
    __table_args__ = (
        UniqueConstraint("day", "locale", "status_group", "need"),
        CheckConstraint(one_of("status_group", GROUPS), name="status_group"),
        CheckConstraint("plans > 0 AND unmet >= 0 AND unmet <= plans", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    locale: Mapped[str] = mapped_column(String(16))
    status_group: Mapped[str] = mapped_column(String(20))
    need: Mapped[str] = mapped_column(String(KEY))
    plans: Mapped[int] = mapped_column(Integer)
    unmet: Mapped[int] = mapped_column(Integer)


class MaybeFactCount(Base):
    """How often a service was a "maybe" in a plan for lack of one fact, per day and
    channel (desk and web alike)."""

    __tablename__ = "maybe_fact_count"
    __table_args__ = (
        UniqueConstraint("day", "channel", "service", "fact"),
        CheckConstraint(one_of("channel", CHANNELS), name="channel"),
        CheckConstraint("count > 0", name="count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(8))
    #: the service's slug and the missing fact's key
    service: Mapped[str] = mapped_column(String(KEY))
    fact: Mapped[str] = mapped_column(String(KEY))
    count: Mapped[int] = mapped_column(Integer)
