"""Password reset by e-mail, through a real SMTP server on loopback: a link that works once,
for an hour, in the reader's language; the same answer for unknown addresses; no token in
the server's logs' paths."""

from __future__ import annotations

import re

from sqlalchemy import select

from navigator.db import db
from navigator.editor.models import AuditEvent
from tests.conftest import csrf_token
from tests.editor.conftest import PASSWORD, email_of, sign_in

NEW_PASSWORD = "a brand new password here"


def _ask(client, email: str, **headers):  # type: ignore[no-untyped-def]
    page = client.get("/editor/reset", headers=headers)
    return client.post(
        "/editor/reset",
        data={"email": email, "csrf_token": csrf_token(page.text)},
        headers=headers,
    )


def _link(message) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"https?://\S+/editor/reset/new\?t=\S+", message.get_content())
    assert found, message.get_content()
    return found.group(0)


def test_a_reset_link_arrives_and_works_once(mail_app):
    email = email_of("observer")
    client = mail_app.test_client()
    response = _ask(client, email)
    assert response.status_code == 200
    assert "If an account has that address" in response.text
    [message] = mail_app.inbox.messages
    assert message["To"] == email and message["From"] == "navigator@demo.example.org"
    link = _link(message)
    assert link.startswith(mail_app.config["PUBLIC_URL"])  # never from the Host header
    path = link.removeprefix(mail_app.config["PUBLIC_URL"])

    form = client.get(path)
    assert form.status_code == 200
    mismatch = client.post(
        path,
        data={
            "password": NEW_PASSWORD,
            "confirm": "something else entirely",
            "csrf_token": csrf_token(form.text),
        },
    )
    assert "The two passwords are not the same." in mismatch.text
    done = client.post(
        path,
        data={
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token(form.text),
        },
    )
    assert done.status_code == 302 and done.headers["Location"] == "/editor/login"
    assert sign_in(mail_app.test_client(), email, PASSWORD).status_code == 401
    assert sign_in(mail_app.test_client(), email, NEW_PASSWORD).status_code == 302
    # The link is used up.
    assert client.get(path).status_code == 400
    with mail_app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.email == email)
        ).all()
        assert "password_reset_requested" in actions and "password_reset" in actions
        # Put the suite's password back for the other tests.
        from navigator.editor.auth import hash_password
        from navigator.editor.models import Account

        account = db.session.scalars(select(Account).where(Account.email == email)).one()
        account.password_hash = hash_password(PASSWORD)
        db.session.commit()


def test_unknown_addresses_get_the_same_answer_and_no_mail(mail_app):
    response = _ask(mail_app.test_client(), "nobody@editor-tests.example.org")
    assert "If an account has that address" in response.text
    assert mail_app.inbox.messages == []


def test_the_message_is_in_the_readers_language(mail_app):
    _ask(mail_app.test_client(), email_of("author"), **{"Accept-Language": "de"})
    [message] = mail_app.inbox.messages
    assert "Someone (we hope you)" not in message.get_content()
    assert "/editor/reset/new?t=" in message.get_content()


def test_tampered_and_expired_links_are_refused(mail_app, monkeypatch):
    from navigator.editor import passwords

    client = mail_app.test_client()
    _ask(client, email_of("author"))
    path = _link(mail_app.inbox.messages[0]).removeprefix(mail_app.config["PUBLIC_URL"])
    assert client.get(path[:-3] + "abc").status_code == 400
    assert client.get("/editor/reset/new").status_code == 400
    monkeypatch.setattr(passwords, "RESET_MAX_AGE", -1)
    response = client.get(path)
    assert response.status_code == 400
    assert "does not work any more" in response.text


def test_without_a_mail_server_the_page_says_so(client):
    response = client.get("/editor/reset")
    assert response.status_code == 200
    assert "cannot send e-mail" in response.text


def test_an_unreachable_mail_server_is_a_message_not_an_error(make_app, accounts):
    application = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens there
    response = _ask(application.test_client(), email_of("author"))
    assert response.status_code == 200
    assert "could not be sent just now" in response.text
