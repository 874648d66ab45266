"""Translations out to agencies and tools, and back in: XLIFF 1.2, XLIFF 2.0 and PO files,
written and read with translate-toolkit (never hand-made XML).

One unit per translatable field of a listing, its id stable across exports:
``services/language-cafe/summary`` (kind, key, field) — XLIFF's unit id, PO's msgctxt. Each
unit carries the source revision it was exported at (``source-revision: 7``: a developer note
in XLIFF, an extracted comment in PO) and its state as Weblate and Pontoon read it: XLIFF 1.2
``state`` (needs-translation, needs-review-translation for an outdated or machine-translated
text, translated), PO's fuzzy flag and XLIFF 2.0's ``initial`` for an outdated or
machine-translated text.

Importing checks every unit before writing anything: an unknown id, a translation that loses
the source's links, numbers or lists, or one older than the translation already there (made
from an earlier source than it) is reported per unit, and then nothing is written. A
translation made from an older source is stored as outdated, never as up to date. What is
written goes through the back office's revisions (one minor revision per listing).

A machine translation stays one until a person reviews it: a listing's machine-translated
texts lose their label when every unit of the listing in the file comes back reviewed (no
longer marked as needing review), even with its text unchanged; while any unit is still
marked, what is written keeps the label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from translate.storage import po, xliff, xliff2

from navigator.content import canonical, city, text_units
from navigator.translatable import TranslationState, translation_state

#: the kinds whose translations are exchanged: every one the back office translates
KINDS = text_units.KINDS
_REVISION_NOTE = re.compile(r"source-revision:\s*(\d+)")


class Xliff12Unit(xliff.xliffunit):
    namespace = "urn:oasis:names:tc:xliff:document:1.2"


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF store, declared as XLIFF 1.2 (its default skeleton says 1.1;
    the elements and states used here are the same in both)."""

    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='navigator' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = "urn:oasis:names:tc:xliff:document:1.2"
    UnitClass = Xliff12Unit


FORMATS: dict[str, tuple[type, str, str]] = {
    "xliff": (Xliff12File, ".xlf", "application/x-xliff+xml"),
    "xliff2": (xliff2.Xliff2File, ".xlf", "application/xliff+xml"),
    "po": (po.pofile, ".po", "text/x-gettext-translation"),
}


@dataclass(frozen=True)
class Unit:
    """One field of one listing, in the source language and in `locale`."""

    kind: str
    key: str
    field: str
    source: str
    target: str
    source_revision: int
    state: TranslationState

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.key}/{self.field}"


@dataclass
class Problem:
    unit: str
    message: str

    def __str__(self) -> str:
        return f"{self.unit}: {self.message}"


@dataclass
class Imported:
    """What an import found: per listing the texts it wrote (or would write), and the
    problems that stopped it."""

    locale: str
    changes: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    revisions: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    #: listings whose texts stay machine-translated (a unit still marked for review)
    machine: set[tuple[str, str]] = field(default_factory=set)


def _model(kind: str) -> type:
    from navigator.editor.revisions import EDITABLE

    return EDITABLE[kind]


@dataclass(frozen=True)
class _Text:
    """One unit of one object as stored: its source, its text in the locale (or ""), the
    source revision that text was made from, and whether a machine made it."""

    source: str
    target: str
    made_from: int | None
    machine: bool


def _objects(session: Session, kind: str) -> list[Any]:
    if kind == "city":
        from navigator.editor.revisions import live

        found = live("city", "city", session)
        return [found] if found is not None else []
    model = _model(kind)
    return list(session.scalars(select(model).order_by(model.slug)))


#: kinds whose units are read from their pack form (text_units) rather than their rows
_PACK_FORM = ("facts", "city")


def _texts(session: Session, kind: str, obj: Any, source: str, locale: str) -> dict[str, _Text]:
    """{unit: its texts} for one object (see content.text_units for the units). The few
    objects shaped apart (a question's answer options, the city's holidays and numbers) are
    read in their pack form; listings, thousands of them, straight from their rows."""
    if kind in _PACK_FORM:
        if kind == "city":
            data = city.to_pack(session) or {}
        else:
            data = canonical.to_pack(kind, obj, source)
        targets, made_from = text_units.translation(kind, data, locale)
        machine = text_units.is_machine(kind, data, locale)
        return {
            unit: _Text(text, targets.get(unit, ""), made_from, machine)
            for unit, text in text_units.source(kind, data).items()
        }
    original = obj.translations.get(source)
    row = obj.translations.get(locale)
    made_from, machine = (row.source_revision, bool(row.machine)) if row else (None, False)
    found = {}
    for name in canonical.SOURCE_FIELDS[kind]:
        text = getattr(original, name, None) if original is not None else None
        if text:
            target = (getattr(row, name, None) or "") if row is not None else ""
            found[name] = _Text(text, target, made_from, machine)
    return found


def units(
    session: Session, locale: str, source: str, reach: Callable[[Any], bool] = lambda _obj: True
) -> list[Unit]:
    """Every translatable text with a source, of the objects `reach` allows."""
    found = []
    for kind in KINDS:
        for obj in _objects(session, kind):
            if not reach(obj):
                continue
            for name, text in _texts(session, kind, obj, source, locale).items():
                state = (
                    translation_state(obj.revision, text.made_from, text.machine)
                    if text.target
                    else TranslationState.MISSING
                )
                found.append(
                    Unit(kind, obj.slug, name, text.source, text.target, obj.revision, state)
                )
    return found


def export(
    session: Session,
    locale: str,
    source: str,
    fmt: str,
    reach: Callable[[Any], bool] = lambda _obj: True,
) -> bytes:
    """A file in `fmt` ("xliff", "xliff2" or "po") with every unit for `locale`."""
    store_class = FORMATS[fmt][0]
    if fmt == "po":
        store = store_class()
        store.updateheader(add=True, Language=locale, Project_Id_Version="newcomer-navigator")
        store.setsourcelanguage(source)
        store.settargetlanguage(locale)
    else:
        store = store_class(sourcelanguage=source, targetlanguage=locale)
    for item in units(session, locale, source, reach):
        unit = (
            store.addsourceunit(item.source, filename="navigator")
            if fmt == "xliff"
            else (store.addsourceunit(item.source))
        )
        if fmt == "po":
            unit.setcontext(item.id)
        else:
            unit.setid(item.id)
        if item.target:
            unit.target = item.target
        unit.addnote(f"source-revision: {item.source_revision}", origin="developer")
        _mark(unit, fmt, item.state)
    return bytes(store)


#: states whose text is there but needs a person's review
TO_REVIEW = (TranslationState.OUTDATED, TranslationState.MACHINE)


def _mark(unit: Any, fmt: str, state: TranslationState) -> None:
    """The unit's state as translation tools read it (after its target is set: setting a
    target marks a unit translated)."""
    if state is TranslationState.UP_TO_DATE:
        return
    if fmt == "po":
        unit.markfuzzy(state in TO_REVIEW)
    elif fmt == "xliff":
        target = unit.getlanguageNode(lang=None, index=1)
        if target is not None:
            target.set(
                "state", "needs-review-translation" if state in TO_REVIEW else "needs-translation"
            )
            unit.markapproved(False)
    else:
        unit.markfuzzy(True)


def _reviewed(fmt: str, unit: Any) -> bool:
    """Whether a person passed the unit: it is no longer marked as needing work (XLIFF 1.2
    ``needs-…``/``new``, PO's fuzzy flag, XLIFF 2.0's ``initial``)."""
    if fmt == "xliff":
        target = unit.getlanguageNode(lang=None, index=1)
        state = str(target.get("state", "")) if target is not None else ""
        return not (state.startswith("needs-") or state == "new")
    return not unit.isfuzzy()


def read(data: bytes) -> tuple[str, Any]:
    """(format, store) of an uploaded file, whichever of the three it is."""
    head = data[:2_000].decode("utf-8", "replace")
    if "<xliff" in head:
        version = re.search(r"""<xliff[^>]*?\sversion\s*=\s*["']([\d.]+)""", head)
        if version and version.group(1).startswith("2"):
            return "xliff2", xliff2.Xliff2File.parsestring(data)
        return "xliff", Xliff12File.parsestring(data)
    return "po", po.pofile.parsestring(data)


def _locale_of(store: Any) -> str:
    return str(store.gettargetlanguage() or "")


def _unit_id(fmt: str, unit: Any) -> str:
    if fmt == "po":
        return str(unit.getcontext() or "")
    return str(unit.getid() or "").rsplit(xliff.ID_SEPARATOR, 1)[-1]


def check(
    session: Session,
    data: bytes,
    source: str,
    reach: Callable[[Any], bool] = lambda _obj: True,
) -> Imported:
    """What importing `data` would write, and every problem that stops it."""
    from navigator.editor import translation_checks

    try:
        fmt, store = read(data)
    except Exception as error:  # the parsers raise many kinds on a broken file
        found = Imported("")
        found.problems.append(Problem("file", f"not an XLIFF or PO file ({error})"))
        return found
    target_locale = _locale_of(store)
    result = Imported(target_locale)
    if not target_locale or target_locale == source:
        result.problems.append(Problem("file", "the file names no target language"))
        return result
    objects: dict[tuple[str, str], Any] = {}
    stored: dict[tuple[str, str], dict[str, _Text]] = {}
    #: machine-translated listings: units still marked for review, texts sent back as they were
    unreviewed: set[tuple[str, str]] = set()
    approved: dict[tuple[str, str], dict[str, str]] = {}
    for unit in store.getunits():
        if unit.isheader():
            continue
        unit_id = _unit_id(fmt, unit)
        target = str(unit.target or "")
        if not target.strip():
            continue  # not translated: nothing to write
        parts = unit_id.split("/")
        kind, key, name = parts if len(parts) == 3 else ("", "", "")
        if kind not in KINDS:
            result.problems.append(Problem(unit_id or "?", "unknown unit id"))
            continue
        if (kind, key) not in objects:
            from navigator.editor.revisions import live

            objects[(kind, key)] = live(kind, key, session)
        obj = objects[(kind, key)]
        if obj is None:
            result.problems.append(Problem(unit_id, f"there is no {kind.rstrip('s')} '{key}'"))
            continue
        if not reach(obj):
            result.problems.append(Problem(unit_id, "not a listing you may translate"))
            continue
        if (kind, key) not in stored:
            stored[(kind, key)] = _texts(session, kind, obj, source, target_locale)
        text = stored[(kind, key)].get(name)
        if text is None:
            result.problems.append(Problem(unit_id, "unknown unit id"))
            continue
        note = _REVISION_NOTE.search(str(unit.getnotes() or ""))
        if note is None:
            result.problems.append(Problem(unit_id, "the unit has no source-revision note"))
            continue
        made_from = int(note.group(1))
        for message in translation_checks.problems(str(unit.source or ""), target):
            result.problems.append(Problem(unit_id, message))
        existing, machine = text.target, text.machine
        if existing and text.made_from is not None and text.made_from > made_from:
            result.problems.append(
                Problem(
                    unit_id,
                    f"the translation here was made from a newer source (revision "
                    f"{text.made_from}) than this one (revision {made_from})",
                )
            )
            continue
        if machine and not _reviewed(fmt, unit):
            unreviewed.add((kind, key))
        if existing == target and text.made_from == made_from:
            if machine and _reviewed(fmt, unit):
                approved.setdefault((kind, key), {})[name] = target
            else:
                result.unchanged += 1
            continue
        result.changes.setdefault((kind, key), {})[name] = target
        known = result.revisions.get((kind, key), made_from)
        result.revisions[(kind, key)] = min(known, made_from)
    for listing, texts in approved.items():
        if listing in unreviewed:
            result.unchanged += len(texts)
            continue
        result.changes.setdefault(listing, {}).update(texts)
        made_from = next(iter(stored[listing].values())).made_from or 1
        result.revisions[listing] = min(result.revisions.get(listing, made_from), made_from)
    result.machine = unreviewed & set(result.changes)
    return result


def apply(session: Session, imported: Imported, account: Any) -> int:
    """Write a checked import (no problems): one minor revision per listing; a translation
    made from an older source is stored as outdated. Returns the number of listings."""
    from navigator.editor import revisions

    assert not imported.problems, "check() found problems: nothing may be written"
    for (kind, key), values in sorted(imported.changes.items()):
        obj = revisions.live(kind, key, session)
        revisions.publish_translation(
            kind,
            obj,
            imported.locale,
            values,
            account,
            translated_from=imported.revisions[(kind, key)],
            machine=(kind, key) in imported.machine,
        )
    return len(imported.changes)
