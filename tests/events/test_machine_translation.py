"""Machine translation of events as of every listing: a suggestion fills the empty boxes of
the side-by-side editor and publishes nothing; published as a machine translation, the
event's page, its card and a plan label it; a translator's save removes the label. The
provider is a loopback server speaking DeepL's API (tests/editor/deepl_server.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.events.models import Event
from navigator.translatable import TranslationState
from tests.editor.conftest import editing_app  # noqa: F401 - the fixture
from tests.editor.deepl_server import KEY, Running
from tests.editor.test_editing import client_for, form_data

SLUG = "welcome-day"
PAGE = f"/editor/translations/fa/events/{SLUG}"


@pytest.fixture(scope="module")
def app(editing_app):  # type: ignore[no-untyped-def]  # noqa: F811
    running = Running()
    editing_app.config.update(
        MT_PROVIDER="deepl", DEEPL_AUTH_KEY=KEY, DEEPL_SERVER_URL=running.fake.url, MT_RETRIES=0
    )
    yield editing_app
    editing_app.config.update(MT_PROVIDER="")
    running.stop()


def _event() -> Event:
    return db.session.scalars(select(Event).where(Event.slug == SLUG)).one()


def _notices(page: str) -> list[str]:
    return re.findall(r'<p class="fallback-notice machine-notice"[^>]*>(.*?)</p>', page, re.S)


def test_suggest_then_publish_as_machine_then_review(app) -> None:  # type: ignore[no-untyped-def]
    client = client_for(app)
    page = client.get(PAGE).text
    assert '<html lang="en" dir="ltr">' in page  # the page is in the editor's language
    assert "Suggest a machine translation" not in page  # every box is filled: nothing to fill
    data = form_data(page)
    typed_title = str(data["title"])
    data.update(summary="", registration="", action="suggest")  # boxes the translator emptied
    suggested = client.post(PAGE, data=data)
    assert suggested.status_code == 200
    values = {k: str(v).strip() for k, v in form_data(suggested.text).items()}
    assert values["title"] == typed_title.strip()  # a person's text is never replaced
    assert values["summary"].startswith("[FA] ")
    assert values["registration"].startswith("[FA] ")
    assert values["machine_fields"] == "summary,registration"
    with app.app_context():
        assert not _event().translations["fa"].summary.startswith("[FA]")  # nothing published
    assert "Publish as machine translation" in suggested.text

    values["action"] = "machine"
    assert client.post(PAGE, data=values).status_code == 302
    with app.app_context():
        event = _event()
        assert event.translations["fa"].machine is True
        assert event.translation_state("fa") is TranslationState.MACHINE
    public = app.test_client()
    event_page = public.get(f"/fa/events/{SLUG}").text
    notices = _notices(event_page)
    assert len(notices) == 1 and f'<a href="/en/events/{SLUG}" hreflang="en">' in notices[0]
    assert "[FA] " in event_page
    listing = public.get("/fa/events").text
    card = next(
        c
        for c in re.findall(r'<article class="card event-card">.*?</article>', listing, re.S)
        if f'/fa/events/{SLUG}"' in c
    )
    assert "badge-machine" in card
    listed = client.get("/editor/translations/fa?state=machine&kind=events").text
    assert PAGE in listed

    page = client.get(PAGE).text
    data = form_data(page)
    data["summary"] = "هر شنبه اول ماه: با شهر آشنا شوید."
    assert client.post(PAGE, data=data).status_code == 302  # a translator's ordinary save
    with app.app_context():
        assert _event().translations["fa"].machine is False
    assert _notices(public.get(f"/fa/events/{SLUG}").text) == []
