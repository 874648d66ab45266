"""Back-office fixtures: one account per role in the suite's database, signed-in clients."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from navigator import create_app, migrate
from navigator.content.loader import load_pack
from navigator.db import db
from navigator.directory.models import Service
from navigator.editor.auth import hash_password
from navigator.editor.models import ROLES, Account
from tests.conftest import DEMO_PACK, FIXED_NOW, _base_url, _drop_schema, _fresh, csrf_token

PASSWORD = "correct horse battery staple"
#: the organisation editor's (and the scoped author's) organisation in the demo pack
ORGANISATION = "city-library"
OTHER_ORGANISATION = "health-department"


def email_of(role: str) -> str:
    return f"{role}@editor-tests.example.org"


@pytest.fixture(scope="session")
def accounts(app):  # type: ignore[no-untyped-def]
    """role -> e-mail of an active account with that role (created once per test session)."""
    from navigator.directory.models import Organisation

    with app.app_context():
        org = db.session.scalars(select(Organisation).where(Organisation.slug == ORGANISATION))
        organisation_id = org.one().id
        for role in ROLES:
            if db.session.scalars(select(Account).where(Account.email == email_of(role))).first():
                continue
            db.session.add(
                Account(
                    email=email_of(role),
                    role=role,
                    password_hash=hash_password(PASSWORD),
                    organisation_id=organisation_id if role == "organisation_editor" else None,
                    locales="ar,fa" if role == "translator" else "",
                )
            )
        db.session.commit()
    return {role: email_of(role) for role in ROLES}


def sign_in(client, email: str, password: str = PASSWORD, next_url: str = ""):  # type: ignore[no-untyped-def]
    page = client.get("/editor/login")
    query = f"?next={next_url}" if next_url else ""
    return client.post(
        f"/editor/login{query}",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
    )


@pytest.fixture
def signed_in(app, accounts):  # type: ignore[no-untyped-def]
    """signed_in(role) -> a test client signed in with that role's account."""

    def make(role: str):  # type: ignore[no-untyped-def]
        client = app.test_client()
        response = sign_in(client, accounts[role])
        assert response.status_code == 302, response.text
        return client

    return make


class Inbox:
    """Messages a real SMTP server on loopback (aiosmtpd) received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    """(host, port, inbox) of an SMTP server running for the test."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd cannot start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port, inbox
    finally:
        controller.stop()


@pytest.fixture
def mail_app(make_app, smtp_server, accounts):  # type: ignore[no-untyped-def]
    host, port, inbox = smtp_server
    application = make_app(
        MAIL_SERVER=host, MAIL_PORT=port, MAIL_DEFAULT_SENDER="navigator@demo.example.org"
    )
    application.inbox = inbox  # type: ignore[attr-defined]
    return application


@contextmanager
def demo_app(tmp_path_factory, name: str) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    """An app on a fresh database of its own (SQLite file or PostgreSQL schema, dropped
    afterwards) with the demo pack loaded and the clock fixed."""
    tmp = tmp_path_factory.mktemp(name)
    url = _fresh(_base_url(tmp), tmp, name)
    migrate.upgrade(url)
    application = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "NOW": FIXED_NOW,
            "RATELIMIT_ENABLED": False,
            "PAGE_CACHE_SIZE": 0,
        }
    )
    with application.app_context():
        load_pack(db.session, DEMO_PACK)
        db.session.commit()
    try:
        yield application
    finally:
        application.extensions["navigator_db"].dispose()
        _drop_schema(url)


@pytest.fixture(scope="module")
def editing_app(tmp_path_factory) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    """An app on a database of its own with the demo pack and one account per role (and a
    second city editor), for tests that change content."""
    with demo_app(tmp_path_factory, "editing") as application:
        with application.app_context():
            library = db.session.scalars(
                select(Service.organisation_id).where(Service.slug == "language-cafe")
            ).one()
            for role in ROLES:
                db.session.add(
                    Account(
                        email=email_of(role),
                        role=role,
                        password_hash=hash_password(PASSWORD),
                        organisation_id=library if role == "organisation_editor" else None,
                        locales="ar" if role == "translator" else "",
                    )
                )
            db.session.add(
                Account(
                    email="second.editor@editor-tests.example.org",
                    role="city_editor",
                    password_hash=hash_password(PASSWORD),
                )
            )
            db.session.commit()
        yield application
