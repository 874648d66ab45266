"""Load a validated content pack into the database: all or nothing, and idempotent.

Each entity is compared with what the database holds (in canonical form, see canonical.py)
and written only when it differs, so loading the same pack twice changes nothing. Services
that disappeared from the pack are archived, not deleted.

Objects the back office edits (services, organisations: `editor.revisions.EDITABLE`) keep a
revision history. Before anything is written, every such object the pack would change is
checked against it. A conflict is a draft or submission waiting in the back office, or a
published edit the pack does not carry: one newer than the point where the files and the
database last agreed (the newest revision the system wrote, or the last `content export`
to / `content load` from the pack's directory in the audit log) whose changed fields hold
other values in the pack. Conflicts stop the load (`PackConflict`, one problem per object,
named by its file) unless `force=True`. Every change a load makes to an object with a
history becomes a new published revision without an author, so the history shows what a
file replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from navigator.content import canonical, city
from navigator.content import conflicts as back_office
from navigator.content.problems import Problem, Problems
from navigator.content.reader import Pack, read_pack
from navigator.content.validate import validate_pack
from navigator.directory import search
from navigator.directory.hours import parse_time
from navigator.directory.models import (
    Area,
    ContactChannel,
    Document,
    EligibilityRule,
    Location,
    LocationException,
    LocationSlot,
    Organisation,
    ScheduleException,
    Service,
    ServiceAtLocation,
    Topic,
    WeeklySlot,
)
from navigator.events import pack as event_pack
from navigator.events.models import Event
from navigator.facts.models import Fact, Persona, ResidenceStatus
from navigator.pathway.source import content_changed

MODELS: dict[str, tuple[type, str]] = {
    "areas": (Area, "slug"),
    "topics": (Topic, "slug"),
    "statuses": (ResidenceStatus, "value"),
    "documents": (Document, "slug"),
    "facts": (Fact, "key"),
    "organisations": (Organisation, "slug"),
    "locations": (Location, "slug"),
    "services": (Service, "slug"),
    "events": (Event, "slug"),
}
#: kinds whose objects missing from a pack are archived (hidden), not deleted
ARCHIVED_WHEN_MISSING = ("services", "events")
PACK_KEY = {"facts": "id", "statuses": "value"}


class PackError(Exception):
    def __init__(self, problems: list[Problem], message: str = "") -> None:
        super().__init__(message or f"{len(problems)} problem(s) in the content pack")
        self.problems = problems


class PackConflict(PackError):
    """The pack would overwrite work done in the back office; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            problems,
            f"{len(problems)} object(s) changed in the back office would be overwritten "
            "by the content pack",
        )


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    archived: int = 0
    archived_kinds: dict[str, int] = field(default_factory=dict)
    #: files whose objects had back-office changes that a forced load overwrote
    overwritten: list[str] = field(default_factory=list)
    #: revisions written for objects with a back-office history
    revisions: int = 0

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()) + self.archived)

    def describe(self) -> str:
        if not self.changed:
            return "nothing changed: the database already matches the pack"
        parts = [f"{n} {k} created" for k, n in self.created.items() if n]
        parts += [f"{n} {k} updated" for k, n in self.updated.items() if n]
        parts += [f"{n} {k} archived" for k, n in self.archived_kinds.items() if n]
        text = ", ".join(parts)
        if self.overwritten:
            text += f"; back-office changes overwritten (--force): {', '.join(self.overwritten)}"
        return text


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Service))


def check_pack(path: Path) -> Pack:
    problems = Problems()
    pack = read_pack(path, problems)
    if pack.meta or pack.entities:
        validate_pack(pack, problems)
    if problems:
        raise PackError(problems.items)
    return pack


def load_pack(
    session: Session, path: Path, *, force: bool = False, origin: str | None = None
) -> Summary:
    """Load the pack at `path`; all or nothing (the caller commits or rolls back).

    Raises PackError naming every problem of an invalid pack, and PackConflict when the
    pack would overwrite changes made in the back office, unless `force`; either way
    before anything is written. `origin` names where the content came from in the
    revisions a load writes (default: "the content pack PATH")."""
    pack = check_pack(path)
    summary = Summary()
    source = pack.meta["source_locale"]
    edits = back_office.edited_objects(session, pack, source)
    conflicts = [edit for edit in edits if edit.conflict]
    if conflicts and not force:
        raise PackConflict([Problem(edit.file, "", edit.conflict) for edit in conflicts])
    summary.overwritten = [edit.file for edit in conflicts]
    with session.no_autoflush:
        _load_city(session, pack, summary)
    for kind, (model, attr) in MODELS.items():
        existing = {getattr(o, attr): o for o in session.scalars(select(model))}
        created = updated = 0
        for position, (key, data) in enumerate(pack.entities[kind].items()):
            obj = existing.get(key)
            if (
                obj is not None
                and getattr(obj, "position", position) == position
                and canonical.comparable(kind, canonical.to_pack(kind, obj, source))
                == canonical.comparable(kind, data)
            ):
                continue
            if obj is None:
                obj = model(**{attr: key})
                session.add(obj)
                existing[key] = obj
                created += 1
            else:
                updated += 1
            if hasattr(obj, "position"):
                obj.position = position
            with session.no_autoflush:
                APPLY[kind](session, obj, data, source)
            session.flush()
        summary.created[kind], summary.updated[kind] = created, updated
        if kind == "services":
            _link_prerequisites(session, pack, existing)
        if kind in ARCHIVED_WHEN_MISSING:
            for key, obj in existing.items():
                if key not in pack.entities[kind] and obj.status != "archived":
                    obj.status = "archived"
                    summary.archived += 1
                    summary.archived_kinds[kind] = summary.archived_kinds.get(kind, 0) + 1
    _load_personas(session, pack, summary)
    session.flush()
    summary.revisions = back_office.record_revisions(
        session, edits, source, origin or f"the content pack {path}"
    )
    if summary.changed:
        search.rebuild(session, session.scalars(select(Service)))
        content_changed(session)
        if session.get_bind().dialect.name == "postgresql":
            # Fresh statistics after a big load, or the planner guesses badly (topic pages
            # went from 5 ms to 340 ms on 5,000 services without them).
            session.execute(
                text("ANALYZE service, service_topic, service_translation, search_index")
            )
    return summary


def _texts(obj: Any, kind: str, data: dict[str, Any], source: str) -> None:
    revision = data.get("revision", 1)
    obj.revision = revision
    fields = canonical.SOURCE_FIELDS[kind]
    values = {f: data.get(f) for f in fields}
    if kind == "facts":
        values["options"] = {o["value"]: o["label"] for o in data.get("options", [])} or None
    obj.set_text(source, values, revision)
    wanted = data.get("translations", {})
    for locale in [loc for loc in obj.translations if loc != source and loc not in wanted]:
        del obj.translations[locale]
    for locale, entry in wanted.items():
        obj.set_text(locale, entry, entry.get("translated_from", revision))


def _by(session: Session, model: type, attr: str, keys: list[str]) -> list[Any]:
    if not keys:
        return []
    found = {
        getattr(o, attr): o
        for o in session.scalars(select(model).where(getattr(model, attr).in_(keys)))
    }
    return [found[k] for k in keys]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _apply_simple(session: Session, obj: Any, data: dict[str, Any], source: str, kind: str) -> None:
    _texts(obj, kind, data, source)


def _apply_document(session: Session, obj: Document, data: dict[str, Any], source: str) -> None:
    obj.needed_when = data.get("needed_when")
    _texts(obj, "documents", data, source)


def _apply_topic(session: Session, obj: Topic, data: dict[str, Any], source: str) -> None:
    obj.urgent = data.get("urgent", False)
    obj.icon = data.get("icon")
    parent = data.get("parent")
    obj.parent = (
        session.scalars(select(Topic).where(Topic.slug == parent)).one() if parent else None
    )
    _texts(obj, "topics", data, source)


def _apply_area(session: Session, obj: Area, data: dict[str, Any], source: str) -> None:
    obj.kind = data.get("kind", "district")
    _texts(obj, "areas", data, source)


def _apply_fact(session: Session, obj: Fact, data: dict[str, Any], source: str) -> None:
    obj.type = data.get("type")
    obj.options_from = data.get("options_from")
    obj.option_values = [o["value"] for o in data["options"]] if data.get("options") else None
    obj.minimum = data.get("min")
    obj.maximum = data.get("max")
    obj.derived = data.get("derived")
    _texts(obj, "facts", data, source)


def _apply_organisation(
    session: Session, obj: Organisation, data: dict[str, Any], source: str
) -> None:
    obj.kind = data["kind"]
    obj.website, obj.email, obj.phone = data.get("website"), data.get("email"), data.get("phone")
    _texts(obj, "organisations", data, source)


def _apply_location(session: Session, obj: Location, data: dict[str, Any], source: str) -> None:
    obj.street, obj.postcode, obj.city = data["street"], data["postcode"], data["city"]
    obj.area = _by(session, Area, "slug", [data["area"]])[0] if data.get("area") else None
    obj.latitude, obj.longitude = data.get("latitude"), data.get("longitude")
    if obj.id is not None and (obj.slots or obj.exceptions):
        # Old hours go first: new exceptions may reuse their unique (location, date) keys.
        obj.slots, obj.exceptions = [], []
        session.flush()
    obj.slots = [
        LocationSlot(weekday=day, opens=opens, closes=closes)
        for day, opens, closes in canonical.expand_hours(data.get("hours", []))
    ]
    obj.exceptions = [LocationException(**_exception(e)) for e in data.get("exceptions", [])]
    _texts(obj, "locations", data, source)


def _apply_service(session: Session, obj: Service, data: dict[str, Any], source: str) -> None:
    if obj.id is not None:
        # Old children go first: the new ones reuse their unique (service, location) keys.
        obj.locations, obj.rules, obj.channels = [], [], []
        session.flush()
    obj.status = data.get("status", "published")
    obj.organisation = _by(session, Organisation, "slug", [data["organisation"]])[0]
    obj.topics = _by(session, Topic, "slug", data["topics"])
    obj.audience = data.get("audience", "newcomers")
    obj.phase = data.get("phase", "first-weeks")
    obj.modelled_on = data.get("modelled_on")
    obj.open_to_all = data.get("open_to_all", False)
    obj.opt_in = data.get("opt_in", False)
    obj.gives = data.get("gives") or None
    obj.urgent_when = data.get("urgent_when")
    obj.free = data.get("free", False)
    obj.languages = list(data.get("languages", []))
    obj.documents = _by(session, Document, "slug", data.get("documents", []))
    obj.areas = _by(session, Area, "slug", data.get("service_area", []))
    obj.valid_from, obj.valid_to = _date(data.get("valid_from")), _date(data.get("valid_to"))
    obj.last_reviewed = _date(data.get("last_reviewed"))
    obj.source = data.get("source")
    obj.rules = [
        EligibilityRule(
            position=i,
            logic=rule["rule"],
            reference_text=rule.get("reference", {}).get("text"),
            reference_url=rule.get("reference", {}).get("url"),
            valid_from=_date(rule.get("valid_from")),
            valid_to=_date(rule.get("valid_to")),
        )
        for i, rule in enumerate(data.get("eligibility", []))
    ]
    obj.channels = [
        ContactChannel(position=i, type=c["type"], value=c["value"])
        for i, c in enumerate(data.get("channels", []))
    ]
    obj.locations = [_place(session, i, p) for i, p in enumerate(data.get("locations", []))]
    _texts(obj, "services", data, source)


_LOOKUP = {"Organisation": Organisation, "Location": Location, "Topic": Topic}


def _apply_event(session: Session, obj: Event, data: dict[str, Any], source: str) -> None:
    event_pack.apply(obj, data, lambda name, slugs: _by(session, _LOOKUP[name], "slug", slugs))
    _texts(obj, "events", data, source)


def _place(session: Session, position: int, data: dict[str, Any]) -> ServiceAtLocation:
    place = ServiceAtLocation(
        position=position,
        location=_by(session, Location, "slug", [data["location"]])[0],
        appointment_only=data.get("appointment_only", False),
        walk_in=data.get("walk_in", False),
        open_on_holidays=data.get("open_on_holidays", False),
        location_hours=data.get("location_hours", False),
    )
    place.slots = [
        WeeklySlot(weekday=day, opens=opens, closes=closes)
        for day, opens, closes in canonical.expand_hours(data.get("hours", []))
    ]
    place.exceptions = [ScheduleException(**_exception(e)) for e in data.get("exceptions", [])]
    return place


def _exception(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": _date(data["date"]),
        "closed": "opens" not in data,
        "opens": parse_time(data["opens"]) if "opens" in data else None,
        "closes": parse_time(data["closes"]) if "closes" in data else None,
    }


APPLY = {
    "areas": _apply_area,
    "topics": _apply_topic,
    "statuses": lambda s, o, d, src: _apply_simple(s, o, d, src, "statuses"),
    "documents": _apply_document,
    "facts": _apply_fact,
    "organisations": _apply_organisation,
    "locations": _apply_location,
    "services": _apply_service,
    "events": _apply_event,
    "city": lambda s, _obj, data, _src: city.apply(s, data),
}


def _link_prerequisites(session: Session, pack: Pack, services: dict[str, Service]) -> None:
    # A second pass: a service may require one that comes later in the pack.
    for slug, data in pack.entities["services"].items():
        link_prerequisites(services[slug], data, services)
    session.flush()


def link_prerequisites(service: Service, data: dict[str, Any], services: Any) -> None:
    """Set the services `service` requires from its pack `data` ("requires": slugs), looked
    up in `services` (slug -> Service); untouched when they are already those."""
    wanted = sorted(data.get("requires", []))
    if sorted(s.slug for s in service.requires) != wanted:
        service.requires = [services[s] for s in wanted]


def _load_city(session: Session, pack: Pack, summary: Summary) -> None:
    meta = pack.meta
    current = city.to_pack(session)
    if current is not None and city.comparable(current) == city.comparable(meta):
        return
    summary.updated["city"] = 1
    city.apply(session, meta)


def personas_to_pack(session: Session) -> list[dict[str, Any]]:
    return [p.data for p in session.scalars(select(Persona).order_by(Persona.position))]


def _load_personas(session: Session, pack: Pack, summary: Summary) -> None:
    if personas_to_pack(session) == pack.personas:
        return
    for persona in session.scalars(select(Persona)):
        session.delete(persona)
    session.flush()
    for position, data in enumerate(pack.personas):
        session.add(
            Persona(
                key=data["id"], position=position, description=data.get("description"), data=data
            )
        )
    summary.updated["personas"] = len(pack.personas)
