"""Back-office work a content load would overwrite (see loader.py's docstring).

`edited_objects` finds, before anything is written, the objects with a revision history
that the pack would change, each with the reason loading would undo work done in the back
office ("" when it would not); `record_revisions` writes what a load changed into those
histories. `audit_target` is how load and export name a pack's directory in the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navigator.content import canonical
from navigator.content.reader import Pack

#: the file an editable object lives in, for objects that are not in the pack
_SUFFIX = {"services": ".md", "events": ".md", "organisations": ".yaml"}
#: where an object lives in a pack when it is not in a folder of its kind
_FILE = {("city", "city"): "pack.yaml"}


@dataclass
class Edit:
    """An object with a back-office history that the pack changes."""

    kind: str
    key: str
    file: str
    obj: Any
    #: the number of its newest revision and of the newest published one
    newest: int
    published: int | None
    #: why loading would overwrite back-office work ("" when it would not)
    conflict: str = ""


def edited_objects(session: Session, pack: Pack, source: str) -> list[Edit]:
    """The objects with a revision history that loading `pack` would change (their files'
    canonical forms differ, or a service would be archived), each with its conflict."""
    from navigator.editor.models import Revision
    from navigator.editor.revisions import EDITABLE

    heads = session.execute(
        select(Revision.kind, Revision.key, Revision.number, Revision.state)
        .where(Revision.kind.in_(list(EDITABLE)))
        .order_by(Revision.number)
    ).all()
    if not heads:
        return []
    histories: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for kind, key, number, state in heads:
        histories.setdefault((kind, key), []).append((number, state))
    agreed = _agreed_at(session, pack.root)
    edits = []
    for kind in EDITABLE:
        for key, obj, wanted in _changed(session, pack, kind, histories, source):
            numbers = histories[(kind, key)]
            published = [n for n, state in numbers if state == "published"]
            edit = Edit(
                kind,
                key,
                pack.origin.get(
                    (kind, key),
                    _FILE.get((kind, key), f"{kind}/{key}{_SUFFIX.get(kind, '.yaml')}"),
                ),
                obj,
                newest=numbers[-1][0],
                published=published[-1] if published else None,
            )
            edit.conflict = _conflict(session, edit, wanted, agreed)
            edits.append(edit)
    return edits


def _changed(
    session: Session,
    pack: Pack,
    kind: str,
    histories: dict[tuple[str, str], Any],
    source: str,
) -> list[tuple[str, Any, dict[str, Any]]]:
    """(key, object, what the pack wants) for each object of `kind` with a history that
    loading would change."""
    from navigator.content import city
    from navigator.content.loader import MODELS
    from navigator.editor.revisions import live

    if kind == "city":
        current = city.to_pack(session)
        if ("city", "city") not in histories or current is None:
            return []
        if city.comparable(current) == city.comparable(pack.meta):
            return []
        return [("city", live("city", "city", session), pack.meta)]
    model, attr = MODELS[kind]
    keys = sorted(key for k, key in histories if k == kind)
    found = session.scalars(select(model).where(getattr(model, attr).in_(keys))) if keys else []
    changed = []
    for obj in sorted(found, key=lambda o: getattr(o, attr)):
        current = canonical.to_pack(kind, obj, source)
        wanted = pack.entities[kind].get(getattr(obj, attr))
        if wanted is None:
            if kind not in ("services", "events") or obj.status == "archived":
                continue  # left as it is
            wanted = {**current, "status": "archived"}
        elif canonical.comparable(kind, current) == canonical.comparable(kind, wanted):
            continue
        changed.append((getattr(obj, attr), obj, wanted))
    return changed


def _conflict(session: Session, edit: Edit, wanted: dict[str, Any], agreed: Any) -> str:
    """Why loading `wanted` over `edit`'s object would lose back-office work, or "".

    `agreed` is when the files at the pack's path last matched the database (its last
    `content export` to, or `content load` from, that path), or None."""
    from navigator.editor.models import Revision

    newest = session.scalars(
        select(Revision).where(
            Revision.kind == edit.kind, Revision.key == edit.key, Revision.number == edit.newest
        )
    ).one()
    if newest.state != "published":
        # Publishing it later would apply its whole data, undoing what the pack changes.
        what = "a submission waiting for review" if newest.state == "submitted" else "a draft"
        return (
            f"has {what} in the back office (revision {newest.number}, saved "
            f"{_when(newest.created_at)}{_by_whom(newest.author)}) that loading would leave "
            "based on an outdated version; publish it and export first, or load with --force"
        )

    def in_files(revision: Revision) -> bool:
        # Written by the system (the state when editing began, or a load), or published
        # before the files at this path were exported or loaded: the files know it.
        if revision.author_id is None and revision.publisher_id is None:
            return True
        return agreed is not None and _utc(revision.published_at) <= agreed

    if in_files(newest):
        return ""
    published = session.scalars(
        select(Revision)
        .where(
            Revision.kind == edit.kind,
            Revision.key == edit.key,
            Revision.state == "published",
            Revision.number < newest.number,
        )
        .order_by(Revision.number.desc())
    )
    base = next((r for r in published if in_files(r)), None)
    # What the back office changed since then must be in the pack, or loading would undo it.
    edited = _fields(edit.kind, newest.data)
    before = _fields(edit.kind, base.data) if base is not None else {}
    changed = [f for f in edited.keys() | before.keys() if edited.get(f) != before.get(f)]
    mine = _fields(edit.kind, wanted)
    lost = sorted(f for f in changed if mine.get(f) != edited.get(f))
    if not lost:
        return ""
    return (
        f"changed in the back office (revision {newest.number}, published "
        f"{_when(newest.published_at)}{_by_whom(newest.publisher or newest.author)}) since the "
        f"files were last exported or loaded: loading would undo {', '.join(lost)}; export "
        "first or load with --force"
    )


def _agreed_at(session: Session, path: Path) -> dt.datetime | None:
    """When the files at `path` last matched the database: its newest `content export` to
    or `content load` from that directory in the audit log (see cli.py), or None."""
    from navigator.editor.models import AuditEvent

    at = session.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.action.in_(["export", "import"]), AuditEvent.target == audit_target(path)
        )
    )
    return _utc(at) if at is not None else None


def audit_target(path: Path) -> str:
    """A pack directory as the audit log names it for `content load` and `content export`."""
    return str(Path(path).resolve())[:300]  # the length the audit log keeps


def _utc(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    if moment.tzinfo is None:  # SQLite keeps no time zone; the app writes UTC
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _fields(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data`'s comparable form as dotted field names ("translations.ar.title"), texts
    without outer white space; the revision counter is not a field anyone edits."""
    flat: dict[str, Any] = {}

    def walk(value: Any, prefix: str) -> None:
        if isinstance(value, dict) and value:
            for name, item in value.items():
                walk(item, f"{prefix}{name}.")
        else:
            if isinstance(value, str):
                value = value.replace("\r\n", "\n").strip() or None
            if value not in (None, {}):
                flat[prefix.rstrip(".")] = value

    walk(canonical.comparable(kind, data), "")
    flat.pop("revision", None)
    return flat


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "at an unknown time"
    return _utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def _by_whom(account: Any) -> str:
    return f" by {account.email}" if account is not None else ""


def record_revisions(session: Session, edits: list[Edit], source: str, origin: str) -> int:
    """A published revision without an author for each changed object with a history,
    holding what was loaded (from `origin`, e.g. "the content pack PATH"): its history
    shows what the file replaced."""
    from navigator.editor.models import Revision, utcnow

    for edit in edits:
        session.expire(edit.obj)  # as the database now holds it
        note = f"loaded from {origin}"
        if edit.conflict:
            note += " with --force, replacing changes made in the back office"
        session.add(
            Revision(
                kind=edit.kind,
                key=edit.key,
                number=edit.newest + 1,
                state="published",
                data=_snapshot(session, edit.kind, edit.obj, source),
                base=edit.published,
                note=note[:500],
                published_at=utcnow(),
            )
        )
    session.flush()
    return len(edits)


def _snapshot(session: Session, kind: str, obj: Any, source: str) -> dict[str, Any]:
    if kind == "city":
        from navigator.content import city

        return city.to_pack(session) or {}
    return canonical.to_pack(kind, obj, source)
