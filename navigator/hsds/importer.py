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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from navigator.content import city, exporter
from navigator.content.loader import Summary, load_pack
from navigator.content.reader import load_yaml
from navigator.hsds import publication as hsds
from navigator.hsds.to_pack import AGE_FACT, PACK_FIELDS, Mapped, Unmapped, map_publication

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
) -> Imported:
    """Load the HSDS publication at `path` (the caller commits, or rolls back for a dry
    run). Raises PublicationError for a publication that breaks the standard, and the
    loader's PackError / PackConflict, before anything is written."""
    mapped = map_publication(hsds.read(path))
    with tempfile.TemporaryDirectory(prefix="navigator-hsds-") as tmp:
        root = Path(tmp)
        write_overlay(session, root, mapped, source_locale=source_locale, timezone=timezone)
        summary = load_pack(session, root, force=force, origin=f"the HSDS publication {path}")
    return Imported(summary, mapped.unmapped, mapped)


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
    if _uses_age(entities) and "age" not in _read_list(root, "facts"):
        entities.setdefault("facts", {})["age"] = dict(AGE_FACT)
    for kind, key in LIST_KEYS.items():
        if not entities.get(kind):
            continue
        current = {item[key]: item for item in _read_list(root, kind).values()}
        for item_key, data in entities[kind].items():
            # an entity already in the city keeps what the publication does not say
            current[item_key] = {**current.get(item_key, {}), **data}
        path = root / exporter.LIST_FILES[kind]
        path.write_text(exporter.dump(list(current.values())), encoding="utf-8")
    for kind, suffix in exporter.DIRECTORY_FILES.items():
        folder = root / kind
        folder.mkdir(exist_ok=True)
        for slug, data in entities.get(kind, {}).items():
            path = folder / f"{slug}{suffix}"
            data = _over(kind, _read_entity(path), data)
            if kind == "services":
                front = {k: v for k, v in data.items() if k != "description"}
                body = exporter.canonical.markdown_body(data.get("description", ""))
                path.write_text(f"---\n{exporter.dump(front)}---\n{body}", encoding="utf-8")
            else:
                path.write_text(exporter.dump(data), encoding="utf-8")


def _over(kind: str, current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """An object already in the city keeps what HSDS cannot say (a service's phase,
    prerequisites, other rules…); the fields the import maps are the publication's."""
    if not current:
        return data
    kept = {k: v for k, v in current.items() if k not in PACK_FIELDS[kind]}
    if kind == "services" and not data.get("eligibility") and current.get("eligibility"):
        kept["eligibility"] = current["eligibility"]  # HSDS only knows age limits
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
