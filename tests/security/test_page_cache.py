"""The per-worker page cache (core/caching.py): public pages are kept by their ETag and
served again to readers without a session; personal pages never are; a content change is
seen at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.pathway.source import content_changed

PAGE = "/en/services/welcome-centre"


@pytest.fixture
def cached_app(app, make_app):  # type: ignore[no-untyped-def]
    """A second app on the demo city (loaded by `app`) with the page cache on."""
    return make_app(PAGE_CACHE_SIZE=8)


def _rename(app, title: str, *, announce: bool) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == "welcome-centre")).one()
        before = service.translations["en"].title
        service.translations["en"].title = title
        if announce:
            content_changed(db.session)
        db.session.commit()
    return before


def test_a_kept_page_is_served_again_and_a_content_change_is_seen(cached_app):
    client = cached_app.test_client()
    first = client.get(PAGE)
    assert first.status_code == 200
    before = _rename(cached_app, "Renamed quietly", announce=False)
    try:
        again = client.get(PAGE)
        # Kept: the same page, with the headers every page has.
        assert again.get_data() == first.get_data()
        assert "Content-Security-Policy" in again.headers
        assert again.headers["ETag"] == first.headers["ETag"]
        _rename(cached_app, "Renamed by the city", announce=True)
        assert "Renamed by the city" in client.get(PAGE).get_data(as_text=True)
    finally:
        _rename(cached_app, before, announce=True)


def test_readers_with_a_session_get_a_fresh_page(cached_app):
    client = cached_app.test_client()
    client.get(PAGE)
    before = _rename(cached_app, "Renamed quietly", announce=False)
    try:
        client.set_cookie(cached_app.config["SESSION_COOKIE_NAME"], "anything")
        assert "Renamed quietly" in client.get(PAGE).get_data(as_text=True)
    finally:
        _rename(cached_app, before, announce=True)


@pytest.mark.parametrize("path", ["/en/search?q=doctor", "/en/start"])
def test_personal_pages_are_never_kept(cached_app, path):
    client = cached_app.test_client()
    client.get(path)
    assert len(cached_app.extensions["navigator.pages"]) == 0


def test_the_cache_is_bounded(cached_app):
    client = cached_app.test_client()
    for page in range(1, 12):
        client.get(f"/en/topics/health?page={page}")
    assert len(cached_app.extensions["navigator.pages"]) <= 8
