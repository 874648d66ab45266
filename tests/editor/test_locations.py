"""Locations in the back office: an organisation edits the places only it uses; shared
places are the city's; changes reach every service offered there."""

from __future__ import annotations

from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data

PAGE = "/editor/locations/central-library/edit"


def test_an_organisation_editor_edits_its_own_location(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("organisation_editor")).status_code == 302
    dashboard = client.get("/editor/").text
    assert PAGE in dashboard and "/editor/locations/international-house/edit" not in dashboard
    data = form_data(client.get(PAGE).text)
    assert data["street"] and data["postcode"]
    data.update(directions="Entrance from the park side, **2nd floor**.", action="publish")
    assert client.post(PAGE, data=data).status_code == 302
    public = editing_app.test_client().get("/en/services/language-cafe").text
    assert "Entrance from the park side" in public
    history = client.get("/editor/locations/central-library/history").text
    assert "Revision 2" in history and "<ins>" in history


def test_bad_coordinates_and_missing_fields_keep_what_was_typed(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    data = form_data(client.get(PAGE).text)
    data.update(latitude="123", longitude="east", street="", action="save")
    response = client.post(PAGE, data=data)
    assert response.status_code == 200
    assert "A latitude is between -90 and 90." in response.text
    assert "Please enter the street and number." in response.text
    assert "Please enter a number like 52.5200." in response.text
    assert 'value="east"' in response.text and 'value="123"' in response.text


WELCOME = "/editor/locations/welcome-centre-marktplatz/edit"


def test_a_locations_own_hours_reach_the_services_that_use_them(editing_app):
    """The Welcome Centre service takes its building's hours; the advice desk in the same
    building keeps its own. One edit of the location changes the first, not the second."""
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    data = form_data(client.get(WELCOME).text)
    assert data["thu"] == "09:00-19:00" and "2026-12-23 closed" in data["exceptions"]
    desk_before = editing_app.test_client().get("/en/services/advisory-centre").text
    data.update(thu="09:00-20:30", action="publish")
    assert client.post(WELCOME, data=data).status_code == 302
    reader = editing_app.test_client()
    assert "20:30" in reader.get("/en/services/welcome-centre").text
    desk_after = reader.get("/en/services/advisory-centre").text
    assert "20:30" not in desk_after and desk_after.count("<tr>") == desk_before.count("<tr>")
    history = client.get("/editor/locations/welcome-centre-marktplatz/history").text
    assert "hours" in history and "20:30" in history


def test_a_location_refuses_what_is_not_hours_and_keeps_it(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    data = form_data(client.get(WELCOME).text)
    data.update(fri="after lunch", exceptions="2026-12-24 closed\nchristmas", action="publish")
    response = client.post(WELCOME, data=data)
    assert response.status_code == 200
    assert "Please write opening hours like" in response.text
    assert 'value="after lunch"' in response.text and "christmas" in response.text
    assert (
        "after lunch" not in client.get("/editor/locations/welcome-centre-marktplatz/history").text
    )
