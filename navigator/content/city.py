"""The city in pack.yaml's form: its name, time zone, notice, public holidays and emergency
numbers with their translations — read from the database (`to_pack`), compared (`comparable`)
and written (`apply`) by `content load`, the exporter and the back office's city page alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator.directory.models import City, EmergencyNumber, Holiday


def to_pack(session: Session) -> dict[str, Any] | None:
    """The pack.yaml form of the city row, holidays and emergency numbers."""
    city = session.scalars(select(City).limit(1)).first()
    if city is None:
        return None
    source = city.source_locale
    holidays = session.scalars(select(Holiday).order_by(Holiday.date)).all()
    numbers = session.scalars(select(EmergencyNumber).order_by(EmergencyNumber.position)).all()
    data: dict[str, Any] = {
        "name": city.name,
        "sample": city.sample,
        "source_locale": source,
        "timezone": city.timezone,
        "welcome_service": city.welcome_service,
        "revision": city.revision,
        "holidays": [
            {"date": h.date.isoformat(), "name": h.translations[source].name} for h in holidays
        ],
        "emergency_numbers": [
            {"id": n.key, "number": n.number, "label": n.translations[source].label}
            for n in numbers
        ],
    }
    data = {k: v for k, v in data.items() if v is not None}
    if source in city.translations and city.translations[source].notice:
        data["notice"] = city.translations[source].notice
    translations: dict[str, Any] = {}
    locales = {loc for obj in [city, *holidays, *numbers] for loc in obj.translations} - {source}
    for locale in sorted(locales):
        entry: dict[str, Any] = {}
        row = city.translations.get(locale)
        if row is not None and row.notice:
            entry["pack"] = {"notice": row.notice, "translated_from": row.source_revision}
        names = {
            h.date.isoformat(): h.translations[locale].name
            for h in holidays
            if locale in h.translations
        }
        labels = {n.key: n.translations[locale].label for n in numbers if locale in n.translations}
        if names:
            entry["holidays"] = names
        if labels:
            entry["emergency_numbers"] = labels
        if entry:
            translations[locale] = entry
    if translations:
        data["translations"] = translations
    return data


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    out = {"sample": False, "revision": 1, "holidays": [], "emergency_numbers": [], **data}
    out["translations"] = {
        locale: {
            **entry,
            "pack": {
                **entry.get("pack", {}),
                "translated_from": entry.get("pack", {}).get("translated_from", out["revision"]),
            },
        }
        for locale, entry in data.get("translations", {}).items()
    }
    return out


def apply(session: Session, meta: dict[str, Any]) -> None:
    """pack.yaml's form of the city (its notice, holidays and emergency numbers, with their
    translations) written to the database: what `content load` and a published back-office
    revision of the city both do."""
    city = session.scalars(select(City).limit(1)).first() or City()
    session.add(city)
    source, revision = meta["source_locale"], meta.get("revision", 1)
    city.name, city.sample = meta["name"], meta.get("sample", False)
    city.source_locale, city.timezone, city.revision = source, meta["timezone"], revision
    city.welcome_service = meta.get("welcome_service")
    translations = meta.get("translations", {})
    city.translations.clear()
    session.flush()
    if meta.get("notice"):
        city.set_text(source, {"notice": meta["notice"]}, revision)
    for locale, entry in translations.items():
        if "pack" in entry and entry["pack"].get("notice"):
            city.set_text(locale, entry["pack"], entry["pack"].get("translated_from", revision))
    for model in (Holiday, EmergencyNumber):
        for obj in session.scalars(select(model)):
            session.delete(obj)
    session.flush()
    for item in meta.get("holidays", []):
        holiday = Holiday(date=dt.date.fromisoformat(item["date"]), revision=revision)
        holiday.set_text(source, {"name": item["name"]}, revision)
        for locale, entry in translations.items():
            if item["date"] in entry.get("holidays", {}):
                holiday.set_text(locale, {"name": entry["holidays"][item["date"]]}, revision)
        session.add(holiday)
    for position, item in enumerate(meta.get("emergency_numbers", [])):
        number = EmergencyNumber(key=item["id"], number=item["number"], position=position)
        number.revision = revision
        number.set_text(source, {"label": item["label"]}, revision)
        for locale, entry in translations.items():
            if item["id"] in entry.get("emergency_numbers", {}):
                number.set_text(locale, {"label": entry["emergency_numbers"][item["id"]]}, revision)
        session.add(number)
    session.flush()
