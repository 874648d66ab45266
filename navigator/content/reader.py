"""Read a content pack from disk into plain dicts, remembering which file each came from.

Every entity comes out in its *canonical* form: the source fields as written in its file
with defaults filled in, plus `translations: {locale: {field: text, translated_from: N}}`
merged from translations/<locale>.yaml. The loader compares canonical forms with what the
database holds, and the exporter writes the same forms back, so load → export → load is
exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from navigator.content import schema
from navigator.content.problems import Problems

# libyaml's C parser when PyYAML was built with it (the wheels are): ten times faster.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=Loader)  # noqa: S506 - a safe loader


SINGLE_FILES = {
    "topics": ("topics.yaml", schema.TOPICS, "slug"),
    "statuses": ("statuses.yaml", schema.STATUSES, "value"),
    "areas": ("areas.yaml", schema.AREAS, "slug"),
    "documents": ("documents.yaml", schema.DOCUMENTS, "slug"),
    "facts": ("facts.yaml", schema.FACTS, "id"),
}
DIRECTORIES = {
    "organisations": ("organisations", "*.yaml", schema.ORGANISATION),
    "locations": ("locations", "*.yaml", schema.LOCATION),
    "services": ("services", "*.md", schema.SERVICE),
    "events": ("events", "*.md", schema.EVENT),
}
TRANSLATED = {
    "topics": ("title", "description", "keywords"),
    "statuses": ("label", "description"),
    "areas": ("name",),
    "documents": ("name",),
    "facts": ("question", "help", "subject", "statement", "statement_negative", "options"),
    "organisations": ("name", "description"),
    "locations": ("name", "accessibility", "directions"),
    "services": ("title", "summary", "description", "eligibility_summary", "cost"),
    "events": ("title", "summary", "description", "eligibility_summary", "cost", "registration"),
}

#: what a translation entry says besides its texts: the source revision it was made from,
#: and whether a machine made it (not reviewed yet: labelled on public pages)
ENTRY_FLAGS = ("translated_from", "machine")


@dataclass
class Pack:
    root: Path
    meta: dict[str, Any] = field(default_factory=dict)
    # kind -> key -> canonical entity; insertion order is file order
    entities: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    origin: dict[tuple[str, str], str] = field(default_factory=dict)
    personas: list[dict[str, Any]] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    # Entities (or whole kinds) whose file had errors: references to them are not reported
    # again as "unknown", so each problem is named once, where it is.
    broken: set[tuple[str, str]] = field(default_factory=set)
    broken_kinds: set[str] = field(default_factory=set)

    def exists(self, kind: str, key: str) -> bool:
        return (
            key in self.entities.get(kind, {})
            or (kind, key) in self.broken
            or kind in self.broken_kinds
        )


def _isoformat(value: Any) -> Any:
    """YAML turns 2026-12-25 into a date; the pack's canonical form keeps ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k) if isinstance(k, dt.date) else k: _isoformat(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_isoformat(v) for v in value]
    return value


def _read_yaml(path: Path, rel: str, problems: Problems) -> Any:
    try:
        return _isoformat(load_yaml(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.add(rel, "", f"not valid YAML: {error}".replace("\n", " "))
        return None


def _read_markdown(path: Path, rel: str, problems: Problems) -> Any:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        problems.add(rel, "", "must start with a '---' line opening the YAML front matter")
        return None
    try:
        front, body = text[4:].split("\n---\n", 1)
    except ValueError:
        problems.add(rel, "", "the front matter is not closed by a '---' line")
        return None
    try:
        data = _isoformat(load_yaml(front))
    except yaml.YAMLError as error:
        problems.add(rel, "", f"front matter is not valid YAML: {error}".replace("\n", " "))
        return None
    if not isinstance(data, dict):
        problems.add(rel, "", "the front matter must be a mapping of fields")
        return None
    if "description" in data:
        problems.add(rel, "description", "write the description below the front matter")
    data["description"] = body.strip("\n") + "\n" if body.strip() else ""
    if not body.strip():
        data.pop("description")
    return data


def read_pack(root: Path, problems: Problems) -> Pack:
    pack = Pack(root=root)
    meta_path = root / "pack.yaml"
    if not meta_path.exists():
        problems.add("pack.yaml", "", "missing: every pack needs a pack.yaml")
        return pack
    meta = _read_yaml(meta_path, "pack.yaml", problems)
    if meta is not None and problems.check(meta, schema.PACK, "pack.yaml"):
        pack.meta = meta
    for kind, (filename, kind_schema, key) in SINGLE_FILES.items():
        pack.entities[kind] = {}
        path = root / filename
        if not path.exists():
            continue
        data = _read_yaml(path, filename, problems) or []
        if not problems.check(data, kind_schema, filename):
            pack.broken_kinds.add(kind)
            continue
        for index, item in enumerate(data):
            item_key = item[key]
            if item_key in pack.entities[kind]:
                problems.add(filename, f"[{index}].{key}", f"'{item_key}' appears twice")
            pack.entities[kind][item_key] = item
            pack.origin[(kind, item_key)] = filename
    for kind, (folder, pattern, kind_schema) in DIRECTORIES.items():
        pack.entities[kind] = {}
        for path in sorted((root / folder).glob(pattern)):
            rel = f"{folder}/{path.name}"
            reader = _read_markdown if path.suffix == ".md" else _read_yaml
            data = reader(path, rel, problems)
            expected = path.name.rsplit(".", 1)[0]
            if data is None or not problems.check(data, kind_schema, rel):
                pack.broken.add((kind, expected))
                continue
            if data["slug"] != expected:
                problems.add(rel, "slug", f"'{data['slug']}' must match the file name '{expected}'")
            pack.entities[kind][data["slug"]] = data
            pack.origin[(kind, data["slug"])] = rel
    personas_path = root / "personas.yaml"
    if personas_path.exists():
        personas = _read_yaml(personas_path, "personas.yaml", problems) or []
        if problems.check(personas, schema.PERSONAS, "personas.yaml"):
            pack.personas = personas
    _read_translations(pack, problems)
    return pack


def _read_translations(pack: Pack, problems: Problems) -> None:
    source = pack.meta.get("source_locale", "en")
    for path in sorted((pack.root / "translations").glob("*.yaml")):
        rel = f"translations/{path.name}"
        data = _read_yaml(path, rel, problems)
        if data is None or not problems.check(data, schema.TRANSLATION, rel):
            continue
        locale = data["locale"]
        if locale != path.stem or locale == source:
            problems.add(
                rel, "locale", f"'{locale}' must match the file name and not be '{source}'"
            )
            continue
        pack.locales.append(locale)
        pack.meta.setdefault("translations", {})[locale] = {
            k: data[k] for k in ("pack", "holidays", "emergency_numbers") if k in data
        }
        for kind, fields in TRANSLATED.items():
            for key, entry in (data.get(kind) or {}).items():
                entity = pack.entities[kind].get(key)
                where = f"{kind}.{key}"
                if entity is None and pack.exists(kind, key):
                    continue
                if entity is None:
                    problems.add(rel, where, f"there is no {kind[:-1]} '{key}' in the source pack")
                    continue
                missing = [f for f in fields if f in entity and f != "options" and f not in entry]
                extra = [f for f in entry if f not in ENTRY_FLAGS and f not in entity]
                if kind == "facts":
                    extra = [f for f in extra if not (f == "options" and entity.get("options"))]
                for name in missing:
                    problems.add(rel, f"{where}.{name}", "missing: the source has this text")
                for name in extra:
                    problems.add(rel, f"{where}.{name}", "the source has no such text")
                entity.setdefault("translations", {})[locale] = entry
