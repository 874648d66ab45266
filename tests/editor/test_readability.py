"""Plain language (issue 10): the readability indicator beside the source texts and the
dashboard's "Hardest to read". The page tests change content, so they run on a database of
their own (editing_app)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.editor.models import Revision
from navigator.editor.readability import LANGUAGES, assess, blocks
from navigator.pathway.source import content_changed
from tests.editor.test_editing import client_for, form_data

EN_EASY = (
    "Come to the library. We help you with forms. It is free. You do not need to book. "
    "Bring your letters with you."
)
EN_HARD = (
    "Notwithstanding the aforementioned stipulations, applicants' eligibility determination "
    "necessitates comprehensive documentation substantiating continuous residential "
    "registration, alongside verification of insurance coverage, employment authorisation "
    "and, where applicable, supplementary municipal certification procedures administered "
    "by the responsible departmental authorities."
)
DE_EASY = (
    "Kommen Sie in die Bücherei. Wir helfen Ihnen mit Formularen. Das kostet nichts. "
    "Sie brauchen keinen Termin."
)
DE_HARD = (
    "Die Inanspruchnahme der sozialversicherungsrechtlichen Leistungen setzt grundsätzlich "
    "die ordnungsgemäße und fristgerechte Antragstellung bei der zuständigen "
    "Verwaltungsbehörde unter Beifügung sämtlicher erforderlicher Nachweisunterlagen "
    "hinsichtlich der Aufenthaltsberechtigung, der Krankenversicherungszugehörigkeit sowie "
    "gegebenenfalls weiterer behördlicher Bescheinigungen voraus."
)
EASY_BANDS = {"very_easy", "easy", "fairly_easy"}


def words(count: int) -> str:
    return " ".join(["word"] * count)


# The measure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale", "easy"),
    [(EN_EASY, "en", True), (EN_HARD, "en", False), (DE_EASY, "de", True), (DE_HARD, "de", False)],
)
def test_known_easy_and_hard_texts_fall_in_their_bands(text, locale, easy):
    result = assess(text, locale)
    assert result is not None
    if easy:
        assert result.band.key in EASY_BANDS
        assert not result.long_sentences
    else:
        assert result.band.key == "very_hard"
        assert result.shown_score == 0  # on the 0-100 scale editors are told about


def test_german_uses_its_own_formula():
    # Amstad's constants (textstat's "de") score the same easy text differently.
    assert assess(DE_EASY, "de").score != assess(DE_EASY, "en").score  # type: ignore[union-attr]


def test_twenty_five_words_pass_and_twenty_six_are_flagged():
    assert assess(words(25) + ".", "en").long_sentences == ()  # type: ignore[union-attr]
    sentence = "Every " + words(25) + "."
    (flagged,) = assess(f"Short one. {sentence} Another short one.", "en").long_sentences  # type: ignore[union-attr]
    assert flagged.words == 26 and flagged.text == sentence


def test_a_list_without_full_stops_is_not_one_sentence():
    items = "\n".join(f"- {words(6)}" for _ in range(6))  # 36 words, no full stop
    assert assess(f"What to bring:\n\n{items}", "en").long_sentences == ()  # type: ignore[union-attr]
    # The same words in one paragraph are one sentence of 36 words.
    glued = " ".join(words(6) for _ in range(6))
    assert [s.words for s in assess(glued, "en").long_sentences] == [36]  # type: ignore[union-attr]


def test_headings_end_a_sentence_too():
    text = f"## {words(20)}\n\n{words(20)}."
    assert assess(text, "de").long_sentences == ()  # type: ignore[union-attr]


def test_markdown_is_read_as_plain_text():
    text = (
        "## Opening hours\n\nCome **any** day. Ask at [the desk](https://example.org/desk)\n"
        "or call us.\n\n1. Bring `your passport`\n2. Wait\n\n```\nnot prose\n```\n\n"
        "| Day | Time |\n|---|---|\n| Monday | 9 to 12 |\n"
    )
    assert blocks(text) == [
        "Opening hours",
        "Come any day. Ask at the desk or call us.",
        "Bring your passport",
        "Wait",
        "Day",
        "Time",
        "Monday",
        "9 to 12",
    ]


@pytest.mark.parametrize("locale", ["fr", "ar", "tr", "uk"])
def test_other_languages_say_nothing(locale):
    assert assess(EN_HARD, locale) is None


def test_a_text_without_words_says_nothing():
    assert assess("", "en") is None
    assert assess("```\ncode only\n```", "en") is None


def test_english_is_measured_without_the_internet(monkeypatch):
    """textstat downloads NLTK's CMU dictionary for "en" when it is missing: the tag
    readability.py gives it must not need one (a page never fetches)."""
    import nltk
    from textstat.backend import utils

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("textstat looked for NLTK data")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    utils.get_cmudict.cache_clear()
    assert utils.get_cmudict(LANGUAGES["en"]) is None
    assert assess("A text measured on a machine without the internet.", "en") is not None


# The edit pages --------------------------------------------------------------------------

HARD_SLUG = "public-writer"  # city-library's, like language-cafe
OTHER_SLUG = "health-insurance-advice"  # health-department's
EASY_PARAGRAPH = "We help you write letters. It is free."


def set_description(app, slug: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Change a service's published English description, as publishing would."""
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == slug)).one()
        service.translations["en"].description = text
        content_changed(db.session)
        db.session.commit()


def indicator(page: str, field: str) -> str:
    """The field's readability indicator (its <div class="notice readability">)."""
    match = re.search(
        rf'<div class="notice readability">\s*<p id="{field}-readability">.*?</div>', page, re.S
    )
    assert match, f"no readability indicator for {field}"
    return match.group(0)


def test_the_service_form_shows_the_indicator_for_the_saved_texts(editing_app):
    set_description(editing_app, HARD_SLUG, f"{EASY_PARAGRAPH}\n\n{EN_HARD}")
    page = client_for(editing_app).get(f"/editor/services/{HARD_SLUG}/edit").text
    found = indicator(page, "description")
    assert "very hard (score 0 of 100; higher is easier to read)." in found
    assert "1 sentence has more than 25 words." in found
    escaped = EN_HARD.replace("'", "&#39;")
    assert f'<q lang="en" dir="ltr">{escaped}</q>' in found
    assert "34 words — consider splitting it." in found
    # The indicator describes the field, for people who hear the form.
    assert re.search(r'<textarea[^>]*aria-describedby="description-readability"', page)
    assert "No sentence has more than 25 words." in indicator(page, "summary")
    assert "Readability:" in indicator(page, "eligibility_summary")


def test_a_preview_with_an_error_measures_what_was_typed_and_keeps_it(editing_app):
    client = client_for(editing_app)
    with editing_app.app_context():
        before = len(db.session.scalars(select(Revision)).all())
    data = form_data(client.get(f"/editor/services/{HARD_SLUG}/edit").text)
    typed = f"{EASY_PARAGRAPH}\n\n{words(30)} and that is all."
    data.update(title="", description=typed, action="preview")
    response = client.post(f"/editor/services/{HARD_SLUG}/edit", data=data)
    assert response.status_code == 200
    assert "Please enter a title." in response.text
    assert str(form_data(response.text)["description"]).strip() == typed  # nothing is lost
    found = indicator(response.text, "description")
    assert "34 words — consider splitting it." in found
    assert f"{words(30)} and that is all." in found
    assert EN_HARD.split()[0] not in found  # the saved text is not what is measured
    with editing_app.app_context():
        assert len(db.session.scalars(select(Revision)).all()) == before


def test_organisation_and_topic_forms_show_it_and_documents_have_nothing_to_measure(
    editing_app,
):
    client = client_for(editing_app)
    assert "Readability:" in indicator(
        client.get("/editor/organisations/city-library/edit").text, "description"
    )
    topic = db_slug(editing_app)
    assert "Readability:" in indicator(
        client.get(f"/editor/topics/{topic}/edit").text, "description"
    )
    document = client.get("/editor/documents/passport/edit")
    assert document.status_code == 200 and "Readability:" not in document.text


def db_slug(app) -> str:  # type: ignore[no-untyped-def]
    from navigator.directory.models import Topic
    from navigator.directory.models.taxonomy import TopicTranslation

    with app.app_context():
        return db.session.scalars(
            select(Topic.slug)
            .join(TopicTranslation, TopicTranslation.topic_id == Topic.id)
            .where(TopicTranslation.locale == "en", TopicTranslation.description != "")
            .limit(1)
        ).one()


def test_a_german_source_is_measured_and_other_sources_are_not(editing_app, monkeypatch):
    client = client_for(editing_app)
    monkeypatch.setitem(editing_app.config, "SOURCE_LOCALE", "de")
    page = client.get("/editor/services/language-cafe/edit").text
    assert "Readability:" in indicator(page, "description")
    assert 'id="hardest-to-read"' in client.get("/editor/").text
    monkeypatch.setitem(editing_app.config, "SOURCE_LOCALE", "fr")
    assert "Readability:" not in client.get("/editor/services/language-cafe/edit").text
    assert "Hardest to read" not in client.get("/editor/").text


# The dashboard ---------------------------------------------------------------------------


def hardest_section(page: str) -> str:
    match = re.search(r'<h2 id="hardest-to-read">.*?</table>', page, re.S)
    assert match, "the dashboard has no hardest-to-read section"
    return match.group(0)


def edit_links(section: str) -> list[str]:
    return re.findall(r'href="/editor/(\w+/[\w-]+)/edit"', section)


def test_the_dashboard_lists_the_hardest_listings_first(editing_app):
    set_description(editing_app, OTHER_SLUG, EN_HARD + " " + EN_HARD)
    set_description(editing_app, HARD_SLUG, f"{EASY_PARAGRAPH}\n\n{EN_HARD}")
    section = hardest_section(client_for(editing_app).get("/editor/").text)
    links = edit_links(section)
    assert links[:2] == [f"services/{OTHER_SLUG}", f"services/{HARD_SLUG}"]
    assert len(links) == 10
    first_row = section.split("<tr>")[2]
    assert "very hard, score 0" in first_row
    assert re.search(r"<td>2</td>", first_row)  # its two long sentences


def test_an_organisation_editor_sees_only_its_own_listings(editing_app):
    set_description(editing_app, OTHER_SLUG, EN_HARD + " " + EN_HARD)
    set_description(editing_app, HARD_SLUG, f"{EASY_PARAGRAPH}\n\n{EN_HARD}")
    section = hardest_section(client_for(editing_app, "organisation_editor").get("/editor/").text)
    links = edit_links(section)
    assert links[0] == f"services/{HARD_SLUG}"
    with editing_app.app_context():
        own = set(
            db.session.scalars(
                select(Service.slug).where(Service.organisation.has(slug="city-library"))
            )
        )
    assert links and all(
        link == "organisations/city-library" or link.removeprefix("services/") in own
        for link in links
    ), links


@pytest.mark.parametrize("role", ["observer", "translator"])
def test_accounts_that_cannot_edit_get_no_list(editing_app, role):
    assert 'id="hardest-to-read"' not in client_for(editing_app, role).get("/editor/").text
