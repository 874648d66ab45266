"""Guessing passwords is slow: sign-in attempts are limited per address and per account,
in memory or in the real Redis at 127.0.0.1:6379 (shared by every app server)."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import csrf_token
from tests.editor.conftest import PASSWORD
from tests.serving.test_rate_limits import REDIS_URL, _redis_available


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, make_app, accounts):  # type: ignore[no-untyped-def]
    settings = {
        "RATELIMIT_ENABLED": True,
        "LOGIN_RATE_LIMIT": "3 per minute",
        "LOGIN_ACCOUNT_RATE_LIMIT": "4 per hour",
        "RATELIMIT_KEY_PREFIX": f"navigator-test-{uuid.uuid4().hex}",
    }
    if request.param == "redis":
        if not _redis_available():
            pytest.fail("Redis must run at 127.0.0.1:6379 for this test (see README)")
        settings["RATELIMIT_STORAGE_URI"] = REDIS_URL
    return make_app(**settings)


def _try(client, email: str, address: str, password: str = "wrong password") -> int:  # type: ignore[no-untyped-def]  # noqa: S107
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client.get("/editor/login", environ_base=environ).text)
    response = client.post(
        "/editor/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base=environ,
    )
    return response.status_code


def test_one_address_is_slowed_down(limited_app, accounts):
    client = limited_app.test_client()
    codes = [_try(client, accounts["author"], "192.0.2.1") for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    # The page says so in the reader's language, with the usual headers.
    environ = {"REMOTE_ADDR": "192.0.2.1"}
    token = csrf_token(client.get("/editor/login", environ_base=environ).text)
    response = client.post(
        "/editor/login",
        data={"email": accounts["author"], "password": "x", "csrf_token": token},
        environ_base=environ,
        headers={"Accept-Language": "ar"},
    )
    assert response.status_code == 429 and 'dir="rtl"' in response.text
    assert "Content-Security-Policy" in response.headers
    # Reading the form is not limited, and another address may still try.
    assert client.get("/editor/login", environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code == 200
    assert _try(client, accounts["observer"], "192.0.2.2", PASSWORD) == 302


def test_one_account_is_protected_from_many_addresses(limited_app, accounts):
    client = limited_app.test_client()
    codes = [_try(client, accounts["city_editor"], f"198.51.100.{i}") for i in range(5)]
    assert codes == [401, 401, 401, 401, 429]
    # Even the right password waits now; other accounts do not.
    assert _try(limited_app.test_client(), accounts["city_editor"], "198.51.100.9", PASSWORD) == 429
    assert _try(limited_app.test_client(), accounts["observer"], "198.51.100.9", PASSWORD) == 302
