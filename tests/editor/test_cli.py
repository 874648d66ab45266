"""`flask users create|list|deactivate`, and the demo administrator `init` makes in debug."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.editor.models import Account, AuditEvent
from tests.editor.conftest import sign_in

PASSWORD = "a long enough password"


def test_create_reads_the_password_from_standard_input(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "New.Editor@Editor-Tests.example.org",
            "--role",
            "organisation_editor",
            "--organisation",
            "city-library",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    email = "new.editor@editor-tests.example.org"
    with app.app_context():
        account = db.session.scalars(select(Account).where(Account.email == email)).one()
        assert account.role == "organisation_editor"
        assert account.organisation.slug == "city-library"
        assert account.password_hash.startswith("$argon2id$")
        logged = db.session.scalars(
            select(AuditEvent).where(AuditEvent.target == f"account:{email}")
        ).all()
        assert [event.action for event in logged] == ["account_created"]
    assert sign_in(app.test_client(), email, PASSWORD).status_code == 302
    listed = runner.invoke(args=["users", "list"]).output
    assert f"{email}\torganisation_editor\tcity-library\t-\tactive" in listed


@pytest.mark.parametrize(
    ("arguments", "password", "message"),
    [
        (["short@editor-tests.example.org", "--role", "author"], "too short", "at least 12"),
        (
            ["x@editor-tests.example.org", "--role", "organisation_editor"],
            PASSWORD,
            "--organisation",
        ),
        (
            ["x@editor-tests.example.org", "--role", "author", "--organisation", "nope"],
            PASSWORD,
            "no organisation",
        ),
        (["x@editor-tests.example.org", "--role", "translator"], PASSWORD, "--locales"),
        (
            ["x@editor-tests.example.org", "--role", "translator", "--locales", "xx"],
            PASSWORD,
            "unknown locales",
        ),
        (["not-an-address", "--role", "author"], PASSWORD, "not an e-mail address"),
        (["x@editor-tests.example.org", "--role", "superuser"], PASSWORD, "Invalid value"),
    ],
)
def test_create_refuses_what_cannot_work(runner, arguments, password, message):
    result = runner.invoke(args=["users", "create", *arguments], input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output


def test_an_address_has_one_account(runner, accounts):
    result = runner.invoke(
        args=["users", "create", accounts["author"].upper(), "--role", "author"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code != 0 and "exists already" in result.output


def test_deactivate_ends_sessions_and_sign_ins(app, runner):
    email = "deactivate.me@editor-tests.example.org"
    runner.invoke(args=["users", "create", email, "--role", "observer"], input=PASSWORD + "\n")
    client = app.test_client()
    assert sign_in(client, email, PASSWORD).status_code == 302
    result = runner.invoke(args=["users", "deactivate", email])
    assert result.exit_code == 0 and "deactivated" in result.output
    assert client.get("/editor/").status_code == 302
    assert sign_in(app.test_client(), email, PASSWORD).status_code == 401
    assert f"{email}\tobserver\t-\t-\tdeactivated" in runner.invoke(args=["users", "list"]).output


def test_init_in_debug_prints_a_demo_administrator_once(make_app, fresh_database_url, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")  # as the README's first command runs it
    application = make_app(DATABASE_URL=fresh_database_url)
    runner = application.test_cli_runner()
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    line = next(line for line in first.output.splitlines() if "back office" in line)
    password = line.split("with the password ")[1].split(" ")[0]
    assert sign_in(application.test_client(), "admin@example.org", password).status_code == 302
    again = runner.invoke(args=["init"])
    assert "back office" not in again.output


def test_init_outside_debug_makes_no_account(make_app, fresh_database_url):
    application = make_app(DATABASE_URL=fresh_database_url)
    result = application.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0 and "back office" not in result.output
    with application.app_context():
        assert db.session.scalars(select(Account)).first() is None
