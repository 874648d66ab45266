"""Two-factor sign-in (TOTP): set up with a code, asked after the password, each code once,
the pending step expires, and administrators can be required to use it."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.editor import twofactor
from navigator.editor.auth import hash_password
from navigator.editor.models import Account
from tests.conftest import csrf_token
from tests.editor.conftest import PASSWORD, sign_in


@pytest.fixture
def fresh_account(app):  # type: ignore[no-untyped-def]
    """A new city editor per test (two-factor state does not leak between tests)."""
    email = f"twofactor-{time.monotonic_ns()}@editor-tests.example.org"
    with app.app_context():
        db.session.add(
            Account(email=email, role="city_editor", password_hash=hash_password(PASSWORD))
        )
        db.session.commit()
    return email


def _secret_from(page: str) -> str:
    found = re.search(r'<code dir="ltr">([A-Z2-7 ]+)</code>', page)
    assert found, "no key on the set-up page"
    return found.group(1).replace(" ", "")


def _post_code(client, path: str, code: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(path).text)
    return client.post(path, data={"code": code, "csrf_token": token})


def _code(secret: str, steps_ago: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() - steps_ago * 30)


def _away_from_a_step_boundary(margin: float = 10.0) -> None:
    """Wait for a new 30-second step when this one ends within `margin` seconds: a test that
    names codes by "now" and "one step ago" must not see "now" move on halfway."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.1)


def test_set_up_then_asked_for_a_code_each_code_once(app, fresh_account):
    _away_from_a_step_boundary()
    client = app.test_client()
    assert sign_in(client, fresh_account).status_code == 302
    page = client.get("/editor/two-factor").text
    assert "<svg" in page  # the QR code, inline
    secret = _secret_from(page)
    assert _post_code(client, "/editor/two-factor", "000000").status_code == 200
    with app.app_context():
        account = db.session.scalars(select(Account).where(Account.email == fresh_account))
        assert account.one().totp_secret is None  # a wrong code turns nothing on
    done = _post_code(client, "/editor/two-factor", _code(secret, steps_ago=1))
    assert done.status_code == 302, done.text
    assert done.headers["Location"] == "/editor/"
    with app.app_context():
        account = db.session.scalars(select(Account).where(Account.email == fresh_account))
        assert account.one().totp_secret == secret

    other = app.test_client()
    after_password = sign_in(other, fresh_account)

    assert after_password.status_code == 302
    assert after_password.headers["Location"].startswith("/editor/login/code")
    assert other.get("/editor/").status_code == 302  # not signed in yet
    wrong = _post_code(other, "/editor/login/code", "123456")
    assert wrong.status_code == 401 and "That code is not right" in wrong.text
    # The code used to turn it on (one step ago) is spent; the current one works.
    assert _post_code(other, "/editor/login/code", _code(secret, steps_ago=1)).status_code == 401
    assert _post_code(other, "/editor/login/code", _code(secret)).status_code == 302
    assert other.get("/editor/").status_code == 200
    # The same code again, in another session: refused (replay).
    third = app.test_client()
    sign_in(third, fresh_account)
    assert _post_code(third, "/editor/login/code", _code(secret)).status_code == 401


def test_the_code_step_expires(app, fresh_account):
    with app.app_context():
        account = db.session.scalars(select(Account).where(Account.email == fresh_account)).one()
        account.totp_secret = secret = twofactor.new_secret()
        db.session.commit()
    client = app.test_client()
    sign_in(client, fresh_account)
    with client.session_transaction() as session:
        pending = session[twofactor.PENDING]
        session[twofactor.PENDING] = {
            **pending,
            "at": pending["at"] - twofactor.PENDING_SECONDS - 1,
        }
    response = client.get("/editor/login/code")
    assert response.status_code == 302 and response.headers["Location"].startswith("/editor/login")
    assert client.post("/editor/login/code", data={"code": _code(secret)}).status_code in (302, 400)
    assert client.get("/editor/").status_code == 302


def test_matching_step_accepts_only_six_digits_near_now():
    secret = twofactor.new_secret()
    now = time.time()
    step = int(now // 30)
    totp = pyotp.TOTP(secret)
    assert twofactor.matching_step(secret, totp.generate_otp(step), now) == step
    assert twofactor.matching_step(secret, totp.generate_otp(step + 1), now) == step + 1
    assert twofactor.matching_step(secret, totp.generate_otp(step - 2), now) is None
    assert twofactor.matching_step(secret, "12345", now) is None
    assert twofactor.matching_step(secret, "abcdef", now) is None
    spaced = totp.generate_otp(step)
    assert twofactor.matching_step(secret, f"{spaced[:3]} {spaced[3:]}", now) == step


def test_admins_must_set_it_up_when_required(make_app, accounts):
    application = make_app(REQUIRE_2FA=True)
    with application.app_context():
        email = f"admin-{time.monotonic_ns()}@editor-tests.example.org"
        db.session.add(Account(email=email, role="admin", password_hash=hash_password(PASSWORD)))
        db.session.commit()
    client = application.test_client()
    assert sign_in(client, email).status_code == 302
    for path in ("/editor/", "/editor/users", "/editor/audit"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/editor/two-factor"
    page = client.get("/editor/two-factor").text
    assert "must set up two-factor sign-in" in page
    assert _post_code(client, "/editor/two-factor", _code(_secret_from(page))).status_code == 302
    assert client.get("/editor/users").status_code == 200
    # ... and cannot turn it off again.
    page = client.get("/editor/two-factor").text
    assert "cannot be turned off" in page and "Turn off two-factor sign-in" not in page
    # Other roles are not forced.
    editor = application.test_client()
    assert sign_in(editor, accounts["city_editor"]).status_code == 302
    assert editor.get("/editor/").status_code == 200


def test_turning_it_off_needs_a_code(app, fresh_account):
    _away_from_a_step_boundary()
    client = app.test_client()
    sign_in(client, fresh_account)
    secret = _secret_from(client.get("/editor/two-factor").text)
    _post_code(client, "/editor/two-factor", _code(secret, steps_ago=1))
    assert _post_code(client, "/editor/two-factor", "000000").status_code == 200
    assert _post_code(client, "/editor/two-factor", _code(secret)).status_code == 302
    with app.app_context():
        account = db.session.scalars(select(Account).where(Account.email == fresh_account))
        assert account.one().totp_secret is None
