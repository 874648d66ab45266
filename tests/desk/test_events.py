"""Events on the desk's plan and in the hand-over: the plan's matching events in both
languages (the visitor's first), with their next dates, place and how to register."""

from __future__ import annotations

import re

import pypdfium2
import pytest

from tests.desk.conftest import Session
from tests.desk.test_handover import _pdf


def _plan(desk, staff: str, visitor: str) -> Session:  # type: ignore[no-untyped-def]
    """A session at its plan: learning German and community, international protection."""
    session = Session(desk, staff=staff, visitor=visitor)
    session.answer(["language-learning", "community"])
    session.answer("international_protection")
    session.post(show_plan="y")
    assert session.response.status_code == 200
    return session


def _events_section(html: str) -> str:
    match = re.search(r'<section class="plan-events">(.*?)</section>', html, re.S)
    assert match, "no events on the desk's plan"
    return match.group(1)


@pytest.fixture
def planned(desk):  # type: ignore[no-untyped-def]
    return _plan(desk, staff="de", visitor="ar")


def test_the_desk_plan_shows_the_events_in_both_languages(planned):
    section = _events_section(planned.html)
    visitor, staff = section.split('class="desk-side desk-staff"')
    assert 'lang="ar" dir="rtl"' in visitor and 'lang="de" dir="ltr"' in staff
    assert "مقهى اللغات مساء كل خميس" in visitor  # the language café, in Arabic first
    assert "Sprachcafé am Donnerstagabend" in staff
    assert 'href="/ar/events/language-cafe-thursdays"' in visitor
    # The next three Thursdays from Tuesday 24 November 2026, without the cancelled ones.
    for day in ("2026-11-26", "2026-12-03", "2026-12-10"):
        assert f'<time datetime="{day}T17:00:00+01:00">' in visitor
        assert f'<time datetime="{day}T17:00:00+01:00">' in staff
    assert "Donnerstag, 26. November 2026, 17:00–19:00" in staff
    assert "Zentralbibliothek" in staff and "Bibliotheksplatz 1, 10117 Demo City" in staff
    assert "Sie müssen sich nicht anmelden. Kommen Sie einfach vorbei." in staff
    assert "لا تحتاج إلى تسجيل. تعال فقط." in visitor
    # The welcome day is for newcomers' community too; the June festival is months away.
    assert "Willkommenstag" in staff
    assert "Willkommensfest" not in staff and "festival" not in section


def test_a_plan_without_matching_events_shows_none(desk):
    session = Session(desk, staff="de", visitor="ar")
    session.answer(["housing"])
    session.answer("international_protection")
    session.post(show_plan="y")
    assert session.response.status_code == 200
    assert "Veranstaltungen für Sie" not in session.html
    assert 'class="plan-events"' not in session.html


def test_the_printed_hand_over_lists_the_events_without_links(planned):
    planned.post("/desk/sessions/handover")
    assert planned.response.status_code == 200
    section = _events_section(planned.html)
    assert section.index("مقهى اللغات مساء كل خميس") < section.index(
        "Sprachcafé am Donnerstagabend"
    )
    assert "<a " not in section
    assert "Donnerstag, 3. Dezember 2026, 17:00–19:00" in section


def test_the_pdf_hand_over_holds_the_events_in_both_languages(desk):
    # Ukrainian beside German: both read back from the PDF's text layer as written.
    data = _pdf(_plan(desk, staff="de", visitor="uk"))
    document = pypdfium2.PdfDocument(data)
    try:
        text = " ".join(
            " ".join(document[i].get_textpage().get_text_range().split())
            for i in range(len(document))
        )
    finally:
        document.close()
    assert "Мовне кафе в четвер увечері" in text
    assert "Sprachcafé am Donnerstagabend" in text
    assert text.index("Мовне кафе в четвер увечері") < text.index("Sprachcafé am Donnerstagabend")
    # The next dates in both (a narrow column may break a line after the dash).
    for day in ("четвер, 26 листопада 2026", "Donnerstag, 26. November 2026"):
        assert day in text
    assert "Donnerstag, 10. Dezember 2026" in text
    assert "Реєструватися не потрібно. Просто приходьте." in text
    assert "Sie müssen sich nicht anmelden." in text
    assert "Bibliotheksplatz 1" in text
