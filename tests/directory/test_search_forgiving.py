"""Search that forgives: misspellings are corrected, everyday words of each content locale
find their topic's services, and a search that finds nothing is never a dead end."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import inspect, select, text

from navigator import migrate
from navigator.db import db, make_engine
from navigator.directory import search, spelling
from navigator.directory.models import Service, Topic


def page(client, locale: str, query: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/{locale}/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def found(client, locale: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(rf'href="/{locale}/services/([a-z0-9-]+)"', page(client, locale, query))


def suggestion(html_page: str) -> tuple[str, str] | None:
    """(href, text) of the "Did you mean …?" link, if the page has one."""
    box = re.search(r'<p class="did-you-mean">(.*?)</p>', html_page, re.S)
    if not box:
        return None
    link = re.search(r'<a href="([^"]*)"[^>]*>(.*?)</a>', box.group(1), re.S)
    assert link, box.group(1)
    return link.group(1), re.sub(r"</?bdi>", "", link.group(2))


def in_topic(app, slug: str) -> set[str]:  # type: ignore[no-untyped-def]
    """Published services filed directly under the topic."""
    with app.app_context():
        topic = db.session.scalars(select(Topic).where(Topic.slug == slug)).one()
        services = db.session.scalars(select(Service).where(Service.status == "published"))
        return {s.slug for s in services if topic in s.topics}


@pytest.mark.parametrize(
    ("locale", "query", "meant", "service"),
    [
        ("en", "langauge", "language", "language-cafe"),
        ("en", "docter", "doctor", "gp-registration-help"),
        ("en", "regstration", "registration", "address-registration"),
        ("de", "Anmeldng", "anmeldung", "address-registration"),
        ("uk", "regstration", "registration", "address-registration"),
        ("ar", "طبب", "طبيب", "gp-registration-help"),
    ],
)
def test_a_misspelled_word_finds_the_services_and_says_what_it_searched(
    client, locale, query, meant, service
):
    html_page = page(client, locale, query)
    assert service in re.findall(rf'href="/{locale}/services/([a-z0-9-]+)"', html_page)
    link = suggestion(html_page)
    assert link is not None, "no “Did you mean …?”"
    href, shown = link
    assert html.unescape(shown) == meant
    assert href.startswith(f"/{locale}/search?q=")
    # The suggestion is a search of its own that needs no correction.
    assert suggestion(page(client, locale, meant)) is None
    assert service in found(client, locale, meant)


# Everyday words a newcomer types, per content locale, and the topic they mean.
EVERYDAY_WORDS = [
    ("pl", "praca", "work"),
    ("pl", "mieszkanie", "housing"),
    ("pl", "doktor", "health"),
    ("de", "Anmeldung", "registration-residence"),
    ("de", "ANMELDUNG", "registration-residence"),
    ("de", "Wohnung", "housing"),
    ("de", "Doktor", "health"),
    ("tr", "doktor", "health"),
    ("tr", "iş", "work"),
    ("tr", "İŞ", "work"),
    ("ru", "жильё", "housing"),
    ("ru", "жилье", "housing"),  # ё typed as е
    ("ru", "ЖИЛЬЁ", "housing"),
    ("ru", "доктор", "health"),
    ("uk", "житло", "housing"),
    ("uk", "лікар", "health"),
    ("ar", "طبيب", "health"),
    ("ar", "طَبِيب", "health"),  # with harakat
    ("ar", "سكن", "housing"),
    ("fa", "دکتر", "health"),
    ("fr", "logement", "housing"),
    ("fr", "médecin", "health"),
    ("fr", "medecin", "health"),  # without the accent
    ("es", "trabajo", "work"),
    ("nl", "dokter", "health"),
    ("lt", "darbas", "work"),
    ("en", "flat", "housing"),
    ("en", "Anmeldung", "registration-residence"),  # the German word every newcomer meets
]


@pytest.mark.parametrize(("locale", "word", "topic"), EVERYDAY_WORDS)
def test_everyday_words_find_every_service_of_their_topic(app, client, locale, word, topic):
    results = found(client, locale, word)
    expected = in_topic(app, topic)
    assert expected, topic
    missing = expected - set(results)
    assert not missing, f"{word!r} ({locale}) misses {sorted(missing)}"
    # The topic's services come first, not after everything that merely mentions the word
    # (a service titled with the word, e.g. a trade "Anmeldung", may still lead).
    top = results[: min(5, len(expected))]
    assert len(set(top) & expected) * 2 > len(top), f"{word!r} ({locale}) first shows {top}"


def test_search_that_finds_nothing_offers_urgent_help_and_the_topics(client):
    html_page = page(client, "ar", "qqxzzy")
    assert suggestion(html_page) is None
    assert re.search(r'role="status">[^<]*0', html_page)
    assert 'href="/ar/urgent"' in html_page
    assert re.search(r'href="tel:\+?\d+"', html_page), "no urgent number"
    for topic in ("housing", "health", "work"):
        assert f'href="/ar/topics/{topic}"' in html_page


def test_the_suggestion_link_is_escaped_and_keeps_the_locale(client):
    # Markup around the words is dropped from the suggestion; what the reader typed is
    # shown escaped everywhere it is repeated.
    html_page = page(client, "uk", '<i>docter</i> "in')
    link = suggestion(html_page)
    assert link is not None
    href, shown = link
    assert href.startswith("/uk/search?q=")
    assert "doctor" in shown and "<" not in shown and '"' not in shown
    assert "<i>docter" not in html_page
    assert "&lt;i&gt;docter&lt;/i&gt; &#34;in" in html_page
    # Non-Latin suggestions are percent-encoded in the link and keep the reader's locale.
    ar_page = page(client, "ar", "طبب")
    assert suggestion(ar_page) == ("/ar/search?q=%D8%B7%D8%A8%D9%8A%D8%A8", "طبيب")


def test_words_of_the_index_and_their_beginnings_are_not_corrected(client):
    for query in ("language", "langu", "Ärztin"):
        assert suggestion(page(client, "de", query)) is None, query


def test_the_fuzzy_step_runs_only_when_the_search_finds_nothing(app, monkeypatch):
    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("spelling help ran for a search with results")

    monkeypatch.setattr(spelling, "correct", fail)
    with app.app_context():
        assert search.find(db.session, "language", ("en",)).ids


def test_each_database_uses_its_trigram_index_and_the_fallback_agrees(app):
    with app.app_context():
        finder = spelling._finder(db.session, ["en"])
        if db.engine.dialect.name == "postgresql":
            assert isinstance(finder, spelling._PgTrigram)  # CI's user may create pg_trgm
        else:
            assert isinstance(finder, spelling._Fts5Trigram)
        fallback = spelling._Finder(db.session, ["en"])
        for typo, meant in [
            ("docter", "doctor"),
            ("langauge", "language"),
            ("shelterr", "shelter"),
        ]:
            assert finder.closest(typo) == meant
            assert fallback.closest(typo) == meant
        assert finder.closest("qqxzzy") is None
        db.session.rollback()


def test_vocabulary_keeps_the_written_form_for_suggestions(app):
    with app.app_context():
        rows = dict(
            db.session.execute(
                text(
                    "SELECT term, display FROM search_index_terms "
                    "WHERE locale = 'de' AND term IN ('arztin', 'anmeldung')"
                )
            ).all()
        )
        db.session.rollback()
    assert rows == {"arztin": "ärztin", "anmeldung": "anmeldung"}


def test_migration_0003_downgrades_and_upgrades(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        assert "search_index_terms" in inspect(engine).get_table_names()
        migrate.downgrade(fresh_database_url, "0002")
        names = inspect(engine).get_table_names()
        assert not [n for n in names if n.startswith("search_index_terms")], names
        assert "search_index" in names
        migrate.upgrade(fresh_database_url)
        assert "search_index_terms" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
