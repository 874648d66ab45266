"""Small things a newcomer saw (issue 7, point 9): plain tab titles, isolated fallback text
in right-to-left pages, language names, the urgent page's cards, the favicon, one clear
booking message per place, and topic icons."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml
from markupsafe import Markup
from sqlalchemy import select

from navigator.config import ALL_LOCALES
from navigator.content.loader import load_pack
from navigator.db import db
from navigator.directory import icons
from navigator.directory.models import Service, Topic
from navigator.i18n import language_name
from navigator.translatable import Localized
from tests.conftest import DEMO_PACK

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# A service whose Arabic text the fallback tests remove, and its English source.
FALLBACK_SLUG = "welcome-centre"


def html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def title_of(page: str) -> str:
    match = TITLE.search(page)
    assert match, "the page has no <title>"
    return match.group(1)


def front_matter(name: str) -> dict:  # type: ignore[type-arg]
    text = (DEMO_PACK / "services" / f"{name}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


@pytest.fixture
def arabic_fallback_client(make_app, fresh_database_url) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The demo pack with one service's Arabic title, summary and description missing."""
    app = make_app(DATABASE_URL=fresh_database_url)
    with app.app_context():
        load_pack(db.session, DEMO_PACK)
        service = db.session.scalars(select(Service).where(Service.slug == FALLBACK_SLUG)).one()
        row = service.translations["ar"]
        row.title = row.summary = row.description = None
        db.session.commit()
        english = service.translations["en"].title
    client = app.test_client()
    client.english_title = english  # type: ignore[attr-defined]
    yield client


# 1. Tab titles


def test_title_of_an_untranslated_page_is_plain_text(arabic_fallback_client):
    page = html(arabic_fallback_client.get(f"/ar/services/{FALLBACK_SLUG}"))
    title = title_of(page)
    assert "<" not in title and "lang=" not in title, title
    assert title.startswith(arabic_fallback_client.english_title.replace("&", "&amp;"))


def test_title_of_an_organisation_shown_in_english_is_plain_text(client):
    # Lithuanian does not translate organisation names: the name is a fallback.
    page = html(client.get("/lt/services/language-cafe"))
    org = re.search(r'href="/lt/organisations/([a-z0-9-]+)"', page)
    assert org
    title = title_of(html(client.get(f"/lt/organisations/{org.group(1)}")))
    assert "<" not in title and "&lt;" not in title, title


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_no_tab_title_contains_markup(client, locale):
    for path in ("/", "/topics/health", "/services/language-cafe", "/urgent", "/start"):
        response = client.get(f"/{locale}{path}")
        title = title_of(html(response))
        assert "<" not in title and "&lt;" not in title, f"{locale}{path}: {title}"


def test_title_escapes_what_the_reader_typed(client):
    title = title_of(html(client.get("/en/search?q=</title><b>x")))
    assert "</title>" not in title.replace("&lt;/title&gt;", "")
    assert "&lt;/title&gt;" in title


# 2. Fallback text keeps its direction


def test_english_fallback_in_an_arabic_page_is_isolated(arabic_fallback_client):
    page = html(arabic_fallback_client.get(f"/ar/services/{FALLBACK_SLUG}"))
    assert '<html lang="ar" dir="rtl">' in page
    english = arabic_fallback_client.english_title.replace("&", "&amp;")
    assert f'<bdi lang="en" dir="ltr">{english}</bdi>' in page
    assert '<div lang="en" dir="ltr">' in page  # the description, a Markdown block
    assert 'class="fallback-notice"' in page


def test_fallback_markup_by_direction():
    assert Localized("Find out how….", "en", "ar").__html__() == Markup(
        '<bdi lang="en" dir="ltr">Find out how….</bdi>'
    )
    assert Localized("مرحبا", "ar", "en").__html__() == Markup(
        '<bdi lang="ar" dir="rtl">مرحبا</bdi>'
    )
    # Same direction: marked with its language only; not a fallback: plain escaped text.
    assert Localized("Hello", "en", "lt").__html__() == Markup('<span lang="en">Hello</span>')
    assert Localized("a < b", "en", "en").__html__() == Markup("a &lt; b")


# 4. Language names


def _pack_languages() -> set[str]:
    codes: set[str] = set()
    for path in (DEMO_PACK / "services").glob("*.md"):
        codes.update(front_matter(path.stem).get("languages") or [])
    return codes


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_every_language_of_the_pack_has_a_readable_name(locale):
    codes = _pack_languages()
    assert "prs" in codes
    for code in sorted(codes):
        name = language_name(code, locale)
        assert name and name != code and "_" not in name, f"{code} in {locale}: {name!r}"


def test_dari_is_named_on_the_service_page(client):
    slug = next(
        path.stem
        for path in sorted((DEMO_PACK / "services").glob("*.md"))
        if "prs" in (front_matter(path.stem).get("languages") or [])
    )

    def shown(locale: str) -> str:  # what readers see: not the schema.org data's codes
        page = html(client.get(f"/{locale}/services/{slug}"))
        return re.sub(r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S)

    english = shown("en")
    assert "Dari" in english
    assert not re.search(r"\bprs\b", english)
    assert not re.search(r"\bprs\b", shown("lt"))


# 5. Urgent page


def test_urgent_page_opening_lines_sit_inside_their_cards(client):
    page = html(client.get("/en/urgent"))
    cards = re.findall(r'<article class="card service-card">.*?</article>', page, re.S)
    assert any('class="opening' in card for card in cards)  # helplines have no place
    outside = re.sub(r'<article class="card service-card">.*?</article>', "", page, flags=re.S)
    assert 'class="opening' not in outside


# 6. Favicon


def test_favicon_is_a_cacheable_icon(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.data[:4] == b"\x00\x00\x01\x00"  # ICO header
        assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert response.cache_control.public
        assert (response.cache_control.max_age or 0) >= 24 * 3600
    assert 'rel="icon" href="/favicon.ico"' in html(client.get("/en/"))


# 7. Booking: one message per place


def _places(page: str) -> list[str]:
    """Each place's visible text."""
    blocks = re.findall(r'<div class="place">(.*?)</div>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks]


@pytest.mark.parametrize("locale", ["en", "de"])
def test_no_place_says_both_walk_in_and_appointment_only(client, locale):
    with client.application.app_context():
        slugs = db.session.scalars(select(Service.slug)).all()
    walk_in = {"en": "without an appointment", "de": "ohne Termin"}[locale]
    only = {"en": "By appointment only", "de": "Nur mit Termin"}[locale]
    for slug in slugs:
        response = client.get(f"/{locale}/services/{slug}")
        if response.status_code == 404:
            continue  # not published
        for place in _places(html(response)):
            says = (walk_in.lower() in place.lower(), only.lower() in place.lower())
            assert says != (True, True), f"{slug} ({locale}) contradicts itself: {place[:400]}"


def test_place_with_appointments_and_walk_in_times_shows_its_hours(client):
    data = front_matter("advisory-centre")
    assert data["locations"][0]["appointment_only"] and data["locations"][0]["walk_in"]
    (place,) = _places(html(client.get("/en/services/advisory-centre")))
    assert "Best with an appointment" in place
    assert "By appointment only" not in place
    assert re.search(r"Open now|Closed now", place)


def test_appointment_only_place_says_so_once(client):
    data = front_matter("trade-registration")
    assert all(p["appointment_only"] and not p["walk_in"] for p in data["locations"])
    for place in _places(html(client.get("/en/services/trade-registration"))):
        assert place.lower().count("appointment") == 1, place


# 8. Topic icons


def test_home_topic_tiles_have_decorative_inline_icons(client):
    page = html(client.get("/en/"))
    tiles = re.findall(r'<a class="topic-tile".*?</a>', page, re.S)
    assert tiles
    for tile in tiles:
        assert re.search(r'<svg class="icon [^"]*"[^>]*aria-hidden="true" focusable="false"', tile)
        assert "style=" not in tile  # the CSP allows no inline styles


def test_topic_page_and_subtopics_have_icons(client):
    page = html(client.get("/en/topics/health"))
    assert re.search(r'<h1 class="topic-heading"><svg class="icon icon-stethoscope"', page)
    assert 'icon-brain"' in page  # the mental-health subtopic chip


def test_every_topic_of_the_pack_has_a_vendored_icon(app):
    with app.app_context():
        topics = db.session.scalars(select(Topic)).all()
        assert topics
        for topic in topics:
            named = getattr(topic, "icon", None)
            if named:
                assert icons.icon_name(named), f"{topic.slug}: icon {named!r} is not vendored"
            assert icons.icon_name(topic), topic.slug
    assert set(icons.TOPIC_ICONS.values()) <= icons.available()


def test_topic_icon_macro_takes_a_topic_a_slug_or_an_icon_name(app):
    with app.test_request_context("/en/"):
        app.preprocess_request()
        macro = app.jinja_env.get_template("macros.html").module.topic_icon
        topic = db.session.scalars(select(Topic).where(Topic.slug == "housing")).one()
        for value in (topic, "housing", "house", "home"):
            assert 'class="icon icon-house"' in str(macro(value)), value
        assert str(macro("no-such-topic")).strip() == ""
        assert str(macro("../../config")).strip() == ""


def test_icons_are_vendored_with_licence_and_source():
    folder = icons.ICON_DIR
    assert "ISC" in (folder / "LICENSE").read_text(encoding="utf-8")
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    assert "lucide-static" in source and "ISC" in source
    assert re.search(r"\d+\.\d+\.\d+", source)
