"""The city's page: public holidays, emergency numbers and the home page's notice, edited as
one more revision (drafts, history, the same permission check) and seen at once by the
public pages: a new holiday closes today's services, a new number shows where urgent help is
listed."""

from __future__ import annotations

import pytest

from navigator.editor.city import HolidayError, new_key, parse_holidays
from tests.conftest import csrf_token
from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data

PAGE = "/editor/city/edit"
TODAY = "2026-11-24"  # the tests' fixed clock (a Tuesday)


def test_holidays_as_typed():
    assert parse_holidays("2026-12-25 Christmas Day\n\n 2026-12-24  Christmas Eve ") == [
        {"date": "2026-12-24", "name": "Christmas Eve"},
        {"date": "2026-12-25", "name": "Christmas Day"},
    ]
    for bad in ("25.12.2026 Christmas", "2026-12-25", "2026-12-25 A\n2026-12-25 B"):
        with pytest.raises(HolidayError):
            parse_holidays(bad)


def test_new_number_keys():
    assert new_key("Poison control (day & night)", set()) == "poison-control-day-night"
    assert new_key("Poison control", {"poison-control"}) == "poison-control-2"
    assert new_key("خط المساعدة", set()) == "number"


def test_an_editor_adds_a_holiday_and_a_number(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    assert PAGE in client.get("/editor/").text
    data = form_data(client.get(PAGE).text)
    assert "2026-12-25 Christmas Day" in data["holidays"] and data["numbers-0-number"] == "112"
    reader = editing_app.test_client()
    assert "Closed today: public holiday." not in reader.get("/en/services/welcome-centre").text
    more = form_data(client.post(PAGE, data={**data, "action": "add_number"}).text)
    assert "numbers-3-number" in more and "numbers-3-key" in more
    more.update(
        {
            "holidays": f"{more['holidays']}\n{TODAY} City anniversary",
            "numbers-3-number": "+49 30 0000 1922",
            "numbers-3-label": "Poison control, day and night (sample number)",
            "notice": "Offices close early on 24 December.",
            "action": "publish",
        }
    )
    assert client.post(PAGE, data=more).status_code == 302
    assert "Closed today: public holiday." in reader.get("/en/services/welcome-centre").text
    urgent = reader.get("/en/urgent").text
    assert "+49 30 0000 1922" in urgent and "Poison control" in urgent
    assert "Offices close early on 24 December." in reader.get("/en/").text
    history = client.get("/editor/city/city/history").text
    assert "City anniversary" in history and "Revision 2" in history
    again = form_data(client.get(PAGE).text)
    assert again["numbers-3-key"] == "poison-control-day-and-night-sample-number"


def test_bad_input_is_explained_and_kept(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("admin")).status_code == 302
    data = form_data(client.get(PAGE).text)
    data.update(
        {
            "holidays": "Christmas 2026-12-25",
            "numbers-1-number": "call us",
            "numbers-2-label": "",
            "action": "publish",
        }
    )
    response = client.post(PAGE, data=data)
    assert response.status_code == 200
    assert "Line 1: start with a date like 2026-12-25." in response.text
    assert "Please write the number in digits" in response.text
    assert "Please say what the number is for." in response.text
    assert "Christmas 2026-12-25" in response.text and 'value="call us"' in response.text
    # Removing a number is not an error, even when its fields are empty.
    data.update({"holidays": "2026-12-25 Christmas Day", "numbers-1-number": "116 117"})
    data["numbers-2-remove"] = "y"
    assert client.post(PAGE, data=data).status_code == 302
    assert "Help line for violence" not in editing_app.test_client().get("/en/urgent").text


def test_an_organisation_editor_cannot_change_the_city(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("organisation_editor")).status_code == 302
    dashboard = client.get("/editor/").text
    assert PAGE not in dashboard
    crafted = {"csrf_token": csrf_token(dashboard), "holidays": "", "action": "publish"}
    assert client.post(PAGE, data=crafted).status_code == 403
