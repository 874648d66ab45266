"""Write the database back out as a content pack (the loader's format, see reader.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator.content import canonical, city
from navigator.content.loader import MODELS, personas_to_pack

LIST_FILES = {
    "topics": "topics.yaml",
    "statuses": "statuses.yaml",
    "areas": "areas.yaml",
    "documents": "documents.yaml",
    "facts": "facts.yaml",
}
DIRECTORY_FILES = {
    "organisations": ".yaml",
    "locations": ".yaml",
    "services": ".md",
    "events": ".md",
}


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def export_pack(session: Session, root: Path) -> int:
    meta = city.to_pack(session)
    if meta is None:
        raise ValueError("the database holds no content to export")
    source = meta["source_locale"]
    root.mkdir(parents=True, exist_ok=True)
    translations: dict[str, dict[str, Any]] = {
        locale: {"locale": locale, **entry}
        for locale, entry in meta.pop("translations", {}).items()
    }
    written = [_write(root / "pack.yaml", dump(meta))]
    for kind, (model, attr) in MODELS.items():
        order = model.position if hasattr(model, "position") else getattr(model, attr)
        entities = [
            canonical.to_pack(kind, o, source)
            for o in session.scalars(select(model).order_by(order))
        ]
        for entity in entities:
            key = entity.get("slug") or entity.get("id") or entity.get("value")
            for locale, entry in entity.pop("translations", {}).items():
                target = translations.setdefault(locale, {"locale": locale})
                target.setdefault(kind, {})[key] = _translation_entry(
                    entry, entity.get("revision", 1)
                )
        if kind in LIST_FILES:
            written.append(_write(root / LIST_FILES[kind], dump(entities)))
            continue
        folder = root / kind
        folder.mkdir(exist_ok=True)
        for entity in entities:
            path = folder / f"{entity['slug']}{DIRECTORY_FILES[kind]}"
            if kind in canonical.MARKDOWN_KINDS:
                # The reader's form of the body (one final newline), whatever the database
                # holds: a text saved in the back office has none, and a file read back
                # would gain it, so an edited database would not export byte-identically.
                body = canonical.markdown_body(entity.pop("description", ""))
                written.append(_write(path, f"---\n{dump(entity)}---\n{body}"))
            else:
                written.append(_write(path, dump(entity)))
    personas = personas_to_pack(session)
    if personas:
        written.append(_write(root / "personas.yaml", dump(personas)))
    if translations:
        (root / "translations").mkdir(exist_ok=True)
        for locale, data in sorted(translations.items()):
            written.append(_write(root / "translations" / f"{locale}.yaml", dump(data)))
    return len(written)


def _translation_entry(entry: dict[str, Any], revision: int) -> dict[str, Any]:
    # translated_from defaults to the current revision, so only write it when it differs.
    if entry.get("translated_from") == revision:
        return {k: v for k, v in entry.items() if k != "translated_from"}
    return entry


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
