"""Signing in and out: clear messages that keep what was typed, a new session on sign-in,
no open redirect, idle timeout, deactivated accounts, and every attempt in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.editor.models import Account, AuditEvent
from tests.conftest import csrf_token
from tests.editor.conftest import PASSWORD, sign_in


def _events(app, email: str, action: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        found = db.session.scalars(
            select(AuditEvent).where(AuditEvent.email == email, AuditEvent.action == action)
        )
        return len(found.all())


def test_wrong_password_says_so_keeps_the_address_and_is_logged(app, accounts):
    client = app.test_client()
    before = _events(app, accounts["author"], "login_failed")
    response = sign_in(client, accounts["author"], password="not the password")
    assert response.status_code == 401
    assert "The e-mail address or the password is not right" in response.text
    assert f'value="{accounts["author"]}"' in response.text  # what was typed is kept
    assert 'value="not the password"' not in response.text  # the password never comes back
    assert _events(app, accounts["author"], "login_failed") == before + 1
    assert client.get("/editor/").status_code == 302


def test_unknown_address_gets_the_same_answer(app, accounts):
    client = app.test_client()
    response = sign_in(client, "nobody@editor-tests.example.org")
    assert response.status_code == 401
    assert "The e-mail address or the password is not right" in response.text
    assert _events(app, "nobody@editor-tests.example.org", "login_failed") >= 1


def test_empty_and_malformed_input_get_translated_messages(app, accounts):
    client = app.test_client()
    page = client.get("/de/").text and client.get(
        "/editor/login", headers={"Accept-Language": "de"}
    )
    response = client.post(
        "/editor/login",
        data={"email": "not-an-address", "password": "", "csrf_token": csrf_token(page.text)},
        headers={"Accept-Language": "de"},
    )
    assert response.status_code == 200
    assert 'lang="de"' in response.text
    assert 'value="not-an-address"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert "Please enter your password." not in response.text  # in German, not English


def test_sign_in_renews_the_session_and_goes_where_asked(app, accounts):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    response = sign_in(client, accounts["admin"], next_url="/editor/audit")
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/audit"
    with client.session_transaction() as session:
        assert "planted" not in session
    assert client.get("/editor/audit").status_code == 200
    with app.app_context():
        account = db.session.scalars(select(Account).where(Account.email == accounts["admin"]))
        assert account.one().last_login_at is not None


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/editor/", "/\\evil.example", "/en/", "javascript:x"],
)
def test_no_open_redirect_after_sign_in(app, accounts, target):
    client = app.test_client()
    response = sign_in(client, accounts["observer"], next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/"


def test_anonymous_is_sent_to_sign_in_and_back(app, accounts):
    client = app.test_client()
    response = client.get("/editor/users?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/login?next=/editor/users?x%3D1"


def test_idle_sessions_end(app, signed_in):
    client = signed_in("city_editor")
    assert client.get("/editor/").status_code == 200
    with client.session_transaction() as session:
        session["editor_seen"] -= app.config["EDITOR_IDLE_MINUTES"] * 60 + 1
    response = client.get("/editor/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/editor/login")
    assert "without activity" in client.get(response.headers["Location"]).text
    assert client.get("/editor/").status_code == 302


def test_sign_out_ends_the_session_and_is_logged(app, signed_in, accounts):
    client = signed_in("translator")
    before = _events(app, accounts["translator"], "logout")
    token = csrf_token(client.get("/editor/").text)
    assert client.post("/editor/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/editor/").status_code == 302
    assert _events(app, accounts["translator"], "logout") == before + 1


def test_deactivated_accounts_cannot_sign_in_and_lose_their_sessions(app, make_app):
    from navigator.editor.auth import end_all_sessions, hash_password

    with app.app_context():
        account = Account(
            email="leaving@editor-tests.example.org",
            role="city_editor",
            password_hash=hash_password(PASSWORD),
        )
        db.session.add(account)
        db.session.commit()
        account_id = account.id
    client = app.test_client()
    assert sign_in(client, "leaving@editor-tests.example.org").status_code == 302
    assert client.get("/editor/").status_code == 200
    with app.app_context():
        account = db.session.get(Account, account_id)
        account.active = False
        end_all_sessions(account)
        db.session.commit()
    assert client.get("/editor/").status_code == 302
    assert sign_in(client, "leaving@editor-tests.example.org").status_code == 401


def test_the_back_office_is_not_for_search_engines(client):
    assert "Disallow: /editor/" in client.get("/robots.txt").text
    assert client.get("/editor/login").headers["X-Robots-Tag"] == "noindex, nofollow"
