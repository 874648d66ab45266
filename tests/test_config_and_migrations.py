"""Configuration from the environment, start-up refusal, migrations on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from navigator import create_app, migrate
from navigator.config import from_environment
from navigator.db import Base, make_engine


def test_configuration_comes_from_the_environment():
    config = from_environment(
        {
            "DATABASE_URL": "postgresql://db/navigator",
            "SECRET_KEY": "s" * 40,
            "NAVIGATOR_LOCALES": "en, ar,uk",
            "NAVIGATOR_DEFAULT_LOCALE": "ar",
            "NAVIGATOR_CITY_NAME": "Utrecht",
            "NAVIGATOR_TIMEZONE": "Europe/Amsterdam",
        }
    )
    assert config["DATABASE_URL"] == "postgresql://db/navigator"
    assert config["LOCALES"] == ("en", "ar", "uk")
    assert config["DEFAULT_LOCALE"] == "ar"
    assert config["CITY_NAME"] == "Utrecht"
    assert config["TIMEZONE"] == "Europe/Amsterdam"


@pytest.mark.parametrize(
    "key",
    [None, "", "change-me", "development-key", "x", "short-but-random-31-characters!", "a" * 64],
)
def test_refuses_to_start_outside_debug_without_a_real_secret_key(monkeypatch, key):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY") as refused:
        create_app({"DATABASE_URL": "sqlite://"})
    assert "secrets.token_urlsafe(48)" in str(refused.value)


def test_refuses_broken_token_keys(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-0123456789")
    monkeypatch.setenv("NAVIGATOR_TOKEN_KEYS", "not-a-fernet-key")
    with pytest.raises(RuntimeError, match=r"Fernet\.generate_key"):
        create_app({"DATABASE_URL": "sqlite://"})


def test_starts_with_a_real_secret_key(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-0123456789")
    monkeypatch.setenv("NAVIGATOR_PUBLIC_URL", "https://navigator.example.org")
    assert create_app({"DATABASE_URL": "sqlite://"}).config["SECRET_KEY"].startswith("a-long")


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(make_app, tmp_path):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/no/such/dir.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


def test_migrations_upgrade_downgrade_and_match_the_models(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        # The fixture upgraded to head: the schema must equal the models (no drift).
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_object": lambda obj, name, type_, *_: (
                        not (type_ == "table" and name and name.startswith("search_index"))
                    ),
                },
            )
            assert compare_metadata(context, Base.metadata) == []
        assert "search_index" in inspect(engine).get_table_names()
        migrate.downgrade(fresh_database_url, "base")
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) <= {"alembic_version"}
        migrate.upgrade(fresh_database_url)
        assert "service" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_cli_db_upgrade_and_downgrade(make_app, fresh_database_url):
    app = make_app(DATABASE_URL=fresh_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "downgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "upgraded" in result.output
