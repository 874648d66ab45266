"""Front-desk accounts on the users page: the role and its welcome centre."""

from __future__ import annotations

from sqlalchemy import select

from navigator.db import db
from navigator.editor.models import Account, AuditEvent
from tests.conftest import csrf_token
from tests.editor.conftest import email_of, sign_in


def _admin(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of("admin")).status_code == 302
    return client


def _account(app, role: str) -> Account:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalars(select(Account).where(Account.email == email_of(role))).one()


def test_an_administrator_gives_a_desk_account_its_welcome_centre(editing_app):
    app = editing_app
    client = _admin(app)
    desk = _account(app, "desk")
    path = f"/editor/users/{desk.id}"
    page = client.get(path)
    assert page.status_code == 200
    assert "Welcome centre (front desk)" in page.text
    assert 'value="international-house"' in page.text
    data = {"csrf_token": csrf_token(page.text), "email": desk.email, "role": "desk", "active": "y"}
    # Without one, and with one that does not exist: a message, nothing saved.
    missing = client.post(path, data={**data, "location": ""})
    assert missing.status_code == 200
    assert "A front-desk account needs a welcome centre." in missing.text
    unknown = client.post(path, data={**data, "location": "no-such-place"})
    assert "Please choose a welcome centre from the list." in unknown.text
    assert _account(app, "desk").location_id is None
    saved = client.post(path, data={**data, "location": "international-house"})
    assert saved.status_code == 302
    with app.app_context():
        account = db.session.get(Account, desk.id)
        assert account.location is not None and account.location.slug == "international-house"
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "account_changed")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None and event.detail["after"]["location"] == "international-house"
    # The desk account now sees its welcome centre on the desk's start page.
    desk_client = app.test_client()
    assert sign_in(desk_client, email_of("desk")).status_code == 302
    assert "International House" in desk_client.get("/desk/").text


def test_other_roles_need_no_welcome_centre(editing_app):
    app = editing_app
    client = _admin(app)
    observer = _account(app, "observer")
    path = f"/editor/users/{observer.id}"
    page = client.get(path).text
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(page),
            "email": observer.email,
            "role": "observer",
            "location": "",
            "active": "y",
        },
    )
    assert response.status_code == 302


def test_a_new_desk_account_needs_a_welcome_centre(mail_app):
    client = _admin(mail_app)
    page = client.get("/editor/users/new").text
    response = client.post(
        "/editor/users/new",
        data={"csrf_token": csrf_token(page), "email": "new.desk@example.org", "role": "desk"},
    )
    assert "A front-desk account needs a welcome centre." in response.text
    assert 'value="new.desk@example.org"' in response.text  # nothing typed is lost
