"""privacy.py on its own (no Flask, no database): masking, cleaning, the phone region."""

from __future__ import annotations

import pytest

from navigator.feedback.privacy import (
    EMAIL_REMOVED,
    PHONE_REMOVED,
    clean,
    has_personal_data,
    mask,
    region_of_timezone,
)


@pytest.mark.parametrize(
    ("region", "text"),
    [
        ("DE", "030 1234567"),  # local numbers are read in the city's country
        ("LT", "8 612 34567"),
        ("NL", "06 12345678"),
        ("DE", "+33 1 23 45 67 89"),  # and international ones anywhere
    ],
)
def test_local_and_international_numbers_are_masked(region, text):
    assert mask(f"ring {text} now", region) == f"ring {PHONE_REMOVED} now"


def test_international_numbers_without_a_valid_plan_are_masked_too():
    assert mask("+49 123 4567 8") == PHONE_REMOVED
    assert mask("00 44 1234 5678") == PHONE_REMOVED


@pytest.mark.parametrize(
    "text",
    [
        "Opening hours 9:00-12:30 and 14:00-16:00",
        "Since 01.02.2026 at Marktplatz 3, 73525 Schwäbisch Gmünd",
        "Room 1204, bus 12, 2026",
        "a@b is not an address",
    ],
)
def test_what_reports_are_about_stays(text):
    assert mask(text) == text
    assert not has_personal_data(text)


def test_addresses_in_any_script_are_masked():
    assert mask("يوسف.علي@مثال.عرب") == EMAIL_REMOVED
    assert mask("x (a.b-c@sub.example.co.uk)") == f"x ({EMAIL_REMOVED})"


def test_clean_removes_control_characters_and_unifies_lines():
    assert clean("  one\r\ntwo\x00\x07\tthree\r ") == "one\ntwo\tthree"


@pytest.mark.parametrize(
    ("timezone", "region"),
    [("Europe/Berlin", "DE"), ("Europe/Vilnius", "LT"), ("Europe/Madrid", "ES"), ("", "DE")],
)
def test_the_phone_region_comes_from_the_city_time_zone(timezone, region):
    assert region_of_timezone(timezone) == region
    assert region_of_timezone("Not/A_Zone") == "DE"
