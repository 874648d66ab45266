"""Insert canonical service dicts (the content reader's format) in bulk.

The content loader compares and writes one service at a time (flushes, one query per
reference), which takes many minutes for 5,000 services × 12 locales; this writes the same
rows with a handful of multi-row INSERTs. Afterwards, like the loader, it rebuilds the
search index and bumps City.content_version (the referral catalog's cache key).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from navigator.content import canonical
from navigator.directory import search
from navigator.directory.hours import parse_time
from navigator.directory.models import (
    Area,
    City,
    ContactChannel,
    Document,
    EligibilityRule,
    Location,
    Organisation,
    ScheduleException,
    Service,
    ServiceAtLocation,
    Topic,
    WeeklySlot,
)
from navigator.directory.models.service import (
    ServiceTranslation,
    service_area,
    service_document,
    service_prerequisite,
    service_topic,
)

CHUNK = 2000


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _ids(session: Session, model: type, attr: str = "slug") -> dict[str, int]:
    column = getattr(model, attr)
    return {key: id_ for key, id_ in session.execute(select(column, model.id))}


def _insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[start : start + CHUNK])


def _insert_returning(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        result = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True),
            rows[start : start + CHUNK],
        )
        ids += [row[0] for row in result]
    return ids


def insert_services(session: Session, services: list[dict[str, Any]], source: str = "en") -> int:
    """Insert the services that are not in the database yet; returns how many."""
    existing = _ids(session, Service)
    todo = [s for s in services if s["slug"] not in existing]
    orgs, topics = _ids(session, Organisation), _ids(session, Topic)
    documents, areas, locations = (
        _ids(session, Document),
        _ids(session, Area),
        _ids(session, Location),
    )

    service_rows = [
        {
            "slug": s["slug"],
            "organisation_id": orgs[s["organisation"]],
            "status": s.get("status", "published"),
            "audience": s.get("audience", "newcomers"),
            "phase": s.get("phase", "first-weeks"),
            "open_to_all": s.get("open_to_all", False),
            "free": s.get("free", False),
            "languages": list(s.get("languages", [])),
            "modelled_on": s.get("modelled_on"),
            "source": s.get("source"),
            "valid_from": _date(s.get("valid_from")),
            "valid_to": _date(s.get("valid_to")),
            "last_reviewed": _date(s.get("last_reviewed")),
            "revision": s.get("revision", 1),
        }
        for s in todo
    ]
    new_ids = _insert_returning(session, Service.__table__, service_rows)
    ids = {**existing, **{s["slug"]: i for s, i in zip(todo, new_ids, strict=True)}}

    texts, links_t, links_d, links_a, prereq, rules, channels, places = ([] for _ in range(8))
    place_children: list[dict[str, Any]] = []
    for s in todo:
        sid = ids[s["slug"]]
        revision = s.get("revision", 1)
        texts.append(
            {"service_id": sid, "locale": source, "source_revision": revision}
            | {f: s.get(f) for f in Service.TRANSLATED_FIELDS}
        )
        for locale, entry in s.get("translations", {}).items():
            texts.append(
                {
                    "service_id": sid,
                    "locale": locale,
                    "source_revision": entry.get("translated_from", revision),
                }
                | {f: entry.get(f) for f in Service.TRANSLATED_FIELDS}
            )
        links_t += [{"service_id": sid, "topic_id": topics[t]} for t in s["topics"]]
        links_d += [
            {"service_id": sid, "document_id": documents[d]} for d in s.get("documents", [])
        ]
        links_a += [{"service_id": sid, "area_id": areas[a]} for a in s.get("service_area", [])]
        prereq += [{"service_id": sid, "requires_id": ids[r]} for r in s.get("requires", [])]
        for position, rule in enumerate(s.get("eligibility", [])):
            rules.append(
                {
                    "service_id": sid,
                    "position": position,
                    "logic": rule["rule"],
                    "reference_text": rule.get("reference", {}).get("text"),
                    "reference_url": rule.get("reference", {}).get("url"),
                    "valid_from": _date(rule.get("valid_from")),
                    "valid_to": _date(rule.get("valid_to")),
                }
            )
        channels += [
            {"service_id": sid, "position": i, "type": c["type"], "value": c["value"]}
            for i, c in enumerate(s.get("channels", []))
        ]
        for position, place in enumerate(s.get("locations", [])):
            places.append(
                {
                    "service_id": sid,
                    "location_id": locations[place["location"]],
                    "position": position,
                    "appointment_only": place.get("appointment_only", False),
                    "walk_in": place.get("walk_in", False),
                    "open_on_holidays": place.get("open_on_holidays", False),
                }
            )
            place_children.append(place)
    _insert(session, ServiceTranslation.__table__, texts)
    for table, rows in (
        (service_topic, links_t),
        (service_document, links_d),
        (service_area, links_a),
        (service_prerequisite, prereq),
        (EligibilityRule.__table__, rules),
        (ContactChannel.__table__, channels),
    ):
        _insert(session, table, rows)
    place_ids = _insert_returning(session, ServiceAtLocation.__table__, places)
    slots, exceptions = [], []
    for pid, place in zip(place_ids, place_children, strict=True):
        slots += [
            {"service_at_location_id": pid, "weekday": day, "opens": opens, "closes": closes}
            for day, opens, closes in canonical.expand_hours(place.get("hours", []))
        ]
        exceptions += [
            {
                "service_at_location_id": pid,
                "date": _date(e["date"]),
                "closed": "opens" not in e,
                "opens": parse_time(e["opens"]) if "opens" in e else None,
                "closes": parse_time(e["closes"]) if "closes" in e else None,
            }
            for e in place.get("exceptions", [])
        ]
    _insert(session, WeeklySlot.__table__, slots)
    _insert(session, ScheduleException.__table__, exceptions)
    return len(todo)


def finish(session: Session) -> None:
    """What load_pack does after a change: rebuild the search index, bump the version."""
    session.expire_all()
    services = session.scalars(
        select(Service).options(selectinload(Service.topics), selectinload(Service.translations))
    ).all()
    search.rebuild(session, services)
    city = session.scalars(select(City).limit(1)).one()
    city.content_version = (city.content_version or 0) + 1
    session.flush()
