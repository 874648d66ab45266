"""Places and opening hours as a form: hours typed as on a door, exceptions per line,
publishing changes the public page; what cannot be hours is refused and kept as typed."""

from __future__ import annotations

import pytest

from navigator.editor.places import (
    HoursError,
    day_text,
    days_from_hours,
    exceptions_text,
    hours_from_days,
    parse_day,
    parse_exceptions,
)
from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data

SLUG = "language-cafe"  # the library's: its organisation editor may change it
PAGE = f"/editor/services/{SLUG}/places"


@pytest.mark.parametrize(
    ("typed", "ranges"),
    [
        ("", []),
        ("09:00-12:00", [(540, 720)]),
        ("9.00 – 12.30, 14:00-17:00", [(540, 750), (840, 1020)]),
        ("14:00-17:00; 09:00 to 12:00", [(540, 720), (840, 1020)]),
        ("08:00-24:00", [(480, 1440)]),
    ],
)
def test_hours_as_people_write_them(typed, ranges):
    assert parse_day(typed) == ranges


@pytest.mark.parametrize(
    "typed", ["9-12", "12:00-09:00", "09:00-12:00, 11:00-13:00", "25:00-26:00", "mornings"]
)
def test_what_is_not_hours_is_refused(typed):
    with pytest.raises(HoursError):
        parse_day(typed)


def test_week_and_exceptions_round_trip_in_the_packs_form():
    hours = [
        {"days": ["mon", "tue", "wed", "fri"], "opens": "09:00", "closes": "16:00"},
        {"days": ["thu"], "opens": "09:00", "closes": "19:00"},
        {"days": ["sat"], "opens": "10:00", "closes": "13:00"},
    ]
    days = days_from_hours(hours)
    assert day_text(days["thu"]) == "09:00-19:00" and days["sun"] == []
    assert hours_from_days(days) == hours
    exceptions = [
        {"date": "2026-12-23", "closed": True},
        {"date": "2026-12-30", "opens": "09:00", "closes": "12:00"},
    ]
    assert parse_exceptions(exceptions_text(exceptions)) == exceptions
    assert parse_exceptions("2026-12-24 geschlossen\n2026-12-25 مغلق\n2026-12-26") == [
        {"date": f"2026-12-{day}", "closed": True} for day in (24, 25, 26)
    ]
    for bad in ("24.12.2026 closed", "2026-12-24 9-12", "2026-12-24 09:00-10:00, 11:00-12:00"):
        with pytest.raises(HoursError):
            parse_exceptions(bad)


def test_an_organisation_editor_changes_opening_hours(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("organisation_editor")).status_code == 302
    data = form_data(client.get(PAGE).text)
    assert data["places-0-location"] == "central-library" and data["places-0-thu"] == "17:00-19:00"
    assert "2026-12-24 closed" in data["places-0-exceptions"]
    data.update({"places-0-thu": "16:30-19:30", "places-0-tue": "mornings", "action": "publish"})
    refused = client.post(PAGE, data=data)
    assert refused.status_code == 200
    assert "Please write opening hours like" in refused.text
    assert 'value="mornings"' in refused.text and 'value="16:30-19:30"' in refused.text
    data.update({"places-0-tue": "10:00-12:00"})
    assert client.post(PAGE, data=data).status_code == 302
    public = editing_app.test_client().get(f"/en/services/{SLUG}").text
    assert "16:30" in public and "19:30" in public


def test_add_and_remove_places(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    data = form_data(client.get(PAGE).text)
    places = len({key.split("-")[1] for key in data if key.startswith("places-")})
    more = form_data(client.post(PAGE, data={**data, "action": "add_place"}).text)
    assert len({key.split("-")[1] for key in more if key.startswith("places-")}) == places + 1
    data["places-1-remove"] = "y"
    data["action"] = "save"
    assert client.post(PAGE, data=data).status_code == 302
    history = client.get(f"/editor/services/{SLUG}/history").text
    assert "community-centre-north" in history  # the removed place shows in the diff


def test_a_place_can_take_its_locations_hours(editing_app):
    """Ticking "open when the location is open" stores no hours of the place's own; typing
    hours as well, or choosing a location without hours, is explained and nothing is lost."""
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    page = "/editor/services/advisory-centre/places"
    data = form_data(client.get(page).text)
    assert data["places-0-location"] == "welcome-centre-marktplatz"
    assert "places-0-location_hours" not in data  # unticked: its own hours
    data.update({"places-0-location_hours": "y", "action": "publish"})
    both = client.post(page, data=data)
    assert both.status_code == 200
    assert "Either use the location" in both.text
    assert 'value="09:00-15:00"' in both.text  # what was typed is still there
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        data[f"places-0-{day}"] = ""
    assert client.post(page, data=data).status_code == 302
    public = editing_app.test_client().get("/en/services/advisory-centre").text
    assert "19:00" in public  # the Welcome Centre's Thursday, not the desk's own hours
    again = form_data(client.get(page).text)
    assert again["places-0-location_hours"] == "y" and again["places-0-mon"] == ""
    # A location with no hours of its own cannot be inherited from.
    library = form_data(client.get(PAGE).text)
    library.update({"places-0-location_hours": "y", "action": "save"})
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        library[f"places-0-{day}"] = ""
    library["places-0-exceptions"] = ""
    refused = client.post(PAGE, data=library)
    assert refused.status_code == 200 and "has no opening hours of its own yet" in refused.text
