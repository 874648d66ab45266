"""The one revision mechanism: every save of any editable object is a new revision.

    start(kind, obj)               the object's first revision (its state when editing began)
    save(kind, obj, data, author)  a new draft (or a submission for review)
    publish(revision, publisher)   applies it to the live object, like a content load would
    restore(revision, author)      an old revision's data as a new draft
    changes(old, new)              what differs, field by field (texts as word diffs)

A revision's `data` is the object in the content pack's canonical form
(`content.canonical.to_pack`), applied with the loader's own functions: an object edited
here and exported is the file a person would write, and a file loaded is what an editor
sees. Publishing changes the public pages, the search index (only that object's rows) and
the referral catalog at the next request, on every app server (the content version).
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from navigator.content import canonical, city, loader, text_units
from navigator.db import db
from navigator.directory import search
from navigator.directory.models import City, Document, Location, Organisation, Service, Topic
from navigator.editor import audit
from navigator.editor.models import Account, Revision, utcnow
from navigator.events.models import Event
from navigator.facts.models import Fact, ResidenceStatus
from navigator.hsds import changes as hsds_changes
from navigator.pathway.source import content_changed

#: kind -> model, for the kinds the back office edits so far (more join as their forms do)
EDITABLE: dict[str, type] = {
    "services": Service,
    "organisations": Organisation,
    "locations": Location,
    "topics": Topic,
    "documents": Document,
    "city": City,  # pack.yaml: the notice, public holidays and emergency numbers
    # The questionnaire's questions and the residence statuses: translated here; their
    # source texts come from the content pack (facts.yaml, statuses.yaml)
    "facts": Fact,
    "statuses": ResidenceStatus,
    "events": Event,
}
#: kind -> the endpoint of its edit page
EDIT_ENDPOINTS = {
    "city": "editor.edit_city",
    "services": "editor.edit_service",
    "organisations": "editor.edit_organisation",
    "locations": "editor.edit_location",
    "topics": "editor.edit_topic",
    "documents": "editor.edit_document",
    "events": "editor.edit_event",
}


class PublishRefused(Exception):
    """Publishing is not allowed here (four-eyes rule) or the revision is not publishable."""


def source_locale() -> str:
    return str(current_app.config["SOURCE_LOCALE"])


def live(kind: str, key: str, session: Session | None = None) -> Any:
    session = session or db.session
    if kind == "city":
        return session.scalars(select(City).limit(1)).first() if key == City.slug else None
    model = EDITABLE[kind]
    return session.scalars(select(model).where(model.slug == key)).first()


def snapshot(kind: str, obj: Any) -> dict[str, Any]:
    if kind == "city":
        return city.to_pack(db.session) or {}
    return canonical.to_pack(kind, obj, source_locale())


def history(kind: str, key: str) -> list[Revision]:
    """Newest first."""
    return list(
        db.session.scalars(
            select(Revision)
            .where(Revision.kind == kind, Revision.key == key)
            .order_by(Revision.number.desc())
        )
    )


def published(kind: str, key: str) -> Revision | None:
    return db.session.scalars(
        select(Revision)
        .where(Revision.kind == kind, Revision.key == key, Revision.state == "published")
        .order_by(Revision.number.desc())
        .limit(1)
    ).first()


def pending(kind: str, key: str) -> Revision | None:
    """The newest revision, when it is a draft or a submission newer than what is public."""
    newest = db.session.scalars(
        select(Revision)
        .where(Revision.kind == kind, Revision.key == key)
        .order_by(Revision.number.desc())
        .limit(1)
    ).first()
    return newest if newest is not None and newest.state != "published" else None


def start(kind: str, obj: Any) -> Revision:
    """The object's published revision, written now (number 1) if it has none yet."""
    found = published(kind, obj.slug)
    if found is not None:
        return found
    first = Revision(
        kind=kind,
        key=obj.slug,
        number=_next_number(kind, obj.slug),
        state="published",
        data=snapshot(kind, obj),
        published_at=utcnow(),
    )
    db.session.add(first)
    db.session.flush()
    return first


def _next_number(kind: str, key: str) -> int:
    highest = db.session.scalar(
        select(func.max(Revision.number)).where(Revision.kind == kind, Revision.key == key)
    )
    return (highest or 0) + 1


def save(
    kind: str,
    obj: Any,
    data: dict[str, Any],
    author: Account,
    *,
    submit: bool = False,
    minor: bool = False,
    note: str = "",
) -> Revision:
    """A new revision with `data` (the whole object): a draft, or submitted for review."""
    base = start(kind, obj)
    revision = Revision(
        kind=kind,
        key=obj.slug,
        number=_next_number(kind, obj.slug),
        state="submitted" if submit else "draft",
        data=data,
        base=base.number,
        minor=minor,
        note=note[:500],
        author_id=author.id,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def restore(revision: Revision, author: Account) -> Revision:
    """An older revision's content, as a new draft on top of what is public now."""
    obj = live(revision.kind, revision.key)
    data = copy.deepcopy(revision.data)
    data["revision"] = snapshot(revision.kind, obj).get("revision", 1)
    return save(revision.kind, obj, data, author, note=f"restored from revision {revision.number}")


def publish(revision: Revision, publisher: Account) -> None:
    """Apply `revision` to the live object. Raises PublishRefused under the four-eyes rule
    (no publishing one's own change) when the city turned it on."""
    if revision.state == "published":
        raise PublishRefused("already published")
    if current_app.config["FOUR_EYES"] and revision.author_id == publisher.id:
        raise PublishRefused("four-eyes")
    obj = live(revision.kind, revision.key)
    data = copy.deepcopy(revision.data)
    current = snapshot(revision.kind, obj)
    texts_changed = any(
        normal(data.get(field)) != normal(current.get(field))
        for field in canonical.SOURCE_FIELDS[revision.kind]
    )
    number = int(current.get("revision", 1))
    # A real change to the source texts makes the translations made from them outdated;
    # a minor one (a typo) does not.
    data["revision"] = number + 1 if texts_changed and not revision.minor else number
    _apply(revision.kind, obj, data)
    revision.data = data
    revision.state = "published"
    revision.publisher_id = publisher.id
    revision.published_at = utcnow()
    audit.record(
        "publish", publisher, target=f"{revision.kind}:{revision.key}", revision=revision.number
    )


def _apply(kind: str, obj: Any, data: dict[str, Any]) -> None:
    """Write `data` to the live object as a content load would; search and every app server
    follow (the content version)."""
    with db.session.no_autoflush:
        loader.APPLY[kind](db.session, obj, data, source_locale())
        if kind == "services":  # the loader links prerequisites in a second pass
            wanted = data.get("requires", [])
            found = db.session.scalars(select(Service).where(Service.slug.in_(wanted)))
            loader.link_prerequisites(obj, data, {s.slug: s for s in found})
    db.session.flush()
    db.session.expire(obj)
    if kind == "services":
        search.update(db.session, [obj])
    elif kind == "events":
        search.update(db.session, events=[obj])
    elif kind == "organisations":  # their rows hold its name
        events = db.session.scalars(select(Event).where(Event.organisation_id == obj.id))
        search.update(db.session, list(obj.services), list(events))
    elif kind == "topics":
        search.update(db.session, *_listed_in(obj))  # their rows hold its words
    changed(kind, obj.slug)


def changed(kind: str, slug: str) -> None:
    """The back office changed `kind` `slug` (in the caller's transaction): every server's
    caches follow the content version, and the next HSDS export rebuilds only what shows
    it (hsds/changes.py)."""
    content_changed(db.session)
    hsds_changes.record(db.session, kind, slug)


def publish_translation(
    kind: str,
    obj: Any,
    locale: str,
    values: dict[str, str],
    translator: Account | None,
    *,
    translated_from: int | None = None,
    machine: bool = False,
) -> Revision:
    """A translator's texts in `locale` ({unit: text}, see content.text_units; an empty text
    removes that unit's translation), published at once as a revision of the object (the
    source texts are unchanged, so it is minor): up to date with the current source, or with
    `translated_from` (an imported file made from an older source: then outdated). A draft
    waiting meanwhile is carried forward with the translation in it, so publishing it later
    does not undo the translation. `translator` is None for the command line. `machine`:
    machine-translated and not reviewed (labelled on public pages); without it the locale's
    texts count as reviewed."""
    base = start(kind, obj)
    waiting = pending(kind, obj.slug)
    current = snapshot(kind, obj)
    number = int(current.get("revision", 1))
    made_from = number if translated_from is None else min(translated_from, number)
    data = text_units.with_translation(kind, current, locale, values, made_from, machine=machine)
    revision = Revision(
        kind=kind,
        key=obj.slug,
        number=_next_number(kind, obj.slug),
        state="published",
        data=data,
        base=base.number,
        minor=True,
        note=f"{'machine ' if machine else ''}translation into {locale}",
        author_id=translator.id if translator is not None else None,
        publisher_id=translator.id if translator is not None else None,
        published_at=utcnow(),
    )
    db.session.add(revision)
    _apply(kind, obj, data)
    if waiting is not None:
        # The draft's own source may lack a text the translation has (it removed it).
        theirs = text_units.source(kind, waiting.data)
        db.session.add(
            Revision(
                kind=kind,
                key=obj.slug,
                number=revision.number + 1,
                state=waiting.state,
                data=text_units.with_translation(
                    kind,
                    waiting.data,
                    locale,
                    {unit: text for unit, text in values.items() if unit in theirs},
                    made_from,
                    machine=machine,
                ),
                base=revision.number,
                minor=waiting.minor,
                note=f"{waiting.note} (revision {waiting.number} with the {locale} translation)",
                author_id=waiting.author_id,
            )
        )
    db.session.flush()
    detail = {"machine": True} if machine else {}
    audit.record("translate", translator, target=f"{kind}:{obj.slug}", locale=locale, **detail)
    return revision


def source_of(kind: str, key: str, source_revision: int) -> dict[str, Any] | None:
    """The object's source texts ({unit: text}) as they were at `source_revision` (what a
    translation was made from), from its history; None when the history does not reach back
    that far (the text came from the content files before anyone edited it here)."""
    for revision in history(kind, key):
        if revision.state == "published" and revision.data.get("revision", 1) == source_revision:
            return text_units.source(kind, revision.data)
    return None


def _listed_in(topic: Topic) -> tuple[list[Service], list[Event]]:
    """The services and the events in a topic or its subtopics."""
    ids = [topic.id, *(child.id for child in topic.children)]
    return (
        list(db.session.scalars(select(Service).where(Service.topics.any(Topic.id.in_(ids))))),
        list(db.session.scalars(select(Event).where(Event.topics.any(Topic.id.in_(ids))))),
    )


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any
    #: for texts: [(kind, words)] with kind "same", "removed" or "added"
    words: list[tuple[str, str]] | None = None


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Field-by-field differences between two revisions' data (dotted names for nested
    fields, e.g. "translations.ar.title"); texts come with a word diff."""
    flat_old, flat_new = _flatten(old), _flatten(new)
    found = []
    for name in sorted(set(flat_old) | set(flat_new)):
        if name == "revision":
            continue
        before, after = flat_old.get(name), flat_new.get(name)
        if normal(before) == normal(after):
            continue
        words = None
        if isinstance(before, str | None) and isinstance(after, str | None):
            words = word_diff(before or "", after or "")
        found.append(Change(name, before, after, words))
    return found


def normal(value: Any) -> Any:
    """A value as compared: texts without outer white space or CR LF line ends (a file's
    final newline or a browser's line ends are not a change)."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip() or None
    return value


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): data}


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(), new.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(b[j1:j2])))
    return parts


def waiting_for_review() -> list[Revision]:
    """Submitted revisions that are the newest of their object, oldest first."""
    newest = (
        select(Revision.kind, Revision.key, func.max(Revision.number).label("number"))
        .group_by(Revision.kind, Revision.key)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Revision)
            .join(
                newest,
                (Revision.kind == newest.c.kind)
                & (Revision.key == newest.c.key)
                & (Revision.number == newest.c.number),
            )
            .where(Revision.state == "submitted")
            .order_by(Revision.created_at)
        )
    )
