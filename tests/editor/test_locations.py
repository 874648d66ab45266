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
