"""/sitemap.xml: an index of per-locale sitemap files, each within the sitemaps.org limits,
with hreflang alternates, under the configured public address."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import update

from navigator.config import ALL_LOCALES
from navigator.content.loader import load_pack
from navigator.db import db
from navigator.directory import sitemap
from navigator.directory.models import City, Organisation, Service, Topic
from navigator.events.models import Event
from tests.conftest import DEMO_PACK

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "https://navigator.example.org"
PUBLISHED = 49


@pytest.fixture
def public(app, make_app):  # type: ignore[no-untyped-def]
    """The demo city served under a public address (the suite's app loaded it)."""
    return make_app(PUBLIC_URL=BASE).test_client()


def files(client) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314 - the app's own XML
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def urls(client, url: str) -> list[ET.Element]:  # type: ignore[no-untyped-def]
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 200, url
    return ET.fromstring(response.data).findall("s:url", NS)  # noqa: S314 - the app's own XML


def counts(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return (
            len(sitemap.PLAIN_PAGES)
            + db.session.query(Topic).count()
            + db.session.query(Organisation).count()
            + PUBLISHED
            + db.session.query(Event).filter(Event.status == "published").count()
        )


def test_the_index_lists_one_file_per_locale_under_the_public_address(public):
    listed = files(public)
    assert listed == [f"{BASE}/sitemaps/{locale}-1.xml" for locale in ALL_LOCALES]
    # A forged Host header changes nothing.
    forged = public.get("/sitemap.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in forged
    robots = public.get("/robots.txt").get_data(as_text=True)
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_a_locale_file_lists_its_pages_with_every_alternate(app, public):
    entries = urls(public, f"{BASE}/sitemaps/ar-1.xml")
    assert len(entries) == counts(app)
    locs = [e.find("s:loc", NS).text for e in entries]
    assert len(set(locs)) == len(locs)
    assert all(loc.startswith(f"{BASE}/ar/") for loc in locs)
    assert f"{BASE}/ar/" in locs and f"{BASE}/ar/topics/health" in locs
    assert any(re.fullmatch(rf"{BASE}/ar/organisations/[a-z0-9-]+", loc) for loc in locs)
    welcome = next(e for e in entries if e.find("s:loc", NS).text.endswith("/welcome-centre"))
    alternates = {link.get("hreflang"): link.get("href") for link in welcome.findall("x:link", NS)}
    assert set(alternates) == {*ALL_LOCALES, "x-default"}
    assert alternates["uk"] == f"{BASE}/uk/services/welcome-centre"
    assert alternates["x-default"] == f"{BASE}/en/services/welcome-centre"
    assert welcome.find("s:lastmod", NS) is not None
    services = [loc for loc in locs if "/services/" in loc]
    assert len(services) == PUBLISHED
    assert not any("evening-german-online" in loc for loc in services)  # a draft
    assert not any("station-arrival-desk" in loc for loc in services)  # archived
    assert f"{BASE}/ar/events" in locs and f"{BASE}/ar/events/welcome-day" in locs


def test_files_split_at_the_url_limit_and_together_list_everything(app, public, monkeypatch):
    whole = [e.find("s:loc", NS).text for e in urls(public, f"{BASE}/sitemaps/fr-1.xml")]
    monkeypatch.setattr(sitemap, "MAX_URLS", 20)
    listed = files(public)
    per_locale = -(-len(whole) // 20)
    assert len(listed) == per_locale * len(ALL_LOCALES)
    parts = [u for u in listed if "/sitemaps/fr-" in u]
    assert parts == [f"{BASE}/sitemaps/fr-{n}.xml" for n in range(1, per_locale + 1)]
    pieces = [urls(public, u) for u in parts]
    assert all(len(p) <= 20 for p in pieces)
    assert [e.find("s:loc", NS).text for p in pieces for e in p] == whole
    for missing in (f"fr-{per_locale + 1}", "fr-0", "fr-01", "xx-1", "fr", "fr-1x", "-1"):
        assert public.get(f"/sitemaps/{missing}.xml").status_code == 404, missing


def test_the_size_limit_splits_files_too(public, monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_BYTES", 20_000)
    for url in files(public)[:3]:
        assert len(public.get(url.removeprefix(BASE)).data) <= 20_000


def test_unchanged_sitemaps_answer_304_and_may_be_cached(public):
    response = public.get("/sitemaps/en-1.xml")
    assert response.headers["ETag"].startswith('W/"')
    assert "public" in response.headers["Cache-Control"]
    again = public.get("/sitemaps/en-1.xml", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_a_content_change_reaches_every_app_server(fresh_database_url, make_app):
    first = make_app(DATABASE_URL=fresh_database_url, PUBLIC_URL=BASE)
    second = make_app(DATABASE_URL=fresh_database_url, PUBLIC_URL=BASE)
    with first.app_context():
        load_pack(db.session, DEMO_PACK)
        db.session.commit()
    path = "/sitemaps/de-1.xml"
    assert "/de/services/welcome-centre<" in first.test_client().get(path).get_data(as_text=True)
    assert "/de/services/welcome-centre<" in second.test_client().get(path).get_data(as_text=True)
    with first.app_context():
        db.session.execute(
            update(Service).where(Service.slug == "welcome-centre").values(status="draft")
        )
        db.session.execute(update(City).values(content_version=City.content_version + 1))
        db.session.commit()
    for server in (second, first):
        body = server.test_client().get(path).get_data(as_text=True)
        assert "/de/services/welcome-centre<" not in body
        assert "/de/services/" in body
