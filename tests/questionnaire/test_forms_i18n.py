"""The question pages in other scripts and for screen readers: numbers typed with Eastern
Arabic or Persian digits, whole numbers for ages, status descriptions under the options,
and topic icons on the needs question."""

from __future__ import annotations

import re

import pytest

from navigator.questionnaire import token as tokens
from navigator.questionnaire.forms import normalise_number
from tests.questionnaire.test_flow import answer, current_fact


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("١٧", "17"),  # Eastern Arabic
        ("۱۷", "17"),  # Persian
        ("٢٫٥", "2.5"),  # Arabic decimal sign
        ("۲٫۵", "2.5"),
        ("2,5", "2.5"),  # decimal comma
        (" 3 4 ", "34"),
        ("\u200f٣٤\u200f", "34"),  # right-to-left marks around the digits
        ("١٬٢٠٠", "1200"),  # Arabic thousands sign
        ("34", "34"),
    ],
)
def test_numbers_in_any_script_are_read_as_digits(typed, read):
    assert normalise_number(typed) == read


def question(client, locale: str, fact: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(f"/{locale}/start?edit={fact}").get_data(as_text=True)
    assert current_fact(page) == fact
    return page


def saved(app, response) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    token = re.search(r"[?&]t=([^&]+)", response.headers["Location"]).group(1)
    with app.test_request_context():
        return dict(tokens.decode(token).values)


@pytest.mark.parametrize(
    ("locale", "fact", "typed", "value"),
    [
        ("ar", "age", "٣٤", 34),
        ("fa", "age", "۳۴", 34),
        ("fa", "months_since_arrival", "۱۲", 12),
        ("ar", "months_since_arrival", "\u200f٦\u200f", 6),
        ("en", "age", "34", 34),
    ],
)
def test_eastern_arabic_and_persian_digits_are_accepted(app, client, locale, fact, typed, value):
    page = question(client, locale, fact)
    assert saved(app, answer(client, locale, page, typed)) == {fact: value}


def test_number_fields_are_text_with_a_number_keypad(client):
    page = question(client, "ar", "age")
    field = re.search(r"<input[^>]*id=\"answer\"[^>]*>", page).group(0)
    assert 'type="text"' in field  # type=number drops Arabic and Persian digits
    assert 'inputmode="numeric"' in field
    assert re.search(r'<label for="answer">', page)


@pytest.mark.parametrize(
    ("locale", "fact", "typed"),
    [
        ("en", "age", "17.5"),
        ("en", "age", "17,5"),
        ("ar", "age", "١٧٫٥"),
        ("fa", "months_since_arrival", "۲٫۵"),
    ],
)
def test_fractions_are_refused_for_whole_numbers_keeping_what_was_typed(
    client, locale, fact, typed
):
    page = question(client, locale, fact)
    response = answer(client, locale, page, typed)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert current_fact(body) == fact
    assert f'value="{typed}"' in body  # what was typed, as typed
    assert 'aria-invalid="true"' in body and 'role="alert"' in body
    if locale == "en":
        assert "Please enter a whole number, without a decimal point." in body


def test_words_are_not_numbers_and_the_message_is_ours(client):
    page = question(client, "en", "age")
    body = answer(client, "en", page, "twenty").get_data(as_text=True)
    assert "Please enter a number, or press" in body
    assert "Not a valid decimal value" not in body  # WTForms' own, untranslated
    assert 'value="twenty"' in body


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_residence_statuses_show_their_description_for_screen_readers_too(client, locale):
    page = question(client, locale, "residence_status")
    options = re.findall(r'<input[^>]*type="radio"[^>]*>', page)
    assert len(options) >= 8
    hints = {}
    for option in options:
        value = re.search(r'value="([^"]+)"', option).group(1)
        described = re.search(r'aria-describedby="([^"]+)"', option)
        assert described, option
        hint = re.search(rf'<p class="hint option-hint" id="{described.group(1)}">(.*?)</p>', page)
        assert hint, described.group(1)
        hints[value] = hint.group(1)
    assert hints["asylum_seeker"] != hints["international_protection"]
    if locale == "en":
        assert "waiting for a decision" in hints["asylum_seeker"]
        assert "accepted" in hints["international_protection"]
    else:
        assert not re.search(r"[A-Za-z]{3,}", hints["asylum_seeker"]), hints["asylum_seeker"]
    assert "<fieldset" in page and "<legend>" in page


def test_only_options_with_a_description_get_one(client):
    page = question(client, "en", "employment")
    assert "option-hint" not in page
    assert 'aria-describedby="answer-' not in page


@pytest.mark.parametrize("locale", ["en", "fa"])
def test_the_needs_question_shows_each_topics_icon_hidden_from_screen_readers(client, locale):
    page = client.get(f"/{locale}/start").get_data(as_text=True)
    labels = re.findall(r'<label for="answer-\d+">(.*?)</label>', page, re.S)
    assert len(labels) >= 10
    for label in labels:
        assert re.search(r'<svg class="icon[^"]*"[^>]*aria-hidden="true"', label), label
        assert re.sub(r"<svg.*?</svg>", "", label, flags=re.S).strip()  # a title beside it


def test_every_option_has_a_label_and_every_described_by_id_exists(client):
    for fact in ("needs", "residence_status", "registered_address", "age"):
        page = question(client, "en", fact)
        ids = set(re.findall(r'\sid="([^"]+)"', page))
        for described in re.findall(r'aria-describedby="([^"]+)"', page):
            assert set(described.split()) <= ids, (fact, described)
        for field in re.findall(r"<input[^>]*>", page):
            if re.search(r'type="(radio|checkbox|text)"', field):
                input_id = re.search(r'\sid="([^"]+)"', field).group(1)
                assert f'<label for="{input_id}"' in page, (fact, input_id)
