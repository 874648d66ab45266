"""Where every translatable text stands in every locale: missing, outdated,
machine-translated (not reviewed yet) or up to date.

Each translatable object (a service, an organisation, a fact's question, a public holiday…)
has a source revision and one translation row per locale that remembers the revision it was
translated from (navigator/translatable.py). A locale's row with no text in it counts as
missing; a machine translation no translator has reviewed is not up to date (it has its own
state, counted apart). States are read with plain column queries (no ORM objects), so the
coverage of all locales for a city of 5,000 services is a few queries, not 60,000 objects.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import (
    City,
    Document,
    EmergencyNumber,
    Holiday,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    Topic,
)
from navigator.events.models import Event
from navigator.facts.models import Fact, ResidenceStatus
from navigator.i18n import L_
from navigator.translatable import TranslationState, translation_state

#: kind -> (model, the attribute that names an object, the field shown as its title)
KINDS: dict[str, tuple[type, str, str]] = {
    "services": (Service, "slug", "title"),
    "events": (Event, "slug", "title"),
    "organisations": (Organisation, "slug", "name"),
    "locations": (Location, "slug", "name"),
    "topics": (Topic, "slug", "title"),
    "documents": (Document, "slug", "name"),
    "facts": (Fact, "key", "question"),
    "statuses": (ResidenceStatus, "value", "label"),
    "holidays": (Holiday, "date", "name"),
    "emergency_numbers": (EmergencyNumber, "key", "label"),
    "city": (City, "id", "notice"),
}
KIND_TITLES = {
    "services": L_("Services"),
    "events": L_("Events"),
    "organisations": L_("Organisations"),
    "locations": L_("Locations"),
    "topics": L_("Topics"),
    "documents": L_("Documents"),
    "facts": L_("Questions and facts"),
    "statuses": L_("Residence statuses"),
    "holidays": L_("Public holidays"),
    "emergency_numbers": L_("Emergency and help numbers"),
    "city": L_("Notice on the home page"),
}
STATE_TITLES = {
    TranslationState.MISSING: L_("Missing"),
    TranslationState.OUTDATED: L_("Outdated"),
    TranslationState.MACHINE: L_("Machine-translated"),
    TranslationState.UP_TO_DATE: L_("Up to date"),
}


@dataclass(frozen=True)
class Text:
    """One object's texts in one locale."""

    kind: str
    key: str
    title: str
    state: TranslationState
    #: the organisation it belongs to (services: theirs; organisations: itself), else None
    organisation_id: int | None


def _rows(model: Any) -> tuple[Any, Any, tuple[str, ...]]:
    """The translation model, its column naming the owner, and the translated fields."""
    relationship = model.__mapper__.relationships["translations"]
    owner = relationship.synchronize_pairs[0][1]
    return relationship.mapper.class_, owner, model.TRANSLATED_FIELDS


def texts(kind: str, source: str, locales: tuple[str, ...]) -> dict[str, list[Text]]:
    """{locale: the texts of every object of `kind`} for `locales`. Objects with no source
    text at all (a location without directions and accessibility notes has its name) are
    left out: there is nothing to translate."""
    model, key_attr, title_field = KINDS[kind]
    translation, owner, fields = _rows(model)
    wanted = (source, *locales)
    found: dict[int, dict[str, tuple[int, bool, str, bool]]] = {}
    columns = [getattr(translation, f) for f in fields]
    for row in db.session.execute(
        select(
            owner, translation.locale, translation.source_revision, translation.machine, *columns
        ).where(translation.locale.in_(wanted))
    ):
        values = row[4:]
        title = values[fields.index(title_field)] if title_field in fields else ""
        found.setdefault(row[0], {})[row[1]] = (row[2], any(values), title or "", bool(row[3]))
    owners = _organisations(kind)
    out: dict[str, list[Text]] = {locale: [] for locale in locales}
    for obj in db.session.execute(select(model.id, getattr(model, key_attr), model.revision)):
        rows = found.get(obj[0], {})
        if not rows.get(source, (0, False, "", False))[1]:
            continue
        organisation = owners.get(obj[0])
        key = "city" if kind == "city" else obj[1]
        key = key.isoformat() if hasattr(key, "isoformat") else str(key)
        for locale in locales:
            revision, has_text, _title, machine = rows.get(locale, (None, False, "", False))
            state = translation_state(obj[2], revision if has_text else None, machine)
            out[locale].append(Text(kind, key, rows[source][2] or key, state, organisation))
    return out


def _organisations(kind: str) -> dict[int, int]:
    """{object id: the organisation it belongs to} (see permissions.owner_of): a service's,
    an organisation itself, a location used by one organisation's services only."""
    if kind == "services":
        return {
            i: org for i, org in db.session.execute(select(Service.id, Service.organisation_id))
        }
    if kind == "events":
        return {i: org for i, org in db.session.execute(select(Event.id, Event.organisation_id))}
    if kind == "organisations":
        return {i: i for i in db.session.scalars(select(Organisation.id))}
    if kind == "locations":
        users: dict[int, set[int]] = {}
        for location, organisation in db.session.execute(
            select(ServiceAtLocation.location_id, Service.organisation_id)
            .join(Service, Service.id == ServiceAtLocation.service_id)
            .distinct()
        ):
            users.setdefault(location, set()).add(organisation)
        return {loc: orgs.pop() for loc, orgs in users.items() if len(orgs) == 1}
    return {}


def coverage(source: str, locales: tuple[str, ...]) -> dict[str, Counter[TranslationState]]:
    """{locale: how many texts are in each state}, over every kind."""
    counts: dict[str, Counter[TranslationState]] = {locale: Counter() for locale in locales}
    for kind in KINDS:
        for locale, items in texts(kind, source, locales).items():
            counts[locale].update(item.state for item in items)
    return counts
