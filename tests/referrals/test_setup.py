"""Migration 0012 up and down, the keys' configuration, and private links kept out of
the logs."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from navigator import create_app, migrate
from navigator.db import make_engine
from navigator.serving import redact


def test_migration_0012_downgrades_and_upgrades(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        assert {"referral", "referral_status"} <= set(inspect(engine).get_table_names())
        migrate.downgrade(fresh_database_url, "0011")
        tables = set(inspect(engine).get_table_names())
        assert "referral" not in tables and "referral_status" not in tables
        assert "account" in tables
        migrate.upgrade(fresh_database_url)
        assert {"referral", "referral_status"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_refuses_referral_keys_that_are_not_fernet_keys(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 20 + "a-long-and-random-secret-key")
    monkeypatch.setenv("NAVIGATOR_PUBLIC_URL", "https://navigator.example.org")
    monkeypatch.setenv("NAVIGATOR_REFERRAL_KEYS", "not-a-fernet-key")
    with pytest.raises(RuntimeError, match="NAVIGATOR_REFERRAL_KEYS"):
        create_app()


def test_private_referral_links_are_redacted_in_logs():
    line = "GET /ar/referral/AbCdEfGhIjKlMnOpQrStUvWxYz012345/withdraw HTTP/1.1"
    assert "AbCdEf" not in redact(line)
    assert "/ar/referral/…/withdraw" in redact(line)
    assert redact("/en/referral/withdrawn") == "/en/referral/withdrawn"


def test_the_private_page_is_rate_limited(make_app):
    import uuid

    limited = make_app(
        RATELIMIT_ENABLED=True,
        REFERRAL_RATE_LIMIT="2 per hour",
        RATELIMIT_KEY_PREFIX=f"navigator-test-{uuid.uuid4().hex}",
    )
    client = limited.test_client()
    codes = [client.get("/de/referral/guessing-a-token-0123456789").status_code for _ in range(3)]
    assert codes == [404, 404, 429]
    url = "/de/referral/guessing-a-token-0123456789/withdraw"
    assert [client.post(url).status_code for _ in range(3)] == [404, 404, 429]


def test_the_back_office_navigation_links_the_inbox(as_):
    assert 'href="/editor/referrals"' in as_("partner").get("/editor/").text
    assert 'href="/editor/referrals"' not in as_("translator").get("/editor/").text


def test_idle_back_office_sessions_end_on_referral_pages_too(app, as_):
    client = as_("desk")
    assert client.get("/desk/referrals").status_code == 200
    with client.session_transaction() as session:
        session["editor_seen"] -= app.config["EDITOR_IDLE_MINUTES"] * 60 + 1
    response = client.get("/desk/referrals")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/editor/login")
    assert client.get("/editor/referrals").status_code == 302
