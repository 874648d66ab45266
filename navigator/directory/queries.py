"""Reading the directory: what public pages show (published and current services only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload, selectinload

from navigator.db import db
from navigator.directory.models import (
    Location,
    LocationException,
    Organisation,
    ScheduleException,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
    Topic,
)
from navigator.directory.models.service import service_topic

PAGE_SIZE = 40


def visible(today: dt.date | None = None):  # type: ignore[no-untyped-def]
    today = today or dt.date.today()
    return (
        (Service.status == "published")
        & ((Service.valid_from.is_(None)) | (Service.valid_from <= today))
        & ((Service.valid_to.is_(None)) | (Service.valid_to >= today))
    )


def _text_options():  # type: ignore[no-untyped-def]
    """Only the reader's locales of each service's text, and no rules: a list of services
    shows titles and summaries, not 12 languages of descriptions."""
    from navigator.core.templating import chain

    return (
        selectinload(Service.translations.and_(ServiceTranslation.locale.in_(chain()))),
        lazyload(Service.rules),
    )


def _card_options():  # type: ignore[no-untyped-def]
    return (selectinload(Service.topics), *_text_options())


def published_services() -> Sequence[Service]:
    return db.session.scalars(select(Service).where(visible()).order_by(Service.slug)).all()


def top_topics() -> Sequence[Topic]:
    return db.session.scalars(
        select(Topic).where(Topic.parent_id.is_(None)).order_by(Topic.position)
    ).all()


def urgent_topic() -> Topic | None:
    return db.session.scalars(select(Topic).where(Topic.urgent)).first()


def topic_by_slug(slug: str) -> Topic | None:
    return db.session.scalars(select(Topic).where(Topic.slug == slug)).first()


def services_in_topic(topic: Topic, page: int = 1) -> tuple[Sequence[Service], int]:
    topic_ids = [topic.id, *(child.id for child in topic.children)]
    ids = (
        select(service_topic.c.service_id)
        .where(service_topic.c.topic_id.in_(topic_ids))
        .distinct()
        .scalar_subquery()
    )
    condition = visible() & Service.id.in_(ids)
    total = db.session.scalar(select(func.count()).select_from(Service).where(condition)) or 0
    services = db.session.scalars(
        select(Service)
        .where(condition)
        .order_by(Service.phase != "first-days", Service.slug)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .options(*_card_options())
    ).all()
    return services, total


def service_by_slug(slug: str) -> Service | None:
    return db.session.scalars(
        select(Service)
        .where(Service.slug == slug, Service.status == "published")
        .options(
            selectinload(Service.topics),
            selectinload(Service.documents),
            selectinload(Service.areas),
            selectinload(Service.requires),
            selectinload(Service.channels),
            selectinload(Service.locations).selectinload(ServiceAtLocation.slots),
            selectinload(Service.locations).selectinload(ServiceAtLocation.exceptions),
            selectinload(Service.locations)
            .joinedload(ServiceAtLocation.location)
            .selectinload(Location.slots),
            selectinload(Service.locations)
            .joinedload(ServiceAtLocation.location)
            .selectinload(Location.exceptions),
        )
    ).first()


def services_by_ids(ids: Sequence[int]) -> list[Service]:
    if not ids:
        return []
    options = _card_options()
    found = {
        s.id: s
        for s in db.session.scalars(
            select(Service).where(Service.id.in_(ids), visible()).options(*options)
        )
    }
    return [found[i] for i in ids if i in found]


def organisation_by_slug(slug: str) -> Organisation | None:
    return db.session.scalars(select(Organisation).where(Organisation.slug == slug)).first()


def organisation_services(organisation: Organisation) -> Sequence[Service]:
    return db.session.scalars(
        select(Service)
        .where(Service.organisation_id == organisation.id, visible())
        .order_by(Service.slug)
        .options(*_card_options())
    ).all()


def upcoming_exceptions(
    place: ServiceAtLocation, today: dt.date
) -> list[ScheduleException] | list[LocationException]:
    return [e for e in place.dated if today <= e.date <= today + dt.timedelta(days=30)]
