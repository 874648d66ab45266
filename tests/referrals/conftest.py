"""Referral fixtures: an app on a database of its own (referrals are written), accounts for
the desk, the receiving organisation and another one, and a helper that sends a referral
through the desk's form."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Location, Organisation
from navigator.editor.auth import hash_password
from navigator.editor.models import Account
from tests.conftest import FIXED_NOW, csrf_token
from tests.editor.conftest import PASSWORD, demo_app, sign_in, smtp_server  # noqa: F401

SERVICE = "language-cafe"  # offered by city-library
OTHER_SERVICE = "gp-registration-help"  # offered by health-department
CENTRE, OTHER_CENTRE = "international-house", "central-library"
#: name -> (role, organisation slug, welcome centre slug)
PEOPLE = {
    "desk": ("desk", None, CENTRE),
    "other_desk": ("desk", None, OTHER_CENTRE),
    "partner": ("organisation_editor", "city-library", None),
    "other_partner": ("organisation_editor", "health-department", None),
    "city_editor": ("city_editor", None, None),
    "admin": ("admin", None, None),
    "author": ("author", None, None),
    "translator": ("translator", None, None),
    "observer": ("observer", None, None),
}


def email(name: str) -> str:
    return f"{name}@referral-tests.example.org"


@pytest.fixture(scope="session")
def referral_app(tmp_path_factory) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    with demo_app(tmp_path_factory, "referrals") as application:
        with application.app_context():
            for name, (role, organisation, centre) in PEOPLE.items():
                org = db.session.scalars(
                    select(Organisation).where(Organisation.slug == organisation)
                )
                place = db.session.scalars(select(Location).where(Location.slug == centre))
                db.session.add(
                    Account(
                        email=email(name),
                        role=role,
                        password_hash=hash_password(PASSWORD),
                        organisation_id=org.one().id if organisation else None,
                        location_id=place.one().id if centre else None,
                        locales="ar" if role == "translator" else "",
                    )
                )
            db.session.commit()
        yield application


@pytest.fixture
def app(referral_app):  # type: ignore[no-untyped-def]
    referral_app.config["NOW"] = FIXED_NOW
    yield referral_app
    referral_app.config["NOW"] = FIXED_NOW
    referral_app.config["MAIL_SERVER"] = ""


@pytest.fixture
def as_(app):  # type: ignore[no-untyped-def]
    """as_(name) -> a client signed in as one of PEOPLE."""

    def make(name: str):  # type: ignore[no-untyped-def]
        client = app.test_client()
        assert sign_in(client, email(name)).status_code == 302
        return client

    return make


FULL = {
    "share_name": "y",
    "name": "Amal K.",
    "share_contact": "y",
    "contact_channel": "email",
    "contact": "amal@example.org",
    "share_language": "y",
    "share_need": "y",
    "share_note": "y",
    "note": "Prefers mornings",
    "retention": "30",
    "consent": "y",
}


def new_url(service: str = SERVICE, need: str = "language-learning", visitor: str = "ar") -> str:
    query = f"service={service}&visitor={visitor}&staff=de"
    return f"/desk/referrals/new?{query}" + (f"&need={need}" if need else "")


def send_referral(client, data: dict | None = None, **kwargs):  # type: ignore[no-untyped-def, type-arg]
    """Post the consent form; (response, private link token or None)."""
    url = new_url(**kwargs)
    token = csrf_token(client.get(url).text)
    response = client.post(url, data={"csrf_token": token, **(FULL if data is None else data)})
    found = re.search(r"/referral/([\w-]{20,})", response.text)
    return response, found.group(1) if found else None
