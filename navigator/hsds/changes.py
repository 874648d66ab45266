"""What changed from one content version to the next, for the prepared exports (exports.py).

A back-office change that bumps the content version (a publish, a translation, a new
object, a confirmed listing) names the object it changed: `record(session, kind, slug)`
right after `content_changed`. When the transaction commits, its names are written under
HSDS_NDJSON_DIR as one small file per version (`<db>_changes_v<N>_<token>.json`; two
transactions that made the same version each write their own, and they are read
together). Nothing is written for a transaction that rolls back, so a record always
describes a version that exists, nor while no export is kept to derive from. A change
that records nothing (a content load, an HSDS import, a direct write) leaves a gap: an
export is then built whole, never derived.

`affected` turns the names into the services whose HSDS objects show them. A service's
object nests its organisation, locations, topics, areas and documents; which of those it
has is the service's own data, so that set changes only with a change to the service
itself. An event (published as a service) shows its organisation, location and topics the
same way. Kinds that no object shows (facts, statuses, the city's holidays, numbers and
notice) affect none; any other kind (one added later) affects all, so an export is never
derived past a change it does not understand.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from navigator.db import db

if TYPE_CHECKING:
    from navigator.hsds.queries import Entry

PENDING = "navigator.hsds.changes"
#: kinds of object (the back office's revision kinds) that no HSDS service object shows;
#: of the city, objects show only its time zone and source language, which are in the
#: exports' names (exports._code): a new zone makes new files, a new holiday nothing
UNSHOWN = frozenset({"facts", "statuses", "city"})
RECORD = re.compile(r"_changes_v(\d+)_[0-9a-f]+\.json$")
#: the name of an export's index (exports.py): its version, day, and locale and kind
INDEX = re.compile(r"_v(\d+)_(\d{4}-\d{2}-\d{2})_(.+)\.json$")

Change = tuple[str, str]  # (kind, slug)


def record(session: Session, kind: str, slug: str) -> None:
    """Note, in the caller's transaction, that `kind` `slug` changed in the content version
    that `content_changed` has just made; written out when the transaction commits."""
    from navigator.directory.models import City

    folder = Path(str(current_app.config["HSDS_NDJSON_DIR"]))
    if not any(INDEX.search(p.name) for p in folder.glob(f"{database_prefix()}_*.json")):
        return  # no export to derive from: its first build is whole anyway
    session.flush()
    version = session.scalar(select(City.content_version))  # as `content_changed` made it
    pending = session.info.setdefault(PENDING, {})
    pending.setdefault((folder, database_prefix(), version), set()).add((kind, slug))


def database_prefix() -> str:
    """A digest of the database URL: servers sharing a database share the files."""
    import hashlib

    database = str(current_app.config["DATABASE_URL"])
    return hashlib.sha256(database.encode()).hexdigest()[:12]


@event.listens_for(Session, "after_commit")
def _write(session: Session) -> None:
    pending: dict[tuple[Path, str, int], set[Change]] = session.info.pop(PENDING, {})
    for (folder, prefix, version), changed in pending.items():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", dir=folder, suffix=".part", delete=False, encoding="utf-8"
            ) as out:
                json.dump(sorted(changed), out)
            os.replace(out.name, folder / f"{prefix}_changes_v{version}_{uuid.uuid4().hex}.json")
        except OSError:
            # the change is committed: an export without its record is built whole
            current_app.logger.warning("could not record the change to version %s", version)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)


def since(folder: Path, prefix: str, base: int, version: int) -> set[Change] | None:
    """Every change recorded after version `base` up to `version`; None when a version in
    between has no record (what changed is unknown)."""
    found: dict[int, set[Change]] = {}
    for path in folder.glob(f"{prefix}_changes_v*.json"):
        match = RECORD.search(path.name)
        if match is None or not base < int(match.group(1)) <= version:
            continue
        try:
            names = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        found.setdefault(int(match.group(1)), set()).update((k, s) for k, s in names)
    if len(found) != version - base:
        return None
    return set().union(*found.values()) if found else set()


def remove_before(folder: Path, prefix: str, version: int) -> None:
    """Records of versions up to `version` (no kept export is older)."""
    for path in folder.glob(f"{prefix}_changes_v*.json"):
        match = RECORD.search(path.name)
        if match is not None and int(match.group(1)) <= version:
            path.unlink(missing_ok=True)


def affected(changed: Iterable[Change], entries: Iterable[Entry]) -> set[tuple[str, str]] | None:
    """(kind, slug) of the entries (of the API index: services and events) whose objects
    show something `changed`; None when a change may show in every one."""
    from navigator.directory.models import Area, Document
    from navigator.directory.models.service import service_area, service_document

    changed = set(changed)
    if any(kind not in SCOPED and kind not in UNSHOWN for kind, _ in changed):
        return None
    wanted = {kind: {slug for k, slug in changed if k == kind} for kind in SCOPED}
    linked: set[int] = set()  # services (areas and documents belong to services only)
    for kind, model, table, column in (
        ("areas", Area, service_area, service_area.c.area_id),
        ("documents", Document, service_document, service_document.c.document_id),
    ):
        if wanted[kind]:
            linked.update(
                db.session.scalars(
                    select(table.c.service_id)
                    .join(model, model.id == column)
                    .where(model.slug.in_(wanted[kind]))
                )
            )
    return {
        (e.kind, e.slug)
        for e in entries
        if e.slug in wanted[OWN_KIND[e.kind]]
        or e.organisation in wanted["organisations"]
        or wanted["locations"].intersection(e.locations)
        or wanted["topics"] & e.topics
        or (e.kind == "service" and e.id in linked)
    }


#: kinds whose change shows in the entries named by `affected`
SCOPED = ("services", "events", "organisations", "locations", "topics", "areas", "documents")
#: an entry's kind -> the revision kind of the object itself
OWN_KIND = {"service": "services", "event": "events"}
