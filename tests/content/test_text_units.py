"""Translatable texts as units, for every kind, on the demo city's own objects: what the
side-by-side editor shows and XLIFF/PO files carry, and the translation written back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.content import canonical, city, text_units
from navigator.db import db
from navigator.directory.models import Service
from navigator.facts.models import Fact, ResidenceStatus


@pytest.fixture
def pack_form(app):  # type: ignore[no-untyped-def]
    """kind, key -> the object's pack form, read from the demo city's database."""

    def read(kind: str, key: str) -> dict:  # type: ignore[type-arg]
        with app.app_context():
            if kind == "city":
                return city.to_pack(db.session) or {}
            model, attr = {
                "services": (Service, "slug"),
                "facts": (Fact, "key"),
                "statuses": (ResidenceStatus, "value"),
            }[kind]
            obj = db.session.scalars(select(model).where(getattr(model, attr) == key)).one()
            return canonical.to_pack(kind, obj, "en")

    return read


def test_a_service_has_one_unit_per_text_field(pack_form) -> None:  # type: ignore[no-untyped-def]
    data = pack_form("services", "welcome-centre")
    units = text_units.source("services", data)
    assert units["title"] == data["title"]
    assert set(units) <= set(canonical.SOURCE_FIELDS["services"])
    texts, made_from = text_units.translation("services", data, "ar")
    assert texts["title"] and made_from == data["translations"]["ar"]["translated_from"]
    assert text_units.translation("services", data, "xx") == ({}, None)


def test_a_facts_options_are_units_of_their_own(pack_form) -> None:  # type: ignore[no-untyped-def]
    data = pack_form("facts", "housing")
    units = text_units.source("facts", data)
    values = [o["value"] for o in data["options"]]
    assert [u for u in units if u.startswith("options.")] == [f"options.{v}" for v in values]
    texts, _made_from = text_units.translation("facts", data, "ar")
    assert texts["question"] and all(f"options.{v}" in texts for v in values)
    # Written back: the options stay a mapping in the source's order.
    changed = text_units.with_translation(
        "facts", data, "ar", {f"options.{values[0]}": "جديد"}, data.get("revision", 1)
    )
    options = changed["translations"]["ar"]["options"]
    assert list(options) == values and options[values[0]] == "جديد"
    assert changed["translations"]["ar"]["question"] == texts["question"]  # kept
    assert data["translations"]["ar"]["options"][values[0]] != "جديد"  # a copy


def test_the_citys_notice_holidays_and_numbers_are_units(pack_form) -> None:  # type: ignore[no-untyped-def]
    data = pack_form("city", "city")
    units = text_units.source("city", data)
    assert units["notice"] == data["notice"]
    assert units["holidays.2026-12-25"] == "Christmas Day"
    assert units["emergency_numbers.emergency"].startswith("Police")
    texts, made_from = text_units.translation("city", data, "de")
    assert "holidays.2026-12-25" in texts and made_from is not None
    changed = text_units.with_translation(
        "city",
        data,
        "de",
        {"holidays.2026-12-25": "1. Weihnachtstag", "notice": "Neu"},
        data.get("revision", 1),
        machine=True,
    )
    entry = changed["translations"]["de"]
    assert entry["holidays"]["2026-12-25"] == "1. Weihnachtstag"
    assert entry["pack"] == {
        "notice": "Neu",
        "translated_from": data.get("revision", 1),
        "machine": True,
    }
    assert text_units.is_machine("city", changed, "de")
    assert entry["emergency_numbers"] == data["translations"]["de"]["emergency_numbers"]


def test_an_empty_text_removes_a_translation_and_unknown_units_are_refused(pack_form) -> None:  # type: ignore[no-untyped-def]
    data = pack_form("statuses", "asylum_seeker")
    texts, made_from = text_units.translation("statuses", data, "fr")
    assert texts and made_from is not None
    emptied = text_units.with_translation(
        "statuses", data, "fr", dict.fromkeys(texts, ""), made_from
    )
    assert "fr" not in (emptied.get("translations") or {})
    with pytest.raises(ValueError, match="no text"):
        text_units.with_translation("statuses", data, "fr", {"nonsense": "x"}, 1)
    marked = text_units.with_translation("statuses", data, "fr", texts, made_from, machine=True)
    assert text_units.is_machine("statuses", marked, "fr")
    assert not text_units.is_machine("statuses", data, "fr")
