"""Desk sessions: who may run them, both languages side by side, the public flow's answering
(skip, back, change), and nothing kept: no URL, no database row, no Flask session."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from navigator.db import Base, db
from tests.conftest import csrf_token
from tests.desk.conftest import Session, fact_of, token_of
from tests.editor.conftest import email_of, sign_in

SESSION_PATHS = (
    "/desk/sessions/step",
    "/desk/sessions/handover",
    "/desk/sessions/handover.pdf",
    "/desk/sessions/close",
)


def test_anonymous_visitors_are_sent_to_the_back_office_sign_in(client):
    response = client.get("/desk/sessions/new?staff=de&visitor=ar")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/editor/login?next=/desk/sessions/new")
    assert response.headers["Cache-Control"] == "no-store"


def test_a_desk_account_signs_in_to_the_desk(app, accounts):
    client = app.test_client()
    response = sign_in(client, email_of("desk"))
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).headers["Location"] == "/desk/"
    # …and back to the page it asked for before signing in
    client = app.test_client()
    response = sign_in(client, email_of("desk"), next_url="/desk/")
    assert response.headers["Location"] == "/desk/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("desk", 200),
        ("city_editor", 403),
        ("organisation_editor", 403),
        ("author", 403),
        ("translator", 403),
        ("observer", 403),
    ],
)
def test_only_desk_staff_and_administrators_run_sessions(signed_in, role, status):
    client = signed_in(role)
    assert client.get("/desk/").status_code == status
    assert client.get("/desk/sessions/new?staff=de&visitor=ar").status_code == status


def test_the_start_page_shows_the_welcome_centre_and_every_language(desk, app):
    page = desk.get("/desk/")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "International House" in page.text
    for locale in app.config["LOCALES"]:
        assert f'value="{locale}"' in page.text
    assert 'dir="rtl" lang="ar" value="ar"' in page.text  # each language in its own script


def test_a_question_in_both_languages(session):
    html = session.html
    assert session.response.headers["Cache-Control"] == "no-store"
    assert fact_of(html) == "needs"
    # The visitor's language first, each block with its own language and direction.
    visitor = html.index('class="desk-side desk-visitor" lang="ar" dir="rtl"')
    staff = html.index('class="desk-side desk-staff" lang="de" dir="ltr"')
    assert visitor < staff
    # Every option in both languages (the topic "Housing": سكن / Wohnen).
    label = re.search(r'<label for="answer-\d+" class="desk-pair">(.*?)</label>', html, re.S)
    assert label and 'lang="ar" dir="rtl"' in label.group(1)
    assert 'lang="de" dir="ltr"' in label.group(1)
    assert "Wohnen" in html and "السكن" in html
    # The buttons too; the page around them speaks the staff's language.
    assert "Weiter" in html and "التالي" in html
    assert '<html lang="de" dir="ltr">' in html


def test_a_question_with_help_and_described_options(session):
    session.answer(["housing", "health"])
    html = session.html
    assert fact_of(html) == "residence_status"
    assert "Welchen Aufenthaltsstatus haben Sie?" in html
    assert "ما هو وضع إقامتك؟" in html
    help_block = html[html.index('id="question-help"') :]
    assert 'lang="ar" dir="rtl"' in help_block[:400] and 'lang="de" dir="ltr"' in help_block
    # option hints in both languages
    assert html.count('class="hint option-hint"') >= 2


def _values(html: str) -> list[str]:
    return re.findall(r'name="answer"[^>]*type="radio" value="([^"]+)"', html)


def test_answering_skipping_going_back_and_changing(session):
    session.answer(["housing", "health"])
    assert fact_of(session.html) == "residence_status"
    statuses = _values(session.html)
    assert "international_protection" in statuses and "eu_citizen" in statuses
    session.answer("international_protection")
    second = fact_of(session.html)
    assert second != "residence_status"
    session.dont_know()  # skipped: the next question
    third = fact_of(session.html)
    assert third != second
    session.back()  # the skipped question again
    assert fact_of(session.html) == second
    session.back()
    assert fact_of(session.html) == "residence_status"
    assert not re.search(
        r'checked[^>]*value="international_protection"', session.html
    )  # taken back
    # A wrong answer: the same question with a message, in the staff's language.
    session.post(fact="residence_status", answer="not-a-status", next="y")
    assert session.response.status_code == 400
    assert "Bitte wählen Sie eine der angezeigten Antworten." in session.html
    assert fact_of(session.html) == "residence_status"
    session.answer("international_protection")
    session.post(show_plan="y")
    plan = session.html
    assert "Ihr Plan" in plan and "خطتك" in plan
    assert 'name="edit" value="residence_status"' in plan
    # Change an earlier answer from the plan: that question, with the answer chosen.
    session.post(edit="residence_status")
    assert fact_of(session.html) == "residence_status"
    assert re.search(r'checked[^>]*value="international_protection"', session.html)
    session.answer("eu_citizen")
    session.post(show_plan="y")
    assert "Ihr Plan" in session.html
    assert re.search(r"Aufenthaltsstatus.*?</dt>\s*<dd>[^<]*EU", session.html, re.S)


def test_the_plan_side_by_side(session):
    session.answer(["housing", "health"])
    session.post(show_plan="y")
    html = session.html
    assert session.response.status_code == 200
    # Steps, explanations, hours, addresses and urgent numbers in both languages.
    assert "Die ersten Tage" in html and "الأيام الأولى" in html
    assert "Anonyme medizinische Hilfe" in html and "رعاية طبية بدون ذكر الاسم" in html
    assert "Lindenstraße 22" in html
    assert "Polizei, Feuerwehr und Rettungsdienst" in html and 'href="tel:112"' in html
    assert "Warum?" in html and "لماذا؟" in html
    steps = html.split('<li class="step">')[1:]
    assert steps and all('lang="ar" dir="rtl"' in s and 'lang="de" dir="ltr"' in s for s in steps)


def test_the_interpreter_note_is_kept_in_the_session_only(session):
    session.answer(["housing"], interpreter="Tigrinya")
    assert 'value="Tigrinya"' in session.html
    session.dont_know()
    assert 'value="Tigrinya"' in session.html  # carried by the token from step to step
    session.post(show_plan="y")
    assert 'value="Tigrinya"' in session.html
    assert "Tigrinya" not in token_of(session.html)  # encrypted, not readable


def _rows(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def test_nothing_of_a_session_is_stored_but_one_anonymous_visit(app, desk):
    before = _rows(app)
    session = Session(desk)
    session.answer(["housing", "health"], interpreter="Tigrinya")
    session.answer("international_protection")
    session.dont_know()
    session.post(show_plan="y")
    token = token_of(session.html)
    session.post(show_plan="y")  # the plan again: the visit is counted once
    session.post("/desk/sessions/handover")
    assert session.response.status_code == 200
    after = _rows(app)
    # Only the anonymous statistics grow: one visit, its two needs, the day's "maybe" counts
    # (tests/statistics checks what those rows hold). Nothing else, in any table.
    assert after.pop("desk_visit") == before.pop("desk_visit") + 1
    assert after.pop("desk_visit_need") == before.pop("desk_visit_need") + 2
    after.pop("maybe_fact_count"), before.pop("maybe_fact_count")
    assert after == before
    # Not in the Flask session either: its cookie holds the sign-in and CSRF secret only.
    with desk.session_transaction() as flask_session:
        assert set(flask_session) <= {"_user_id", "_fresh", "_id", "csrf_token", "editor_seen"}
        assert token not in str(dict(flask_session))
    # Never in a URL: no link or form action on the pages carries it.
    for html in (session.html,):
        for url in re.findall(r'(?:href|action|formaction)="([^"]*)"', html):
            assert token not in url and "t=" + token[:20] not in url


def test_closing_forgets_the_session(desk):
    session = Session(desk)
    session.answer(["housing"], interpreter="Tigrinya")
    closed = desk.post(
        "/desk/sessions/close", data={"csrf_token": csrf_token(session.html), "t": "x"}
    )
    assert closed.status_code == 302 and closed.headers["Location"] == "/desk/"
    start = desk.get("/desk/")
    assert "The session is closed. Nothing of it was kept." in start.text
    assert 'name="t"' not in start.text and "Tigrinya" not in start.text


@pytest.mark.parametrize(
    "query",
    ["staff=xx&visitor=ar", "staff=de&visitor=", "staff=de", "staff=%3Cscript%3E&visitor=ar"],
)
def test_an_unknown_language_is_refused_with_a_message(desk, query):
    response = desk.get(f"/desk/sessions/new?{query}")
    assert response.status_code == 400
    assert "Please choose a language from the list." in response.text
    assert "<script>" not in response.text


def test_a_changed_token_is_refused_with_a_message(desk):
    session = Session(desk)
    token = token_of(session.html)
    tampered = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    for path in SESSION_PATHS[:3]:
        response = desk.post(
            path,
            data={
                "csrf_token": csrf_token(session.html),
                "t": tampered,
                "fact": "needs",
                "answer": "housing",
            },
        )
        assert response.status_code == 400, path
        assert "The session could not be read" in response.text
    # A token of the public questionnaire is not a desk session.
    public = desk.get("/en/start").text
    public_token = re.search(r'name="t" type="hidden" value="([^"]*)"', public)
    response = desk.post(
        "/desk/sessions/step",
        data={
            "csrf_token": csrf_token(session.html),
            "t": public_token.group(1) if public_token else "",
        },
    )
    assert response.status_code == 400


def test_a_question_that_cannot_be_asked_is_a_bad_request(session):
    session.post(fact="no-such-fact", answer="x", next="y")
    assert session.response.status_code == 400


def test_a_post_without_a_csrf_token_is_refused(desk):
    session = Session(desk)
    response = desk.post("/desk/sessions/step", data={"t": token_of(session.html)})
    assert response.status_code == 400


def test_an_arabic_speaking_worker_with_a_german_visitor(desk):
    """The other way round: the page reads right to left, the visitor's German left to right."""
    session = Session(desk, staff="ar", visitor="de")
    html = session.html
    assert '<html lang="ar" dir="rtl">' in html
    visitor = html.index('class="desk-side desk-visitor" lang="de" dir="ltr"')
    staff = html.index('class="desk-side desk-staff" lang="ar" dir="rtl"')
    assert visitor < staff
    assert "Weiter" in html and "التالي" in html


def test_a_shown_plan_is_one_anonymous_visit_of_the_desk_s_centre(app, desk):
    from navigator.editor.models import Account
    from navigator.statistics.models import DeskVisit

    with app.app_context():
        newest = db.session.scalar(select(func.max(DeskVisit.id))) or 0
        centre = db.session.scalars(
            select(Account.location_id).where(Account.email == email_of("desk"))
        ).one()
    session = Session(desk)
    session.answer(["housing"], interpreter="Tigrinya")
    session.post(show_plan="y")
    session.post(show_plan="y")
    with app.app_context():
        [visit] = db.session.scalars(select(DeskVisit).where(DeskVisit.id > newest)).all()
        assert centre is not None and visit.location_id == centre
        assert (visit.staff_locale, visit.visitor_locale) == ("de", "ar")
        assert [need.need for need in visit.needs] == ["housing"]


def test_an_expired_form_token_loses_nothing_of_the_session(app, desk, client):
    """A long conversation outlives the form's CSRF token: the same question comes back with
    every answer and the interpreter note kept; only the last choice is asked again."""
    from navigator.desk import state

    session = Session(desk)
    session.answer(["housing"], interpreter="Tigrinya")
    question, before = fact_of(session.html), token_of(session.html)
    expired = {"csrf_token": "expired", "t": before, "fact": question, "next": "y"}
    response = desk.post("/desk/sessions/step", data={**expired, "answer": "x"})
    assert response.status_code == 400
    assert fact_of(response.text) == question and 'value="Tigrinya"' in response.text
    assert "nicht gespeichert" in response.text  # said in the staff's language
    with app.app_context():
        assert state.unseal(token_of(response.text)).answers == state.unseal(before).answers
    session.response = response  # and the session goes on with the new form token
    assert session.dont_know().status_code == 200
    assert fact_of(session.html) != question
    # Without a desk account the session is not shown: the app's "form expired" page.
    anonymous = client.post("/desk/sessions/step", data=expired)
    assert anonymous.status_code == 400 and 'name="t"' not in anonymous.text
