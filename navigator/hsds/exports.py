"""Whole exports (`format=ndjson`) from prepared lines, built once per content version.

A full NDJSON of 5,000 services costs seconds of CPU to build (every service fully nested
in one locale); DESIGN.md allows ~200 ms per request. So, as the sitemaps do, the export is
built from the published directory once per content version, day (services start and end),
locale and kind of object, and kept: one file of lines (`<name>.ndjson`, an object a line,
in the index's order) and its index (`<name>.json`: each item's key, offset and length),
written atomically under HSDS_NDJSON_DIR. Every other request streams the file — in one
piece when unfiltered, or the matching items' lines in the filter's order. The names carry
digests of the database URL and of this package's code, and the content version, so app
servers sharing a database and a folder share the files, and a content change (the version
in the database) or a new release makes new ones; this database's older files are removed
when a new one is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app

from navigator.core import snapshots

T = TypeVar("T")
CHUNK = 256 * 1024  # bytes read at a time
BATCH = 100  # items made into objects at a time while building

_lock = threading.Lock()


@dataclass(frozen=True)
class Prepared:
    path: Path
    #: item key → (offset, length) of its line
    spans: dict[str, tuple[int, int]]
    #: the keys in file order
    order: tuple[str, ...]


def _folder() -> Path:
    return Path(str(current_app.config["HSDS_NDJSON_DIR"]))


def _code() -> str:
    """A digest of the code that makes the objects: a new release makes new files."""
    global _CODE
    if _CODE is None:
        here = Path(__file__).resolve().parent
        digest = hashlib.sha256()
        for path in sorted(here.glob("*.py")):
            digest.update(path.read_bytes())
        _CODE = digest.hexdigest()[:10]
    return _CODE


_CODE: str | None = None


def _prefix() -> str:
    database = str(current_app.config["DATABASE_URL"])
    return hashlib.sha256(database.encode()).hexdigest()[:12]


def _name(kind: str, locale: str, day: str) -> str:
    return f"{_prefix()}_{_code()}_v{snapshots.version()}_{day}_{locale}_{kind}"


def prepared(
    kind: str,
    locale: str,
    day: str,
    items: Sequence[T],
    build: Callable[[Sequence[T]], list[dict[str, Any]]],
) -> Prepared:
    """The lines of every one of `items` (the whole set, in order) as `build` makes them,
    each known by its object's `id`, from the file kept for this content version, day and
    locale, written first if need be. `build` runs in the caller's locale and request."""
    name = _name(kind, locale, day)
    kept = _read(name)
    if kept is not None:
        return kept
    with _lock:  # one build per process; another process may build the same file
        kept = _read(name)
        if kept is not None:
            return kept
        return _write(name, items, build)


def _read(name: str) -> Prepared | None:
    folder = _folder()
    index, lines = folder / f"{name}.json", folder / f"{name}.ndjson"
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not lines.exists():
        return None
    spans = {k: (o, n) for k, o, n in data["spans"]}
    return Prepared(lines, spans, tuple(k for k, _, _ in data["spans"]))


def _write(
    name: str,
    items: Sequence[T],
    build: Callable[[Sequence[T]], list[dict[str, Any]]],
) -> Prepared:
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    spans: list[tuple[str, int, int]] = []
    offset = 0
    with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".part", delete=False) as out:
        try:
            for start in range(0, len(items), BATCH):
                batch = items[start : start + BATCH]
                for obj in build(batch):
                    line = (json.dumps(obj, ensure_ascii=False) + "\n").encode()
                    out.write(line)
                    spans.append((obj["id"], offset, len(line)))
                    offset += len(line)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    lines = folder / f"{name}.ndjson"
    os.replace(out.name, lines)
    with tempfile.NamedTemporaryFile(
        "w", dir=folder, suffix=".part", delete=False, encoding="utf-8"
    ) as out_index:
        json.dump({"spans": spans}, out_index)
    os.replace(out_index.name, folder / f"{name}.json")
    _remove_older(folder, name)
    return Prepared(lines, {k: (o, n) for k, o, n in spans}, tuple(k for k, _, _ in spans))


def _remove_older(folder: Path, name: str) -> None:
    """This database's files made by other code, or for another content version or day
    (a removed file stays readable to whoever is streaming it)."""
    current = name.split("_", 4)[:4]
    for path in folder.glob(f"{_prefix()}_*"):
        if path.name.split("_", 4)[:4] != current:
            path.unlink(missing_ok=True)


def stream(kept: Prepared, keys: Sequence[str]) -> Iterator[bytes]:
    """The lines of the objects with the ids `keys`, in that order (an id the set does not
    have is left out): the whole file in large reads when they are the set itself."""
    with kept.path.open("rb") as source:
        if tuple(keys) == kept.order:
            while chunk := source.read(CHUNK):
                yield chunk
            return
        buffer: list[bytes] = []
        size = 0
        for k in keys:
            if k not in kept.spans:
                continue
            offset, length = kept.spans[k]
            source.seek(offset)
            buffer.append(source.read(length))
            size += length
            if size >= CHUNK:
                yield b"".join(buffer)
                buffer, size = [], 0
        if buffer:
            yield b"".join(buffer)
