"""An event's audience in the back office as for a service: the rule builder with the
sentences a newcomer reads and the personas run against the published rule and the draft,
"Confirm still correct" on the dashboard, and reminders of events due for a check. These
tests change content, so they run on a database of their own."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from navigator.db import db
from navigator.editor.models import AuditEvent, Revision
from navigator.eligibility import Status, status_of
from navigator.events.models import Event
from navigator.pathway.source import content_changed
from tests.conftest import FIXED_NOW, csrf_token
from tests.editor.conftest import (
    editing_app,  # noqa: F401 - the fixture
    email_of,
    sign_in,
    smtp_server,  # noqa: F401 - the fixture
)
from tests.editor.test_editing import form_data
from tests.editor.test_rule_builder_page import _row_of

RULED = "work-permit-info-sessions"  # the refugee council's, for three residence statuses
OPEN = "language-cafe-thursdays"  # the city library's, open to everyone
TODAY = FIXED_NOW.date()


def client_for(app, role: str = "city_editor"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of(role)).status_code == 302
    return client


def event(app, slug: str) -> Event:  # type: ignore[no-untyped-def]
    with app.app_context():
        found = db.session.scalars(select(Event).where(Event.slug == slug)).one()
        db.session.expunge(found)
        return found


def test_an_events_rule_shows_as_a_form_and_as_sentences(editing_app):  # noqa: F811
    client = client_for(editing_app)
    page = client.get(f"/editor/events/{RULED}/rules").text
    assert "What newcomers read" in page
    assert "temporary protection" in page.lower()
    assert "Legal basis" not in page  # an event's rule has no legal reference of its own
    data = form_data(page)
    row = _row_of(data, "residence_status")
    assert data["mode"] == "form" and data[f"{row}-op"] == "one_of"
    assert sorted(data[f"{row}-values"]) == [
        "asylum_seeker",
        "refused_asylum",
        "temporary_protection",
    ]
    edit = client.get(f"/editor/events/{RULED}/edit").text
    assert f"/editor/events/{RULED}/rules" in edit
    assert "temporary protection" in edit.lower()  # the rule as sentences on the edit page
    assert 'name="rule"' not in edit  # no raw JSON Logic box on the edit page


def test_preview_then_publish_changes_who_sees_the_event(editing_app):  # noqa: F811
    client = client_for(editing_app)
    url = f"/editor/events/{RULED}/rules"
    page = client.get(url).text
    data = form_data(page)
    row = _row_of(data, "residence_status")
    data[f"{row}-values"] = ["asylum_seeker", "refused_asylum"]
    data.update(action="preview", extra_persona="residence_status = temporary_protection")
    preview = client.post(url, data=data)
    assert preview.status_code == 200
    mine = preview.text.split("your person")[1].split("</tr>")[0]
    assert "maybe" not in mine and "can use it" in mine and "cannot use it" in mine
    assert "The result changes for" in preview.text
    revisions_before = db_count(editing_app)
    assert event(editing_app, RULED).rule["in"][1][-1] == "temporary_protection"  # unchanged

    data.update(action="publish", note="Temporary protection has its own evening now")
    response = client.post(url, data=data)
    assert response.status_code == 302, response.text
    published = event(editing_app, RULED)
    assert published.open_to_all is False
    assert status_of(published.rule, {"residence_status": "asylum_seeker"})[0] == Status.ELIGIBLE
    assert (
        status_of(published.rule, {"residence_status": "temporary_protection"})[0]
        == Status.NOT_ELIGIBLE
    )
    assert db_count(editing_app) > revisions_before
    with editing_app.app_context():
        newest = db.session.scalars(
            select(Revision).where(Revision.key == RULED).order_by(Revision.number.desc())
        ).first()
        assert newest.state == "published" and newest.data["rule"] == published.rule
    history = client.get(f"/editor/events/{RULED}/history").text
    assert "Temporary protection has its own evening now" in history


def test_an_open_event_gets_a_rule_and_ticking_open_clears_it(editing_app):  # noqa: F811
    client = client_for(editing_app, "organisation_editor")  # the library's editor
    url = f"/editor/events/{OPEN}/rules"
    page = client.get(url).text
    assert "What newcomers read" not in page  # no rule yet
    data = form_data(page)
    first = next(k.removesuffix("-fact") for k in data if k.endswith("-fact"))
    data.update({f"{first}-fact": "age", f"{first}-op": "ge", f"{first}-value": "16"})
    data.update(action="publish")
    response = client.post(url, data=data)
    assert response.status_code == 302, response.text
    ruled = event(editing_app, OPEN)
    assert ruled.open_to_all is False
    assert status_of(ruled.rule, {"age": 15})[0] == Status.NOT_ELIGIBLE
    assert status_of(ruled.rule, {"age": 30})[0] == Status.ELIGIBLE

    page = client.get(f"/editor/events/{OPEN}/edit").text
    form = form_data(page)
    form.update(csrf_token=csrf_token(page), open_to_all="y", action="publish")
    assert client.post(f"/editor/events/{OPEN}/edit", data=form).status_code == 302
    opened = event(editing_app, OPEN)
    assert opened.open_to_all is True and opened.rule is None


def test_another_organisations_event_rule_is_refused_also_by_a_crafted_post(editing_app):  # noqa: F811
    client = client_for(editing_app, "organisation_editor")
    url = f"/editor/events/{RULED}/rules"
    before = event(editing_app, RULED).rule
    assert client.get(url).status_code == 403
    own = client.get(f"/editor/events/{OPEN}/rules").text
    data = form_data(own)
    data.update(csrf_token=csrf_token(own), mode="json", raw='{"==": [1, 1]}', action="publish")
    assert client.post(url, data=data).status_code == 403
    assert event(editing_app, RULED).rule == before


def test_a_bad_rule_gets_a_message_and_keeps_what_was_typed(editing_app):  # noqa: F811
    client = client_for(editing_app)
    url = f"/editor/events/{RULED}/rules"
    before = event(editing_app, RULED).rule
    data = form_data(client.get(url).text)
    typed = '{"==": [{"var": "shoe_size"}, 1]}'
    data.update(mode="json", raw=typed, action="publish")
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert "The rule uses facts the city has not defined: shoe_size" in response.text
    assert typed.replace('"', "&#34;") in response.text
    assert event(editing_app, RULED).rule == before


def test_events_due_for_a_check_and_confirm_still_correct(editing_app):  # noqa: F811
    app = editing_app
    with app.app_context():
        found = db.session.scalars(select(Event).where(Event.slug == OPEN)).one()
        found.last_reviewed = TODAY - dt.timedelta(days=app.config["REVIEW_AFTER_DAYS"] + 1)
        content_changed(db.session)
        db.session.commit()
    revisions_before = db_count(app)
    client = client_for(app, "organisation_editor")
    page = client.get("/editor/").text
    row = page.split(f"/editor/events/{OPEN}/edit")[0].rsplit("<tr", 1)[1]
    assert 'class="due"' in row
    response = client.post(
        f"/editor/events/{OPEN}/confirm",
        data={"csrf_token": csrf_token(page), "next": "/editor/"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/editor/"
    assert event(app, OPEN).last_reviewed == TODAY
    assert db_count(app) == revisions_before  # no new revision: nothing a newcomer reads
    with app.app_context():
        assert db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "confirm", AuditEvent.target == f"events:{OPEN}"
            )
        ).first()
    after = client.get("/editor/").text
    row = after.split(f"/editor/events/{OPEN}/edit")[0].rsplit("<tr", 1)[1]
    assert 'class="due"' not in row
    public = app.test_client().get(f"/en/events/{OPEN}").text
    assert "Last checked" in public and "November 24, 2026" in public
    # Another organisation's event: refused, also by a crafted POST.
    refused = client.post(
        f"/editor/events/{RULED}/confirm", data={"csrf_token": csrf_token(page), "next": "/"}
    )
    assert refused.status_code == 403


def test_reminders_list_events_due_for_a_check(editing_app, smtp_server):  # noqa: F811
    host, port, inbox = smtp_server
    app = editing_app
    app.config.update(MAIL_SERVER=host, MAIL_PORT=port)
    try:
        with app.app_context():
            found = db.session.scalars(select(Event).where(Event.slug == OPEN)).one()
            found.last_reviewed = None  # never checked
            content_changed(db.session)
            db.session.commit()
        result = app.test_cli_runner().invoke(args=["editors", "remind"])
        assert result.exit_code == 0, result.output
        by_address = {str(message["To"]): message for message in inbox.messages}
        library = by_address[email_of("organisation_editor")].get_content()
        assert f"/editor/events/{OPEN}/edit" in library
        assert RULED not in library
    finally:
        app.config.update(MAIL_SERVER="")


def db_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Revision))
