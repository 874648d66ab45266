"""Editing events in the back office: the one revision mechanism and permission check, the
recurrence form with translated errors that lose nothing typed, and the public pages after
publishing. These tests change content, so they run on a database of their own."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from navigator.db import db
from navigator.editor.models import Revision
from navigator.events.models import Event
from tests.conftest import csrf_token
from tests.editor.conftest import (
    editing_app,  # noqa: F401 - the fixture
    email_of,
    sign_in,
)
from tests.editor.test_editing import form_data

OWN, OTHER = "language-cafe-thursdays", "work-permit-info-sessions"


def client_for(app, role: str = "city_editor"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of(role)).status_code == 302
    return client


def revisions_of(app, slug: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Revision).where(Revision.key == slug)
        )


def test_the_form_shows_the_recurrence_as_an_editor_thinks_of_it(editing_app):  # noqa: F811
    page = client_for(editing_app).get("/editor/events/work-permit-info-sessions/edit").text
    data = form_data(page)
    assert data["start_date"] == "2026-11-10" and data["start_time"] == "18:00"
    assert data["end_time"] == "19:30"
    assert data["frequency"] == "WEEKLY" and data["interval"] == "2"
    assert data["weekdays"] == ["TU"] and data["ends"] == "count" and data["count"] == "6"
    assert str(data["added"]).strip() == "2027-01-12 18:00"
    assert str(data["cancelled"]).strip() == "2026-12-22"
    day = form_data(client_for(editing_app).get("/editor/events/welcome-day/edit").text)
    assert day["frequency"] == "MONTHLY" and day["nth"] == "1" and day["weekdays"] == ["SA"]


def test_an_organisation_editor_publishes_a_new_rhythm(editing_app):  # noqa: F811
    client = client_for(editing_app, "organisation_editor")
    page = client.get(f"/editor/events/{OWN}/edit").text
    data = form_data(page)
    data.update(
        csrf_token=csrf_token(page),
        weekdays=["TU", "TH"],
        cancelled="2026-12-24\n2026-12-29\n2026-12-31",
        action="publish",
    )
    response = client.post(f"/editor/events/{OWN}/edit", data=data)
    assert response.status_code == 302, response.text
    with editing_app.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == OWN)).one()
        assert event.rrule == "FREQ=WEEKLY;BYDAY=TU,TH"
        assert event.exdate == ["2026-12-24", "2026-12-29", "2026-12-31"]
        newest = db.session.scalars(
            select(Revision).where(Revision.key == OWN).order_by(Revision.number.desc())
        ).first()
        assert newest.state == "published" and newest.data["rrule"] == "FREQ=WEEKLY;BYDAY=TU,TH"
    public = editing_app.test_client().get(f"/en/events/{OWN}").text
    listed = public.split('<ul class="event-dates">')[1].split("</ul>")[0]
    assert "2026-11-24T17:00:00+01:00" in listed and "2026-11-26T17:00:00+01:00" in listed
    history = client.get(f"/editor/events/{OWN}/history").text
    assert "FREQ=WEEKLY;BYDAY=TU,TH" in history


def test_bad_dates_get_a_clear_message_and_lose_nothing(editing_app):  # noqa: F811
    client = client_for(editing_app)
    slug = "parents-school-evening"
    before = revisions_of(editing_app, slug)
    cases = [
        ({"frequency": "WEEKLY", "nth": "2"}, "“Which week” needs a monthly or yearly event."),
        ({"start_time": "25:00"}, "Please enter a time like 17:00."),
        ({"end_time": "17:00"}, "The end must be after the start."),
        ({"ends": "until", "until": ""}, "Please enter a date like 2026-12-31."),
        ({"cancelled": "2026-12-10"}, "The event does not take place on 2026-12-10"),
        ({"cancelled": "soon"}, "“soon” is not a date like 2026-12-24."),
        ({"added": "2027-02-30 10:00"}, "is not a date and time like 2027-01-09 10:00."),
    ]
    for change, message in cases:
        page = client.get(f"/editor/events/{slug}/edit").text
        data = form_data(page)
        data.update(csrf_token=csrf_token(page), title="Typed title kept", action="publish")
        data.update(change)
        response = client.post(f"/editor/events/{slug}/edit", data=data)
        assert response.status_code == 200, change
        assert message in response.text, change
        assert 'value="Typed title kept"' in response.text
        for value in change.values():
            if value and value not in ("y", "WEEKLY"):
                assert value.replace('"', "&#34;") in response.text or value in response.text
    assert revisions_of(editing_app, slug) == before


def test_an_organisation_editor_cannot_touch_another_organisations_event(editing_app):  # noqa: F811
    client = client_for(editing_app, "organisation_editor")
    assert client.get(f"/editor/events/{OTHER}/edit").status_code == 403
    page = client.get(f"/editor/events/{OWN}/edit").text
    assert 'value="refugee-council"' not in page
    data = form_data(page)
    data.update(csrf_token=csrf_token(page), organisation="refugee-council", action="save")
    response = client.post(f"/editor/events/{OWN}/edit", data=data)
    assert response.status_code in (200, 403)
    with editing_app.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == OWN)).one()
        assert event.organisation.slug == "city-library"


def test_a_new_event_starts_as_a_draft_newcomers_do_not_see(editing_app):  # noqa: F811
    client = client_for(editing_app, "organisation_editor")
    page = client.get("/editor/events/new").text
    response = client.post(
        "/editor/events/new",
        data={
            "csrf_token": csrf_token(page),
            "name": "Reading club in simple German",
            "summary": "Read short stories together.",
            "organisation": "city-library",
            "topic": "language-learning",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/editor/events/reading-club-in-simple-german/edit"
    )
    assert (
        editing_app.test_client().get("/en/events/reading-club-in-simple-german").status_code == 404
    )
    page = client.get("/editor/events/reading-club-in-simple-german/edit").text
    data = form_data(page)
    assert data["start_date"] == "2026-12-01" and data["start_time"] == "10:00"
    data.update(
        csrf_token=csrf_token(page),
        status="published",
        frequency="MONTHLY",
        weekdays=["WE"],
        nth="-1",
        action="publish",
    )
    assert (
        client.post("/editor/events/reading-club-in-simple-german/edit", data=data).status_code
        == 302
    )
    public = editing_app.test_client().get("/en/events/reading-club-in-simple-german").text
    dates = re.findall(r'<li><time datetime="(\d{4}-\d{2}-\d{2})', public)
    assert dates[:2] == ["2026-12-30", "2027-01-27"]  # the last Wednesday of each month


def test_a_translator_translates_an_event_side_by_side(editing_app):  # noqa: F811
    translator = client_for(editing_app, "translator")  # translates into Arabic
    url = "/editor/translations/ar/events/welcome-day"
    page = translator.get(url)
    assert page.status_code == 200
    assert "How to register" in page.text  # the event form's own label
    data = form_data(page.text)
    data.update(title="يوم الترحيب", summary="في أول سبت من كل شهر.", action="save")
    assert translator.post(url, data=data).status_code == 302
    public = editing_app.test_client().get("/ar/events/welcome-day").text
    assert "<h1>يوم الترحيب</h1>" in public
    assert url in translator.get("/editor/translations/ar?kind=events").text
