"""Whole exports (`format=ndjson`) from prepared lines, kept per content version and day.

A full NDJSON of 5,000 services costs seconds of CPU to build (every service fully nested
in one locale); DESIGN.md allows ~200 ms per request. So the lines are built ahead and
kept under HSDS_NDJSON_DIR, and a request only streams them — in one piece when
unfiltered, or the matching items' lines in the filter's order.

Layout. Lines live in segment files (`<db>_<code>_<token>_<locale>_<kind>.ndjson`, an
object a line, written once). What one content version and day serves is an index
(`<db>_<code>_v<version>_<day>_<locale>_<kind>.json`): each item's key and where its line
is. The names carry digests of the database URL and of the code, UI catalogs and settings
that make the objects: app servers sharing a database and a folder share the files, and a
new release makes new ones.

Building. The first request for a version, day, locale and kind takes a cross-process
lock (`filelock`, one per locale and kind) and, rather than building every line, derives
the index from the newest kept one: its lines are reused except for the services that a
change since then shows in (changes.py) and the items not kept yet (a service that starts
today), which are built into a small new segment. So a publish costs the next request one
service's lines, and a new day only the services that start. An index is built whole when
nothing can be derived from (a content load or import records no change; a new release;
most items changed): `flask content prepare-hsds`, which `content load` and `import-hsds`
run, does that ahead. Segments are copied into one when an index spreads over too many.
Each locale and kind keeps its newest index and the segments it uses; older ones and the
change records no index needs any more are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock
from flask import current_app

from navigator.core import snapshots
from navigator.hsds import changes
from navigator.hsds.queries import Entry

T = TypeVar("T")
CHUNK = 256 * 1024  # bytes read at a time
BATCH = 100  # items made into objects at a time while building
#: segments an index may use before they are copied into one
MAX_SEGMENTS = 8
#: an index is built whole when more than this share of its items must be built
WHOLE_SHARE = 0.5
#: the kinds of whole export: services, minimal services, services at locations
KINDS = ("services", "services-minimal", "service_at_locations")
INDEX = changes.INDEX

Builder = Callable[[Sequence[T]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Prepared:
    segments: tuple[Path, ...]
    #: item key → (segment number, offset, length) of its line
    spans: dict[str, tuple[int, int, int]]
    #: the keys in the index's order
    order: tuple[str, ...]
    #: the one file that holds exactly the set, in order (None when spread over several)
    whole: Path | None
    version: int = 0


def _folder() -> Path:
    return Path(str(current_app.config["HSDS_NDJSON_DIR"]))


#: settings that show in the objects (the locale chain, the address's region)
SETTINGS = ("LOCALES", "DEFAULT_LOCALE", "SOURCE_LOCALE", "HSDS_STATE_PROVINCE")


def _code() -> str:
    """A digest of what makes the objects besides the content: the app's code, its UI
    strings' catalogs ("Closed all day"), the settings they show and the city's time zone
    and source language (events' schedules, every text's source). A new release, a new
    translation of the UI, a changed setting or a city in another zone makes new files:
    lines are reused across content versions, so nothing else would build them again."""
    global _CODE
    if _CODE is None:
        package = Path(__file__).resolve().parents[1]
        catalogs = Path(str(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]))
        digest = hashlib.sha256()
        for path in sorted([*package.rglob("*.py"), *catalogs.rglob("*.mo")]):
            digest.update(path.read_bytes())
        _CODE = digest.hexdigest()
    settings = [current_app.config.get(name) for name in SETTINGS]
    city = snapshots.city_facts()  # what objects show of the city: its zone, its language
    shown = repr([*settings, city and city.timezone, city and city.source_locale]).encode()
    return hashlib.sha256(_CODE.encode() + shown).hexdigest()[:10]


_CODE: str | None = None


def _stem() -> str:
    return f"{changes.database_prefix()}_{_code()}"


def _index_name(kind: str, locale: str, version: int, day: str) -> str:
    return f"{_stem()}_v{version}_{day}_{locale}_{kind}.json"


def prepared(
    kind: str,
    locale: str,
    day: str,
    items: Sequence[T],
    key: Callable[[T], str],
    entry: Callable[[T], Entry],
    build: Builder[T],
) -> Prepared:
    """The lines of every one of `items` (the whole set, in order) as `build` makes them,
    each known by its object's `id` (`key(item)`), for this content version and day,
    prepared first if need be. `entry` is the service an item belongs to (what decides
    whether a change shows in it). `build` runs in the caller's locale and request, and
    must make the same object for an item whatever the day: the day decides only which
    items there are (a line is reused on later days)."""
    version = snapshots.version()
    folder = _folder()
    name = _index_name(kind, locale, version, day)
    kept = _read(folder / name)
    if kept is not None:
        return kept
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / f"{changes.database_prefix()}_{locale}_{kind}.lock"
    with FileLock(lock):  # one builder per locale and kind, whichever server
        kept = _read(folder / name)
        if kept is not None:
            return kept
        kept = _make(folder, kind, locale, version, items, key, entry, build)
        _write_index(folder / name, kept)
        _clean(folder, kind, locale, folder / name)
        return kept


def kinds_kept() -> set[tuple[str, str]]:
    """(locale, kind) of every export kept for this database, by any release."""
    found = set()
    for path in _folder().glob(f"{changes.database_prefix()}_*_v*.json"):
        match = INDEX.search(path.name)
        if match is None:
            continue
        for kind in KINDS:
            if match.group(3).endswith(f"_{kind}"):
                found.add((match.group(3)[: -len(kind) - 1], kind))
    return found


# -- reading -------------------------------------------------------------------------------

#: indexes kept parsed per process (about 1 MB each at 5,000 services)
CACHED = 12
_cache: dict[Path, Prepared] = {}


def _read(index: Path) -> Prepared | None:
    """The index at `index` (parsed once per process: an index never changes), while its
    segments are there."""
    kept = _cache.get(index)
    if kept is None:
        try:
            data = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        segments = tuple(index.parent / s for s in data["segments"])
        spans = {k: (s, o, n) for k, s, o, n in data["items"]}
        order = tuple(k for k, _, _, _ in data["items"])
        whole = segments[0] if data.get("whole") else None
        kept = Prepared(segments, spans, order, whole, int(data["version"]))
        while len(_cache) >= CACHED:
            _cache.pop(next(iter(_cache)))  # the oldest
        _cache[index] = kept
    if not index.exists() or not all(s.exists() for s in kept.segments):
        _cache.pop(index, None)
        return None
    return kept


def stream(kept: Prepared, keys: Sequence[str]) -> Iterator[bytes]:
    """The lines of the objects with the ids `keys`, in that order (an id the set does not
    have is left out): neighbouring lines in one read. The files are opened now, so a
    newer version's clean-up cannot take them away."""
    files = [path.open("rb") for path in kept.segments]
    return _lines(files, _runs(kept, keys))


def _runs(kept: Prepared, keys: Iterable[str]) -> list[tuple[int, int, int]]:
    """(segment, offset, length) of the lines of `keys`, neighbours joined."""
    runs: list[tuple[int, int, int]] = []
    for k in keys:
        span = kept.spans.get(k)
        if span is None:
            continue
        segment, offset, length = span
        if runs and runs[-1][0] == segment and sum(runs[-1][1:]) == offset:
            runs[-1] = (segment, runs[-1][1], runs[-1][2] + length)
        else:
            runs.append(span)
    return runs


def _lines(files: list[Any], runs: list[tuple[int, int, int]]) -> Iterator[bytes]:
    try:
        buffer: list[bytes] = []
        size = 0
        for segment, offset, length in runs:
            source = files[segment]
            source.seek(offset)
            while length > 0:
                piece = source.read(min(length, CHUNK))
                if not piece:
                    raise OSError(f"{source.name} ends early")
                length -= len(piece)
                if not buffer and len(piece) == CHUNK:
                    yield piece  # a whole chunk as read: no copy
                    continue
                buffer.append(piece)
                size += len(piece)
                if size >= CHUNK:
                    yield b"".join(buffer)
                    buffer, size = [], 0
        if buffer:
            yield b"".join(buffer)
    finally:
        for source in files:
            source.close()


# -- building ------------------------------------------------------------------------------


def _named(entry: Entry) -> tuple[str, str]:
    return entry.kind, entry.slug


def _make(
    folder: Path,
    kind: str,
    locale: str,
    version: int,
    items: Sequence[T],
    key: Callable[[T], str],
    entry: Callable[[T], Entry],
    build: Builder[T],
) -> Prepared:
    """Derived from the newest kept index when what changed since is known, else whole."""
    base = _base(folder, kind, locale, version)
    stale: set[str] | None = None
    if base is not None:
        changed = changes.since(folder, changes.database_prefix(), base.version, version)
        if changed is not None:
            stale = changes.affected(changed, dict.fromkeys(entry(i) for i in items))
    if base is None or stale is None:
        return _whole(folder, kind, locale, version, items, build)
    todo = [i for i in items if key(i) not in base.spans or _named(entry(i)) in stale]
    if len(todo) > WHOLE_SHARE * len(items):
        return _whole(folder, kind, locale, version, items, build)
    segments = list(base.segments)
    made: dict[str, tuple[int, int]] = {}
    if todo:
        name, made = _segment(folder, kind, locale, _objects(todo, build))
        segments.append(folder / name)
    spans: list[tuple[str, int, int, int]] = []
    for item in items:
        k = key(item)
        if k in made:
            spans.append((k, len(segments) - 1, *made[k]))
        elif k in base.spans and _named(entry(item)) not in stale:
            spans.append((k, *base.spans[k]))
    return _compacted(folder, kind, locale, version, _layout(segments, spans, version))


def _whole(
    folder: Path,
    kind: str,
    locale: str,
    version: int,
    items: Sequence[T],
    build: Builder[T],
) -> Prepared:
    name, made = _segment(folder, kind, locale, _objects(items, build))
    spans = [(k, 0, offset, length) for k, (offset, length) in made.items()]
    return _layout([folder / name], spans, version)


def _objects(items: Sequence[T], build: Builder[T]) -> Iterator[dict[str, Any]]:
    for start in range(0, len(items), BATCH):
        yield from build(items[start : start + BATCH])


def _segment(
    folder: Path, kind: str, locale: str, objects: Iterable[dict[str, Any]]
) -> tuple[str, dict[str, tuple[int, int]]]:
    """A new segment of the `objects`' lines: its name and each id's (offset, length)."""
    made: dict[str, tuple[int, int]] = {}
    offset = 0
    with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".part", delete=False) as out:
        try:
            for obj in objects:
                line = (json.dumps(obj, ensure_ascii=False) + "\n").encode()
                out.write(line)
                made[obj["id"]] = (offset, len(line))
                offset += len(line)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    name = f"{_stem()}_{uuid.uuid4().hex}_{locale}_{kind}.ndjson"
    os.replace(out.name, folder / name)
    return name, made


def _layout(
    segments: Sequence[Path], spans: Sequence[tuple[str, int, int, int]], version: int
) -> Prepared:
    """The set, with only the segments it uses (renumbered)."""
    used = sorted({s for _, s, _, _ in spans})
    number = {s: i for i, s in enumerate(used)}
    files = tuple(segments[s] for s in used)
    final = [(k, number[s], o, n) for k, s, o, n in spans]
    if not files:  # an empty set still streams from a file
        return Prepared(tuple(segments[:1]), {}, (), segments[0], version)
    whole = None
    size = sum(n for *_, n in final)
    if len(files) == 1 and _is_laid_out(final) and files[0].stat().st_size == size:
        whole = files[0]
    return Prepared(
        files, {k: (s, o, n) for k, s, o, n in final}, tuple(k for k, *_ in final), whole, version
    )


def _is_laid_out(spans: Sequence[tuple[str, int, int, int]]) -> bool:
    """Whether the lines follow one another from the file's start, in the set's order."""
    offset = 0
    for _, _, o, n in spans:
        if o != offset:
            return False
        offset += n
    return True


def _compacted(folder: Path, kind: str, locale: str, version: int, kept: Prepared) -> Prepared:
    """`kept`, its lines copied into one segment when it spreads over too many, or when
    most of its segments' bytes are lines it no longer uses."""
    used = sum(n for _, _, n in kept.spans.values())
    size = sum(path.stat().st_size for path in kept.segments)
    if len(kept.segments) <= MAX_SEGMENTS and used * 2 >= size:
        return kept
    name = f"{_stem()}_{uuid.uuid4().hex}_{locale}_{kind}.ndjson"
    with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".part", delete=False) as out:
        for chunk in stream(kept, kept.order):
            out.write(chunk)
    os.replace(out.name, folder / name)
    spans, offset = [], 0
    for k in kept.order:
        length = kept.spans[k][2]
        spans.append((k, 0, offset, length))
        offset += length
    return _layout([folder / name], spans, version)


def _write_index(index: Path, kept: Prepared) -> None:
    data = {
        "version": kept.version,
        "segments": [path.name for path in kept.segments],
        "whole": kept.whole is not None,
        "items": [[k, *kept.spans[k]] for k in kept.order],
    }
    with tempfile.NamedTemporaryFile(
        "w", dir=index.parent, suffix=".part", delete=False, encoding="utf-8"
    ) as out:
        out.write(json.dumps(data, separators=(",", ":")))  # in one piece: C, not Python
    os.replace(out.name, index)


# -- the files kept ------------------------------------------------------------------------


def _indexes(folder: Path, kind: str, locale: str) -> list[tuple[int, str, Path]]:
    """(version, day, path) of this release's indexes of `kind` in `locale`, oldest first."""
    found = []
    for path in folder.glob(f"{_stem()}_v*_{locale}_{kind}.json"):
        match = INDEX.search(path.name)
        if match is not None and match.group(3) == f"{locale}_{kind}":
            found.append((int(match.group(1)), match.group(2), path))
    return sorted(found)


def _segments(folder: Path, kind: str, locale: str) -> Iterator[Path]:
    """This release's segments of `kind` in `locale`."""
    name = re.compile(rf"{re.escape(_stem())}_[0-9a-f]{{32}}_{re.escape(f'{locale}_{kind}')}")
    for path in folder.glob(f"{_stem()}_*_{locale}_{kind}.ndjson"):
        if name.fullmatch(path.stem):
            yield path


def _base(folder: Path, kind: str, locale: str, version: int) -> Prepared | None:
    """The newest kept index of `kind` in `locale` not newer than `version`."""
    for found, _day, path in reversed(_indexes(folder, kind, locale)):
        if found <= version:
            kept = _read(path)
            if kept is not None:
                return kept
    return None


def _clean(folder: Path, kind: str, locale: str, written: Path) -> None:
    """Keep the index just `written` and the newest of `kind` in `locale`, and the
    segments they use; remove this database's files of other releases and the change
    records no index needs (a removed file stays readable to whoever is streaming it).
    Runs under the lock."""
    indexes = [path for _, _, path in _indexes(folder, kind, locale)]
    used = set()
    for path in indexes:
        kept = _read(path) if path in (written, indexes[-1]) else None
        if kept is None:
            path.unlink(missing_ok=True)
            _cache.pop(path, None)
        else:
            used.update(kept.segments)
    for path in _segments(folder, kind, locale):
        if path not in used:
            path.unlink(missing_ok=True)
    prefix = changes.database_prefix()
    for path in folder.glob(f"{prefix}_*"):
        if path.suffix in (".json", ".ndjson") and not path.name.startswith(
            (f"{_stem()}_", f"{prefix}_changes_")
        ):
            path.unlink(missing_ok=True)
    oldest = min((v for v, _, _ in _all_indexes(folder)), default=None)
    if oldest is not None:
        changes.remove_before(folder, prefix, oldest)


def _all_indexes(folder: Path) -> list[tuple[int, str, Path]]:
    found = []
    for path in folder.glob(f"{_stem()}_v*.json"):
        match = INDEX.search(path.name)
        if match is not None:
            found.append((int(match.group(1)), match.group(2), path))
    return found
