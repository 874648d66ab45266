"""An object's translatable texts, one unit per field, in the content pack's form.

Translators work on units: the side-by-side editor shows one box per unit, an XLIFF or PO
file holds one unit per field (`kind/key/unit`), and a translation is written back into the
object's pack form here, for every kind alike:

    source("services", data)                    {"title": …, "summary": …}
    translation("facts", data, "ar")            ({"question": …, "options.yes": …}, 3)
    with_translation("city", data, "ar", {…})   the data with the Arabic texts in it

Most kinds keep their translations as ``translations: {ar: {title: …, translated_from: 3}}``.
Two are shaped differently, as their files are: a fact's answer options are labelled per
option value (``options.<value>``), and the city (pack.yaml) has its notice under
``translations.<locale>.pack`` and its holidays' names and emergency numbers' labels keyed
by date and number (``holidays.<date>``, ``emergency_numbers.<key>``), up to date with the
city's revision.
"""

from __future__ import annotations

import copy
from typing import Any

from navigator.content.canonical import SOURCE_FIELDS

#: every kind with translatable texts: what translators edit side by side and exchange
KINDS = (
    "services",
    "events",
    "organisations",
    "locations",
    "topics",
    "documents",
    "facts",
    "statuses",
    "city",
)
#: the parts of the city's pack form that hold texts, each a list of items keyed by `key`
_CITY_LISTS = {"holidays": ("date", "name"), "emergency_numbers": ("id", "label")}


def source(kind: str, data: dict[str, Any]) -> dict[str, str]:
    """{unit: source text} for the texts the object has (empty fields are not units)."""
    if kind == "city":
        units = {"notice": data["notice"]} if data.get("notice") else {}
        for part, (key, field) in _CITY_LISTS.items():
            for item in data.get(part) or []:
                if item.get(field):
                    units[f"{part}.{item[key]}"] = item[field]
        return units
    units = {f: data[f] for f in SOURCE_FIELDS[kind] if data.get(f)}
    if kind == "facts":
        for option in data.get("options") or []:
            if option.get("label"):
                units[f"options.{option['value']}"] = option["label"]
    return units


def translation(kind: str, data: dict[str, Any], locale: str) -> tuple[dict[str, str], int | None]:
    """({unit: translated text}, the source revision it was made from — None when there is
    no translation) in `locale`."""
    entry = (data.get("translations") or {}).get(locale) or {}
    if kind == "city":
        pack = entry.get("pack") or {}
        units = {"notice": pack["notice"]} if pack.get("notice") else {}
        for part in _CITY_LISTS:
            for key, text in (entry.get(part) or {}).items():
                if text:
                    units[f"{part}.{key}"] = text
        made_from = pack.get("translated_from", data.get("revision", 1)) if units else None
        return units, made_from
    units = {f: entry[f] for f in SOURCE_FIELDS[kind] if entry.get(f)}
    if kind == "facts":
        for value, label in (entry.get("options") or {}).items():
            if label:
                units[f"options.{value}"] = label
    return units, (entry.get("translated_from", data.get("revision", 1)) if units else None)


def is_machine(kind: str, data: dict[str, Any], locale: str) -> bool:
    """Whether the object's `locale` texts were machine-translated and not yet approved."""
    entry = (data.get("translations") or {}).get(locale) or {}
    return bool((entry.get("pack") or {} if kind == "city" else entry).get("machine"))


def with_translation(
    kind: str,
    data: dict[str, Any],
    locale: str,
    values: dict[str, str],
    translated_from: int,
    *,
    machine: bool = False,
) -> dict[str, Any]:
    """A copy of `data` whose `locale` texts are `values` ({unit: text}; an empty text
    removes that unit's translation), made from source revision `translated_from`.

    Units not in `values` keep their translation. A unit the object has no source text for
    is refused (ValueError): callers check units against `source` first."""
    known = source(kind, data)
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"{kind} has no text {', '.join(unknown)}")
    current, _made_from = translation(kind, data, locale)
    texts = {**current, **values}
    texts = {unit: text for unit, text in texts.items() if text and unit in known}
    out = copy.deepcopy(data)
    translations = dict(out.get("translations") or {})
    entry = _city_entry(texts, translated_from, machine) if kind == "city" else {}
    if kind != "city" and texts:
        options = {u.removeprefix("options."): t for u, t in texts.items() if "." in u}
        entry = {u: t for u, t in texts.items() if "." not in u}
        if options:
            # In the order of the source's options, as the pack writes them.
            order = [o["value"] for o in data.get("options") or []]
            entry["options"] = {v: options[v] for v in order if v in options}
        entry["translated_from"] = translated_from
        if machine:
            entry["machine"] = True
    if entry:
        translations[locale] = entry
    else:
        translations.pop(locale, None)
    if translations:
        out["translations"] = translations
    else:
        out.pop("translations", None)
    return out


def _city_entry(texts: dict[str, str], translated_from: int, machine: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if texts.get("notice"):
        entry["pack"] = {"notice": texts["notice"], "translated_from": translated_from}
        if machine:
            entry["pack"]["machine"] = True
    for part in _CITY_LISTS:
        found = {u.split(".", 1)[1]: t for u, t in texts.items() if u.startswith(f"{part}.")}
        if found:
            entry[part] = found
    return entry
