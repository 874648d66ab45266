"""Import an HSDS 3.0 publication through the content pack loader.

The publication is read and validated (publication.py), mapped to pack entities
(to_pack.py), and laid over the city's content as a pack: the database exported as a
pack into a temporary directory (nothing when the city is empty), the imported entities
written over it, and that pack loaded with `content.loader.load_pack`. So an import is
checked like any pack, is all or nothing, changes nothing when loaded twice, stops on
back-office work it would overwrite (unless forced), and writes revisions exactly as
`content load` does; nothing the publication does not name is archived or changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator.content import canonical, city, exporter
from navigator.content.loader import MODELS, Summary, load_pack
from navigator.content.reader import load_yaml
from navigator.hsds import publication as hsds
from navigator.hsds.to_pack import map_publication
from navigator.hsds.vocabulary import (
    AGE_FACT,
    HSDS_CHANNELS,
    PACK_FIELDS,
    PROFILE_READ,
    TABLE_KINDS,
    Mapped,
    Unmapped,
)

#: the kinds found again by their name, and the field that holds it
NAMED = {"documents": "name", "areas": "name", "topics": "title"}
LIST_KEYS = {"topics": "slug", "areas": "slug", "documents": "slug", "facts": "id"}


@dataclass
class Imported:
    summary: Summary
    unmapped: list[Unmapped]
    mapped: Mapped


def import_publication(
    session: Session,
    path: Path,
    *,
    source_locale: str,
    timezone: str,
    force: bool = False,
    hsds_id: Callable[[str, str], str] | None = None,
) -> Imported:
    """Load the HSDS publication at `path` (the caller commits, or rolls back for a dry
    run). Raises PublicationError for a publication that breaks the standard, and the
    loader's PackError / PackConflict, before anything is written.

    `hsds_id(table, slug)` is the id the HSDS export gives an object of an HSDS table
    (`mapping.hsds_id`: "organization", "location", "service", "taxonomy_term"): objects of
    this city in the publication are recognised by it and keep their slugs."""
    mapped = map_publication(hsds.read(path, PROFILE_READ), _known(session, hsds_id))
    with tempfile.TemporaryDirectory(prefix="navigator-hsds-") as tmp:
        root = Path(tmp)
        write_overlay(session, root, mapped, source_locale=source_locale, timezone=timezone)
        summary = load_pack(session, root, force=force, origin=f"the HSDS publication {path}")
    return Imported(summary, mapped.unmapped, mapped)


def _known(
    session: Session, hsds_id: Callable[[str, str], str] | None
) -> dict[tuple[str, str], str]:
    """(HSDS table, id) → slug of every object of the city the export gives an id, and
    (kind, name) → slug of its documents, areas and topics (see map_publication)."""
    known = {}
    source = city.to_pack(session)
    locale = source["source_locale"] if source else ""
    for table, kind in TABLE_KINDS.items():
        model = MODELS[kind][0]
        for obj in session.scalars(select(model)):
            # documents and areas are rows per service in HSDS: found by their names
            if hsds_id is not None and kind not in ("documents", "areas"):
                known[(table, hsds_id(table, obj.slug))] = obj.slug
            row = obj.translations.get(locale) if kind in NAMED else None
            name = getattr(row, NAMED.get(kind, ""), None)
            if name:
                known.setdefault((kind, name.strip()), obj.slug)
    return known


def write_overlay(
    session: Session, root: Path, mapped: Mapped, *, source_locale: str, timezone: str
) -> None:
    """The city's content as a pack at `root`, with the imported entities over it."""
    if city.to_pack(session) is not None:
        exporter.export_pack(session, root)
    else:
        meta = {"name": "HSDS import", "source_locale": source_locale, "timezone": timezone}
        (root / "pack.yaml").write_text(exporter.dump(meta), encoding="utf-8")
    entities = {kind: dict(items) for kind, items in mapped.entities.items()}
    changed: dict[tuple[str, str], dict[str, Any]] = {}  # (kind, key) → the texts now
    if _uses_age(entities) and "age" not in _read_list(root, "facts"):
        entities.setdefault("facts", {})["age"] = dict(AGE_FACT)
    for kind, key in LIST_KEYS.items():
        if not entities.get(kind):
            continue
        current = {item[key]: item for item in _read_list(root, kind).values()}
        for item_key, data in entities[kind].items():
            # an entity already in the city keeps what the publication does not say
            before = current.get(item_key, {})
            current[item_key] = _revised(kind, before, {**before, **data}, changed)
        path = root / exporter.LIST_FILES[kind]
        path.write_text(exporter.dump(list(current.values())), encoding="utf-8")
    for kind, suffix in exporter.DIRECTORY_FILES.items():
        folder = root / kind
        folder.mkdir(exist_ok=True)
        for slug, data in entities.get(kind, {}).items():
            path = folder / f"{slug}{suffix}"
            before = _read_entity(path)
            data = _revised(kind, before, _over(kind, before, data), changed)
            if kind in canonical.MARKDOWN_KINDS:
                front = {k: v for k, v in data.items() if k != "description"}
                body = canonical.markdown_body(data.get("description", ""))
                path.write_text(f"---\n{exporter.dump(front)}---\n{body}", encoding="utf-8")
            else:
                path.write_text(exporter.dump(data), encoding="utf-8")
    _outdate_translations(root, changed)


def _revised(
    kind: str,
    before: dict[str, Any],
    after: dict[str, Any],
    changed: dict[tuple[str, str], dict[str, Any]],
) -> dict[str, Any]:
    """`after` with the next revision number when its source texts changed, so that the
    translations made from `before` show as outdated (as after an editor's major edit)."""
    if not before:
        return after
    fields = canonical.SOURCE_FIELDS[kind]
    if all(_plain(before.get(f)) == _plain(after.get(f)) for f in fields):
        return after
    revision = before.get("revision", 1)
    changed[(kind, str(before.get(LIST_KEYS.get(kind, "slug"))))] = {
        "from": revision,
        "fields": {f for f in fields if after.get(f)},
    }
    return {**after, "revision": revision + 1}


def _plain(text: Any) -> Any:
    return text.strip() if isinstance(text, str) else text


def _outdate_translations(root: Path, changed: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Translations of texts the import changed: made from the old revision (so outdated),
    and without texts the source no longer has."""
    for path in sorted((root / "translations").glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        for (kind, key), change in changed.items():
            entry = (data.get(kind) or {}).get(key)
            if entry is None:
                continue
            kept = {
                f: v
                for f, v in entry.items()
                if f in change["fields"] or f in ("translated_from", "machine")
            }
            kept.setdefault("translated_from", change["from"])
            if set(kept) - {"translated_from", "machine"}:
                data[kind][key] = kept
            else:
                del data[kind][key]
        path.write_text(exporter.dump(data), encoding="utf-8")


def _over(kind: str, current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """An object already in the city keeps what HSDS cannot say (a service's phase,
    prerequisites, other rules…); the fields the import maps are the publication's."""
    if not current:
        return data
    kept = {k: v for k, v in current.items() if k not in PACK_FIELDS[kind]}
    if kind == "services":
        if current.get("summary"):
            kept["summary"] = current["summary"]  # HSDS has none: the import derives one
        if not data.get("eligibility") and current.get("eligibility"):
            kept["eligibility"] = current["eligibility"]  # HSDS only knows age limits
        # channels HSDS has no field for (in person, app, video) stay, and the order of
        # those it has (HSDS orders none) is kept
        channels = data.get("channels", [])
        kept["channels"] = [
            c
            for c in current.get("channels", [])
            if c["type"] not in HSDS_CHANNELS or c in channels
        ] + [c for c in channels if c not in current.get("channels", [])]
        # a place keeps what HSDS cannot say (appointments, walk-in, holidays, exceptions)
        places = {p["location"]: p for p in current.get("locations", [])}
        kept["locations"] = [
            {
                **{k: v for k, v in places.get(p["location"], {}).items() if k != "hours"},
                **p,
            }
            for p in data.get("locations", [])
        ]
    if kind == "events":  # its summary stays, as a service's (not in PACK_FIELDS)
        for flag in ("open_to_all", "registration_required"):
            if flag in data:  # said by the publication (the profile's fields)
                kept[flag] = data[flag]
        if kept.get("open_to_all"):
            kept.pop("rule", None)
    if kind == "organisations":
        kept["kind"] = current.get("kind", data["kind"])
    return _strip_empty({**kept, **{k: v for k, v in data.items() if k not in kept}})


def _strip_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _read_entity(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".md":
        return load_yaml(text) or {}
    front, body = text[4:].split("\n---\n", 1)
    return {**(load_yaml(front) or {}), "description": body}


def _read_list(root: Path, kind: str) -> dict[str, dict[str, Any]]:
    path = root / exporter.LIST_FILES[kind]
    items = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else None
    return {item[LIST_KEYS[kind]]: item for item in items or []}


def _uses_age(entities: dict[str, dict[str, dict[str, Any]]]) -> bool:
    return any(service.get("eligibility") for service in entities.get("services", {}).values())
