"""Feedback fixtures: the demo city on a database of its own (feedback is written, counted
and purged here), one account per role, and helpers to post the public form."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, select

from navigator.db import db
from navigator.editor.models import ROLES
from navigator.feedback.models import Feedback, ZeroResultSearch
from tests.conftest import csrf_token
from tests.editor.conftest import editing_app, email_of, signed_in  # noqa: F401 - fixtures

SERVICE = "service:language-cafe"  # city-library's, the organisation editor's own


@pytest.fixture(scope="module")
def app(editing_app):  # type: ignore[no-untyped-def]  # noqa: F811
    return editing_app


@pytest.fixture(scope="module")
def accounts(editing_app):  # type: ignore[no-untyped-def]  # noqa: F811
    return {role: email_of(role) for role in ROLES}


@pytest.fixture
def no_feedback(app):  # type: ignore[no-untyped-def]
    """No feedback and no counted searches (every test of the database modules starts so)."""
    with app.app_context():
        db.session.execute(delete(Feedback))
        db.session.execute(delete(ZeroResultSearch))
        db.session.commit()


def stored(app) -> list[Feedback]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(db.session.scalars(select(Feedback).order_by(Feedback.id)))


def form_page(client, page: str = SERVICE, **args: str):  # type: ignore[no-untyped-def]
    response = client.get("/en/feedback", query_string={"page": page, **args})
    assert response.status_code == 200, response.text
    return response


def send(client, page: str = SERVICE, *, locale: str = "en", **data: str):  # type: ignore[no-untyped-def]
    """Open the feedback page as a link would, then post its form with `data`."""
    token = csrf_token(client.get(f"/{locale}/feedback", query_string={"page": page}).text)
    return client.post(f"/{locale}/feedback", data={"csrf_token": token, "page": page, **data})


def links(html: str) -> list[str]:
    return [
        href.replace("&amp;", "&") for href in re.findall(r'href="([^"]*/feedback\?[^"]*)"', html)
    ]
