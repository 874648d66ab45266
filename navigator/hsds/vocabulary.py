"""What an HSDS import maps to: the pack's fields and kinds, the HSDS fields it reads, the
objects and reports it produces (to_pack.py), and how HSDS objects get their slugs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from navigator.hsds.schedules import WEEKDAY_CODES

#: HSDS's day codes (the mapping's, Monday first) → the pack's
WEEKDAYS = dict(zip(WEEKDAY_CODES, ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), strict=True))
#: an HSDS service's status → the pack's
STATUS = {
    "active": "published",
    "temporarily closed": "published",
    "inactive": "archived",
    "defunct": "archived",
}
#: the topic a service without a taxonomy term is filed under (a pack service needs one)
UNCLASSIFIED = {"slug": "not-yet-classified", "title": "Not yet classified"}
#: the fact the age rule asks about, added when the pack has none
AGE_FACT = {
    "id": "age",
    "type": "number",
    "question": "How old are you?",
    "subject": "Your age",
    "min": 0,
    "max": 120,
}
#: the pack fields an import sets (an object already in the city keeps its others)
PACK_FIELDS = {
    "organisations": {"slug", "name", "description", "website", "email", "phone"},
    "locations": {
        "slug",
        "name",
        "street",
        "postcode",
        "city",
        "latitude",
        "longitude",
        "accessibility",
        "directions",
        "hours",
    },
    "services": {
        "slug",
        "title",
        "summary",
        "description",
        "organisation",
        "topics",
        "status",
        "eligibility",
        "eligibility_summary",
        "cost",
        "free",
        "languages",
        "documents",
        "channels",
        "service_area",
        "last_reviewed",
        "locations",
    },
    # not `open_to_all` nor `registration_required`: a tabular publication cannot say them
    # (the importer takes them when the publication does), nor the rule (see event_to_pack)
    "events": {
        "slug",
        "title",
        "description",
        "organisation",
        "location",
        "topics",
        "status",
        "eligibility_summary",
        "cost",
        "free",
        "languages",
        "registration",
        "registration_url",
        "start",
        "end",
        "rrule",
        "rdate",
        "exdate",
        "last_reviewed",
    },
}
MAPPED = {
    "organization": {"id", "name", "description", "website", "email", "phones"},
    "location": {
        "id",
        "name",
        "addresses",
        "latitude",
        "longitude",
        "accessibility",
        "transportation",
        "schedules",
        "organization_id",
        "location_type",
    },
    "service": {
        "id",
        "name",
        "description",
        "status",
        "url",
        "email",
        "phones",
        "languages",
        "required_documents",
        "service_areas",
        "cost_options",
        "fees_description",
        "minimum_age",
        "maximum_age",
        "eligibility_description",
        "assured_date",
        "attributes",
        "service_at_locations",
        "schedules",
        "organization",
        "organization_id",
        "program_id",
    },
    "service_at_location": {"id", "location", "schedules", "service_id", "location_id"},
    "schedule": {
        "id",
        "freq",
        "interval",
        "byday",
        "opens_at",
        "closes_at",
        "service_id",
        "location_id",
        "service_at_location_id",
        "wkst",
    },
}


#: the navigator profile's fields an import reads (from JSON: tables cannot hold them)
PROFILE_READ = {
    "service": frozenset({"service_kind", "summary", "open_to_all", "registration_required"}),
    "schedule": frozenset({"rrule", "bymonth", "tzid", "added", "cancelled"}),
}


@dataclass(frozen=True)
class Unmapped:
    """Something of an HSDS object the pack has no place for."""

    table: str
    id: str
    field: str
    reason: str = "the content pack has no place for it"

    def __str__(self) -> str:
        return f"{self.table} {self.id}: {self.field}: {self.reason}"


@dataclass
class Mapped:
    #: kind → key → pack entity (organisations, locations, services, topics, …)
    entities: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    #: (table, HSDS id) → the slug it got
    slugs: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, kind: str, key: str, data: dict[str, Any]) -> None:
        self.entities.setdefault(kind, {})[key] = data


def slug_from(name: str, limit: int = 80) -> str:
    """ "Café für alle!" → "cafe-fur-alle" ("" when the name has no Latin letters)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


#: the pack's channel types an HSDS service has fields for (url, email, phones)
HSDS_CHANNELS = {"web", "email", "phone"}
#: the HSDS tables whose objects become pack entities of a kind with slugs
TABLE_KINDS = {
    "organization": "organisations",
    "location": "locations",
    "service": "services",
    "taxonomy_term": "topics",
    "required_document": "documents",
    "service_area": "areas",
    "event": "events",  # the city's events, published as services (event_mapping.py)
}


class Slugs:
    def __init__(self, mapped: Mapped, known: dict[tuple[str, str], str]) -> None:
        self.mapped = mapped
        self.known = known
        self.taken: dict[tuple[str, str], str] = {}  # (kind, slug) → HSDS id or name

    def get(self, kind: str, table: str, hsds_id: str, name: str, limit: int = 80) -> str:
        if (table, hsds_id) in self.mapped.slugs:
            return self.mapped.slugs[(table, hsds_id)]
        slug = (
            self.known.get((table, hsds_id))  # an object this city exported
            or self.known.get((kind, name.strip()))  # one of its documents, areas, topics
            or slug_from(name, limit)
            or f"{table.replace('_', '-')}-{hsds_id[:8].lower()}"
        )
        # HSDS gives each service its own row of a document or an area: one name is one
        # document. Other objects that share a name are told apart by their ids.
        identity = name.strip() if kind in ("documents", "areas") else hsds_id
        if self.taken.get((kind, slug), identity) != identity:
            slug = f"{slug}-{slug_from(hsds_id)[:8]}"
        self.taken[(kind, slug)] = identity
        self.mapped.slugs[(table, hsds_id)] = slug
        return slug
