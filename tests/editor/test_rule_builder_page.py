"""The rule builder page: the rule as a form and as sentences, the personas' results with the
published rule and the draft, publishing, scheduling from a future date, JSON Logic for
experts, and messages that keep what was typed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.eligibility import Status
from navigator.pathway.engine import evaluate_service
from navigator.pathway.source import load_catalog
from tests.conftest import FIXED_NOW
from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data

SLUG = "start-coaching"  # registered address and fewer than 24 months since arrival
PAGE = f"/editor/services/{SLUG}/rules"
TODAY = FIXED_NOW.date()


@pytest.fixture
def client(editing_app):  # type: ignore[no-untyped-def]
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    return client


def _status(app, facts: dict[str, object], on: dt.date = TODAY) -> Status:  # type: ignore[no-untyped-def]
    with app.app_context():
        catalog = load_catalog(db.session, "rule-builder-test")
        return evaluate_service(catalog, catalog.by_slug[SLUG], facts, on).status


def _row_of(data: dict[str, object], fact: str) -> str:
    return next(
        k.removesuffix("-fact") for k, v in data.items() if k.endswith("-fact") and v == fact
    )


def test_the_rule_shows_as_a_form_and_as_sentences(client):
    page = client.get(PAGE).text
    assert "What newcomers read" in page
    assert "The number of months since you arrived is less than 24" in page
    data = form_data(page)
    assert data["mode"] == "form" and data["combinator"] == "all"
    months = _row_of(data, "months_since_arrival")
    assert data[f"{months}-op"] == "lt" and data[f"{months}-value"] == "24"
    assert data[f"{_row_of(data, 'registered_address')}-op"] == "yes"


def test_preview_compares_the_personas_and_saves_nothing(editing_app, client):
    data = form_data(client.get(PAGE).text)
    data[f"{_row_of(data, 'months_since_arrival')}-value"] = "12"
    data.update(
        action="preview", extra_persona="registered_address = yes\nmonths_since_arrival = 18"
    )
    response = client.post(PAGE, data=data)
    assert response.status_code == 200
    page = response.text
    assert "The number of months since you arrived is less than 12" in page
    row = page.split("your person")[1].split("</tr>")[0]
    assert "can use it" in row and "cannot use it" in row
    assert 'class="changed"' in page
    assert (
        _status(editing_app, {"registered_address": True, "months_since_arrival": 18})
        == Status.ELIGIBLE
    )


def test_publish_changes_who_can_use_it(editing_app, client):
    data = form_data(client.get(PAGE).text)
    data[f"{_row_of(data, 'months_since_arrival')}-value"] = "12"
    data.update(action="publish", reference_text="Integration Act § 4", note="12 months from 2027")
    response = client.post(PAGE, data=data)
    assert response.status_code == 302, response.text
    person = {"registered_address": True, "months_since_arrival": 18}
    assert _status(editing_app, person) == Status.NOT_ELIGIBLE
    with editing_app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        assert service.rules[0].reference_text == "Integration Act § 4"
    # Put it back for the other tests.
    data = form_data(client.get(PAGE).text)
    data[f"{_row_of(data, 'months_since_arrival')}-value"] = "24"
    data["action"] = "publish"
    assert client.post(PAGE, data=data).status_code == 302
    assert _status(editing_app, person) == Status.ELIGIBLE


def test_a_rule_from_a_future_date_is_scheduled(editing_app, client):
    data = form_data(client.get(PAGE).text)
    data[f"{_row_of(data, 'months_since_arrival')}-value"] = "6"
    starts = TODAY + dt.timedelta(days=40)
    data.update(action="publish", applies_from=starts.isoformat())
    assert client.post(PAGE, data=data).status_code == 302
    person = {"registered_address": True, "months_since_arrival": 10}
    assert _status(editing_app, person) == Status.ELIGIBLE  # today: the old rule
    assert _status(editing_app, person, starts) == Status.NOT_ELIGIBLE
    assert _status(editing_app, person, starts - dt.timedelta(days=1)) == Status.ELIGIBLE
    with editing_app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        assert [(r.valid_from, r.valid_to) for r in service.rules][-2:] == [
            (None, starts - dt.timedelta(days=1)),
            (starts, None),
        ]


def test_json_logic_for_experts_is_checked(client):
    data = form_data(client.get(PAGE).text)
    data.update(mode="json", raw='{"==": [{"var": "shoe_size"}, 42]}', action="preview")
    page = client.post(PAGE, data=data).text
    assert "facts the city has not defined: shoe_size" in page
    assert "shoe_size" in page.split('name="raw"')[1][:200]  # kept as typed
    data.update(raw="{not json")
    assert "not valid JSON" in client.post(PAGE, data=data).text
    data.update(raw=json.dumps({"if": [{"var": "is_adult"}, True, False]}))
    page = client.post(PAGE, data=data).text
    assert "There is a problem" not in page and "What newcomers read" in page


def test_bad_numbers_and_empty_rules_get_messages(client):
    data = form_data(client.get(PAGE).text)
    data[f"{_row_of(data, 'months_since_arrival')}-value"] = "twelve"
    data["action"] = "save"
    page = client.post(PAGE, data=data).text
    assert "Please enter a number for" in page and 'value="twelve"' in page
    for key in [k for k in data if k.endswith("-fact")]:
        data[key] = ""
    assert "Please add at least one condition" in client.post(PAGE, data=data).text


def test_add_a_condition_and_a_group_without_javascript(client):
    data = form_data(client.get(PAGE).text)
    rows = len([k for k in data if k.startswith("conditions-") and k.endswith("-fact")])
    more = form_data(client.post(PAGE, data={**data, "action": "add_condition"}).text)
    assert len([k for k in more if k.startswith("conditions-") and k.endswith("-fact")]) == rows + 1
    groups = len({k.split("-")[1] for k in more if k.startswith("groups-")})
    extra = form_data(client.post(PAGE, data={**more, "action": "add_group"}).text)
    assert len({k.split("-")[1] for k in extra if k.startswith("groups-")}) == groups + 1


def test_a_rule_can_end_on_a_date(editing_app, client):
    """The rule's end date is edited with it: shown as it is, kept as typed when it is
    before the start or in the past (with a message), and the rule ends after that day."""
    data = form_data(client.get(PAGE).text)
    before = data.get("applies_until", "")  # a rule scheduled by another test may end it
    ends = TODAY + dt.timedelta(days=10)
    data.update(action="save", applies_from=(TODAY + dt.timedelta(days=20)).isoformat())
    data["applies_until"] = ends.isoformat()
    page = client.post(PAGE, data=data).text
    assert "The rule cannot end before it starts." in page and ends.isoformat() in page
    data.update(applies_from="", applies_until=(TODAY - dt.timedelta(days=1)).isoformat())
    page = client.post(PAGE, data=data).text
    assert "An end date in the past would end the rule at once" in page
    data.update(applies_until=ends.isoformat(), action="publish")
    assert client.post(PAGE, data=data).status_code == 302
    assert form_data(client.get(PAGE).text)["applies_until"] == ends.isoformat()
    # After its last day nobody is limited by the rule (unless a newer one starts).
    late = {"registered_address": True, "months_since_arrival": 30}
    assert _status(editing_app, late, ends) == Status.NOT_ELIGIBLE
    assert _status(editing_app, late, ends + dt.timedelta(days=1)) == Status.ELIGIBLE
    # The end it had, for the other tests.
    data = form_data(client.get(PAGE).text)
    data.update(applies_until=before, action="publish")
    assert client.post(PAGE, data=data).status_code == 302
    assert form_data(client.get(PAGE).text).get("applies_until", "") == before
