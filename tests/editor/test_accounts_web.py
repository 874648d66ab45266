"""Administrators manage accounts in the browser: invitations by e-mail (real SMTP on
loopback), role and organisation changes and deactivation, each in the audit log."""

from __future__ import annotations

import re

from sqlalchemy import select

from navigator.db import db
from navigator.editor.models import Account, AuditEvent
from tests.conftest import csrf_token
from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data

NEW = "invited.person@editor-tests.example.org"


def _admin(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of("admin")).status_code == 302
    return client


def test_an_invited_person_chooses_a_password_and_signs_in(editing_app, smtp_server):
    host, port, inbox = smtp_server
    app = editing_app
    app.config.update(MAIL_SERVER=host, MAIL_PORT=port)
    try:
        client = _admin(app)
        page = client.get("/editor/users/new").text
        missing = client.post(
            "/editor/users/new",
            data={"csrf_token": csrf_token(page), "email": NEW, "role": "organisation_editor"},
        )
        assert "An organisation editor needs an organisation." in missing.text
        assert f'value="{NEW}"' in missing.text
        done = client.post(
            "/editor/users/new",
            data={
                "csrf_token": csrf_token(page),
                "email": NEW,
                "role": "organisation_editor",
                "organisation": "city-library",
            },
        )
        assert done.status_code == 302
        [message] = inbox.messages
        link = re.search(r"https?://\S+(/editor/reset/new\?t=\S+)", message.get_content()).group(1)
        person = app.test_client()
        form = person.get(link).text
        assert (
            person.post(
                link,
                data={
                    "csrf_token": csrf_token(form),
                    "password": "my own good password",
                    "confirm": "my own good password",
                },
            ).status_code
            == 302
        )
        assert sign_in(person, NEW, "my own good password").status_code == 302
        assert "/editor/services/language-cafe/edit" in person.get("/editor/").text
    finally:
        app.config.update(MAIL_SERVER="")


def test_role_changes_and_deactivation_are_logged_and_end_sessions(editing_app):
    app = editing_app
    client = _admin(app)
    observer = app.test_client()
    assert sign_in(observer, email_of("observer")).status_code == 302
    with app.app_context():
        account_id = db.session.scalars(
            select(Account.id).where(Account.email == email_of("observer"))
        ).one()
    page = f"/editor/users/{account_id}"
    data = form_data(client.get(page).text)
    data.update(role="author")
    assert client.post(page, data=data).status_code == 302
    assert observer.get("/editor/").status_code == 302  # new rights, new sign-in
    data.pop("active", None)  # unticked
    assert client.post(page, data=data).status_code == 302
    assert sign_in(app.test_client(), email_of("observer")).status_code == 401
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target == f"account:{email_of('observer')}")
        ).all()
        assert actions[-2:] == ["account_changed", "account_deactivated"]
        changed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "account_changed")
        ).all()[-1]
        assert (
            changed.detail["before"]["role"] == "observer"
            and changed.detail["after"]["role"] == "author"
        )
        account = db.session.get(Account, account_id)
        account.active, account.role = True, "observer"
        db.session.commit()


def test_admins_cannot_lock_themselves_out(editing_app):
    client = _admin(editing_app)
    with editing_app.app_context():
        mine = db.session.scalars(
            select(Account.id).where(Account.email == email_of("admin"))
        ).one()
    data = form_data(client.get(f"/editor/users/{mine}").text)
    data.update(role="observer")
    response = client.post(f"/editor/users/{mine}", data=data)
    assert "You cannot take away your own administrator rights" in response.text
    assert client.get("/editor/users").status_code == 200


def test_without_mail_the_page_says_how_to_make_accounts(editing_app):
    assert "flask --app navigator users create" in _admin(editing_app).get("/editor/users/new").text
