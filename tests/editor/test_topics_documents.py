"""Topics and documents in the back office: city-wide objects, edited by city editors."""

from __future__ import annotations

from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data


def _client(app, role: str = "city_editor"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of(role)).status_code == 302
    return client


def test_topic_keywords_reach_search_at_once(editing_app):
    client = _client(editing_app)
    page = "/editor/topics/housing/edit"
    data = form_data(client.get(page).text)
    assert data["title"]
    data.update(keywords=f"{data.get('keywords', '')}, quokkaflat".strip(", "), action="publish")
    assert client.post(page, data=data).status_code == 302
    found = editing_app.test_client().get("/en/search?q=quokkaflat").text
    assert "/en/services/housing-advice" in found


def test_only_one_urgent_topic_and_no_grandchildren(editing_app):
    client = _client(editing_app)
    data = form_data(client.get("/editor/topics/housing/edit").text)
    data.update(urgent="y", action="save")
    assert (
        "Another topic is the urgent-help topic already."
        in client.post("/editor/topics/housing/edit", data=data).text
    )


def test_a_document_rule_is_checked(editing_app):
    client = _client(editing_app)
    page = "/editor/documents/passport/edit"
    data = form_data(client.get(page).text)
    data.update(needed_when='{"==": [{"var": "shoe_size"}, 42]}', action="save")
    response = client.post(page, data=data)
    assert "facts the city has not defined: shoe_size" in response.text
    assert "shoe_size" in response.text.split('name="needed_when"')[1][:300]
    data.update(needed_when="{broken")
    assert "This is not a JSON Logic rule." in client.post(page, data=data).text
    data.update(needed_when='{"==": [{"var": "is_adult"}, true]}')
    assert client.post(page, data=data).status_code == 302


def test_organisation_editors_cannot_edit_city_wide_objects(editing_app):
    client = _client(editing_app, "organisation_editor")
    assert client.get("/editor/topics/housing/edit").status_code == 403
    assert client.get("/editor/documents/passport/edit").status_code == 403
    assert "/editor/topics/housing/edit" not in client.get("/editor/").text
