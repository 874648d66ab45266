"""Search: the reader's locale and the source locale, diacritics, Arabic, ranking."""

from __future__ import annotations

import re

from navigator.directory.textnorm import normalise, terms


def results(client, locale: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/{locale}/search", query_string={"q": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return re.findall(rf'href="/{locale}/services/([a-z0-9-]+)"', page)


def test_normalise_folds_case_diacritics_and_arabic_forms():
    assert normalise("Café ÄRZTIN Straße") == "cafe arztin strasse"
    assert normalise("مُسَاعَدَة") == normalise("مساعدة")
    assert normalise("أحمد") == normalise("احمد")
    assert terms("'; DROP TABLE service; --") == ["drop", "table", "service"]


def test_search_in_english_ranks_title_matches_first(client):
    found = results(client, "en", "shelter")
    assert found, "no results"
    assert "shelter" in found[0]


def test_search_is_diacritic_insensitive(client):
    assert results(client, "en", "cafe") == results(client, "en", "café")
    assert "language-cafe" in results(client, "en", "CAFÉ")


def test_search_in_german_with_and_without_umlauts(client):
    with_umlaut = results(client, "de", "Ärztin")
    assert with_umlaut == results(client, "de", "arztin")


def test_search_in_arabic_with_and_without_harakat(client):
    plain = results(client, "ar", "مأوى")  # shelter
    assert plain, "Arabic search found nothing"
    assert results(client, "ar", "مَأْوَى") == plain


def test_search_in_reader_locale_also_finds_source_language_words(client):
    # A Ukrainian reader typing an English word still finds the service.
    assert "anonymous-medical-care" in results(client, "uk", "anonymous")


def test_search_matches_word_prefixes(client):
    assert "language-cafe" in results(client, "en", "langu")


def test_empty_and_symbol_only_queries(client):
    assert results(client, "en", "") == []
    assert results(client, "en", "!!! ??? ***") == []


def test_persian_typed_on_an_arabic_keyboard_finds_persian_text(client):
    assert normalise("دكتر") == normalise("دکتر") and normalise("ي") == normalise("ی")
    persian = client.get("/fa/search?q=دکتر").get_data(as_text=True)
    arabic_keyboard = client.get("/fa/search?q=دكتر").get_data(as_text=True)
    found = re.findall(r'href="(/fa/services/[^"]+)"', persian)
    assert found and re.findall(r'href="(/fa/services/[^"]+)"', arabic_keyboard) == found


def test_normalise_removes_every_combining_mark_like_unicodedata():
    import unicodedata

    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    text = "".join(f"a{mark}" for mark in marks) + "𝒜̃"
    assert normalise(text) == "a" * len(marks) + "a"
