"""Front-desk fixtures: a desk account at the demo city's welcome centre, signed in."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Location
from navigator.editor.models import Account
from tests.conftest import csrf_token
from tests.editor.conftest import (  # noqa: F401 (fixtures)
    accounts,
    editing_app,
    email_of,
    mail_app,
    sign_in,
    signed_in,
    smtp_server,
)

#: the demo city's welcome centre (a location shared by several organisations)
WELCOME_CENTRE = "international-house"


@pytest.fixture
def desk(app, accounts):  # type: ignore[no-untyped-def]  # noqa: F811
    """A test client signed in as the front-desk account, which works at the welcome centre."""
    with app.app_context():
        account = db.session.scalars(select(Account).where(Account.email == email_of("desk")))
        account = account.one()
        centre = db.session.scalars(select(Location).where(Location.slug == WELCOME_CENTRE))
        account.location_id = centre.one().id
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, email_of("desk")).status_code == 302
    return client


def token_of(html: str) -> str:
    """The session's token in a desk page's form."""
    match = re.search(r'name="t" type="hidden" value="([^"]+)"', html)
    assert match, "the page has no session token"
    return match.group(1)


def fact_of(html: str) -> str:
    match = re.search(r'name="fact" type="hidden" value="([^"]*)"', html)
    assert match, "the page is not a question"
    return match.group(1)


class Session:
    """A desk session driven like the browser: every step posts the page's form back."""

    def __init__(self, client, staff: str = "de", visitor: str = "ar") -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.response = client.get(f"/desk/sessions/new?staff={staff}&visitor={visitor}")
        assert self.response.status_code == 200, self.response.text

    @property
    def html(self) -> str:
        return self.response.text

    def post(self, path: str = "/desk/sessions/step", **data):  # type: ignore[no-untyped-def]
        form = {"csrf_token": csrf_token(self.html), "t": token_of(self.html), **data}
        self.response = self.client.post(path, data=form)
        return self.response

    def answer(self, value, **extra):  # type: ignore[no-untyped-def]
        return self.post(fact=fact_of(self.html), answer=value, next="y", **extra)

    def dont_know(self):  # type: ignore[no-untyped-def]
        return self.post(fact=fact_of(self.html), dont_know="y")

    def back(self):  # type: ignore[no-untyped-def]
        return self.post(fact=fact_of(self.html), back="y")


@pytest.fixture
def session(desk):  # type: ignore[no-untyped-def]
    return Session(desk)
