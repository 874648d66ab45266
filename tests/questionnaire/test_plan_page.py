"""The plan page as a newcomer reads it on a phone or on paper (issue 7, point 7 and the
plan's part of points 2, 3, 4 and 9). Engine features the page shows (urgency, "after",
settled, area-limited maybes) are set on a real plan with a wrapper, so these tests check
what the page does with them whatever the engine decides for a given persona."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Document, Service
from navigator.eligibility import Status
from navigator.pathway import engine
from navigator.pathway.engine import Answers
from navigator.pathway.source import content_changed
from navigator.questionnaire import plan_view
from navigator.questionnaire import token as tokens

# A recognised refugee in a reception centre who needs housing, German and work: the
# "typical plan" of the issue (more than 12 steps in the demo pack).
REFUGEE = Answers(
    needs=("housing", "language-learning", "work"),
    needs_asked=True,
    values={
        "residence_status": "international_protection",
        "age": 30,
        "months_since_arrival": 4,
        "registered_address": False,
        "housing": "reception_centre",
        "employment": "jobseeker",
        "language_level": "none",
    },
    skipped=frozenset({"district"}),
    order=("needs", "residence_status", "age", "district"),
)
STUDENT = Answers(
    needs=("health",),
    needs_asked=True,
    values={"residence_status": "student", "age": 22},
    order=("needs", "residence_status", "age"),
)


def plan_page(app, client, answers: Answers, locale: str = "en") -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        token = tokens.encode(answers)
    response = client.get(f"/{locale}/plan?t={token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def steps_of_page(page: str) -> list[str]:
    return re.findall(r'<li class="step[^"]*" id="step-\d+">.*?</dl>', page, re.S)


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


@pytest.fixture
def tweak_plan(monkeypatch) -> Callable[[Callable], None]:  # type: ignore[no-untyped-def]
    """Change the real plan before the page shows it: tweak(lambda plan: ...)."""

    def install(change: Callable) -> None:  # type: ignore[type-arg]
        real = plan_view.build_plan

        def build(*args, **kwargs):  # type: ignore[no-untyped-def]
            plan = real(*args, **kwargs)
            change(plan)
            return plan

        monkeypatch.setattr(plan_view, "build_plan", build)

    return install


# 1. Explanations collapsed; a long plan opens with what to do this week.


def test_explanations_start_collapsed(app, client):
    page = plan_page(app, client, REFUGEE)
    assert '<details class="why">' in page
    assert not re.search(r"<details[^>]*\bopen\b", page)


def test_long_plan_opens_with_this_weeks_steps_urgent_first(app, client, tweak_plan):
    def three_first_the_third_urgent(plan) -> None:  # type: ignore[no-untyped-def]
        for step in plan.steps[:3]:
            step.phase = plan.steps[0].phase
        plan.steps[2].urgent = True

    tweak_plan(three_first_the_third_urgent)
    page = plan_page(app, client, REFUGEE)
    shown = steps_of_page(page)
    assert len(shown) > plan_view.SUMMARY_AFTER
    first_phase = page.split('<section class="phase"')[1]
    count = len(steps_of_page(first_phase))
    summary = re.search(r'<section class="plan-summary".*?</section>', page, re.S)
    assert summary, "a plan over 12 steps opens with a summary"
    assert count == 3
    assert "3 things to do this week" in summary.group(0)
    links = re.findall(r'href="#step-(\d+)">([^<]+)</a>', summary.group(0))
    assert len(links) == count
    urgent = [b for b in steps_of_page(first_phase) if "step-urgent" in b]
    assert len(urgent) == 1 and "Urgent" in urgent[0]
    # The urgent step is named first, marked, and its link goes to its card.
    assert "Urgent" in summary.group(0).split("</li>")[0]
    number = re.search(r'id="step-(\d+)"', urgent[0]).group(1)
    assert links[0][0] == number


def test_short_plan_has_no_summary(app, client):
    page = plan_page(app, client, STUDENT)
    assert len(steps_of_page(page)) <= plan_view.SUMMARY_AFTER
    assert "plan-summary" not in page


# 2. Tap to call, tap to mail.


def test_phone_numbers_and_emails_are_tap_links(app, client):
    page = plan_page(app, client, REFUGEE, "ar")
    calls = re.findall(r'<a href="(tel:[^"]*)" dir="ltr">([^<]+)</a>', page)
    mails = re.findall(r'<a href="(mailto:[^"]*)" dir="ltr">([^<]+)</a>', page)
    assert calls and mails
    for href, shown in calls:
        assert re.fullmatch(r"tel:\+?\d+", href), href
        assert href[4:] == re.sub(r"[^\d+]", "", shown)
    for href, shown in mails:
        assert href == f"mailto:{shown}"
    # No number is left as plain text in a step.
    for block in re.findall(r'<dl class="facts compact">.*?</dl>', page, re.S):
        assert not re.search(
            r">\s*\+\d[\d ]+\s*<", re.sub(r'<a href="tel:[^>]*>[^<]*</a>', "", block)
        )


# 3. What to bring fits the person.


@contextlib.contextmanager
def document_needed_when(app, slug: str, logic: dict) -> Iterator[None]:  # type: ignore[no-untyped-def,type-arg]
    """The document's `needed_when` set to `logic` (a content change), restored after."""

    def change(value: object) -> object:
        with app.app_context():
            document = db.session.scalars(select(Document).where(Document.slug == slug)).one()
            before, document.needed_when = document.needed_when, value
            content_changed(db.session)
            db.session.commit()
        return before

    before = change(logic)
    try:
        yield
    finally:
        change(before)


@pytest.fixture
def residence_document_for_non_eu(app):  # type: ignore[no-untyped-def]
    logic = {"!=": [{"var": "residence_status"}, "eu_citizen"]}
    with document_needed_when(app, "residence-document", logic):
        yield


@pytest.mark.usefixtures("residence_document_for_non_eu")
def test_what_to_bring_lists_only_documents_that_fit(app, client):
    def bring(values: dict, skipped=frozenset()) -> str:  # type: ignore[type-arg]
        answers = Answers(needs=("work",), needs_asked=True, values=values, skipped=skipped)
        page = plan_page(app, client, answers)
        block = next(b for b in steps_of_page(page) if "jobseeker-registration" in b)
        found = re.search(r"What to bring</dt> <dd>(.*?)</dd>", block, re.S)
        return text(found.group(1)) if found else ""

    residence = "Residence permit, temporary protection paper"
    assert residence not in bring({"residence_status": "eu_citizen", "age": 30})
    assert residence in bring({"residence_status": "international_protection", "age": 30})
    # Not known yet: the document stays on the list (only a clear "no" hides it).
    assert residence in bring({"age": 30}, frozenset({"residence_status"}))
    assert "Passport" in bring({"residence_status": "eu_citizen", "age": 30})


@pytest.fixture
def certificate_once_registered(app):  # type: ignore[no-untyped-def]
    logic = {"==": [{"var": "registered_address"}, True]}
    with document_needed_when(app, "registration-certificate", logic):
        yield


@pytest.mark.usefixtures("certificate_once_registered")
def test_step_after_registering_asks_for_the_certificate(app, client, tweak_plan):
    """Not registered yet, but a step that comes after registering counts on it."""
    certificate = "Certificate of address registration"
    assumed: dict = {}  # type: ignore[type-arg]

    def after_registering(plan) -> None:  # type: ignore[no-untyped-def]
        for step in plan.steps:
            step.assumes = dict(assumed)

    tweak_plan(after_registering)
    assert certificate not in plan_page(app, client, REFUGEE)
    assumed["registered_address"] = True
    assert certificate in plan_page(app, client, REFUGEE)


# 4. A maybe says whom to ask; a district-only maybe says so and names the areas.


def test_maybe_steps_say_whom_to_ask(app, client):
    page = plan_page(app, client, REFUGEE)
    maybes = [b for b in steps_of_page(page) if "step-maybe" in b]
    assert maybes
    for block in maybes:
        if "depends on where you live" in block:
            continue
        ask = re.search(r'<p class="ask">(.*?)</p>', block, re.S)
        assert ask, block
        assert re.search(r'href="/en/(organisations|services)/[^"]+"', ask.group(1))
        assert re.search(r'href="tel:\+?\d+" dir="ltr"', ask.group(1))


def test_district_only_maybe_says_it_depends_on_where_you_live(app, client, tweak_plan):
    def only_district_decides(plan) -> None:  # type: ignore[no-untyped-def]
        step = plan.steps[-1]
        service = dataclasses.replace(step.service, areas=frozenset({"north", "south"}))
        step.result = engine.Result(service, Status.UNKNOWN, ("district",))

    tweak_plan(only_district_decides)
    page = plan_page(app, client, REFUGEE)
    block = steps_of_page(page)[-1]
    assert "Maybe — depends on where you live." in block
    assert "Only for people who live in: North district and South district" in text(block)
    assert "edit=district" in block
    assert 'class="ask"' not in block


def test_parents_programme_depends_on_the_district(app, client):
    """With the real engine: a parent of a toddler who did not say where they live."""

    def programme(district: str | None) -> str | None:
        values = {**REFUGEE.values, "children_ages": ["under_3"]}
        skipped = frozenset({"district"} if district is None else ())
        if district is not None:
            values["district"] = district
        answers = dataclasses.replace(REFUGEE, values=values, skipped=skipped)
        page = plan_page(app, client, answers)
        return next((b for b in steps_of_page(page) if "/services/parents-programme" in b), None)

    unknown = programme(None)
    assert unknown and "Maybe — depends on where you live." in unknown
    assert "East district and West district" in text(unknown)
    assert programme("north") is None
    east = programme("east")
    assert east and "You can use this." in east and "depends on where" not in east


# 5. Area-limited services name their area, on the plan and on the service page.


def test_area_limited_step_and_service_page_name_the_area(app, client):
    page = plan_page(app, client, REFUGEE)
    block = next(b for b in steps_of_page(page) if "/services/parents-programme" in b)
    assert "Only for people who live in: East district and West district" in text(block)
    service = client.get("/en/services/parents-programme").get_data(as_text=True)
    assert "Only for people who live in: East district and West district" in text(service)
    everyone = client.get("/en/services/welcome-centre").get_data(as_text=True)
    assert "Only for people who live in" not in everyone


# 6. "After step N", urgent marks, phase titles for people who have lived here for long.


def test_after_step_urgent_mark_and_settled_phase_titles(app, client, tweak_plan):
    def change(plan) -> None:  # type: ignore[no-untyped-def]
        plan.steps[0].urgent = True
        plan.steps[-1].after = [plan.steps[0].service.slug]
        plan.settled = True

    tweak_plan(change)
    page = plan_page(app, client, REFUGEE)
    shown = steps_of_page(page)
    assert '<strong class="badge badge-urgent">Urgent</strong>' in shown[0]
    assert '<a href="#step-1">After you have done step 1</a>' in shown[-1]
    titles = re.findall(r'<h2 id="phase-[^"]+">([^<]+)</h2>', page)
    assert titles[0] == "Start with these"
    assert set(titles) <= {"Start with these", "After that", "In the coming months", "Later"}
    assert "First days" not in page


def test_recent_arrival_keeps_first_days(app, client):
    page = plan_page(app, client, REFUGEE)
    assert re.findall(r'<h2 id="phase-[^"]+">([^<]+)</h2>', page)[0] == "First days"


# 7. Print: weekly hours, the numbers themselves, nothing relative to today.


def test_print_shows_weekly_hours_and_urgent_numbers_not_open_now(app, client):
    page = plan_page(app, client, REFUGEE)
    numbers = re.search(r'<ul class="plan-numbers print-only">(.*?)</ul>', page, re.S)
    assert numbers and 'href="tel:112"' in numbers.group(1) and "112" in text(numbers.group(1))
    assert "Mon–Wed 09:00–16:00" in page  # the Welcome Centre's week, Monday first
    for match in re.finditer(r"(Open now|Closed now|this week)", page):
        opening = page.rfind("<span", 0, match.start())
        assert "screen-only" in page[opening : match.start()], page[opening : match.end()]
    for hours in re.findall(r'<span class="print-only">([^<]*)</span>', page):
        assert not re.search(r"now|today|tomorrow", hours, re.I), hours


# 8 and 9. Fallback text is announced and isolated in right-to-left pages.


@pytest.fixture
def welcome_centre_without_arabic(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == "welcome-centre")).one()
        row = service.translations["ar"]
        before = (row.title, row.summary)
        row.title = row.summary = None
        content_changed(db.session)
        db.session.commit()
    yield
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == "welcome-centre")).one()
        service.translations["ar"].title, service.translations["ar"].summary = before
        content_changed(db.session)
        db.session.commit()


@pytest.mark.usefixtures("welcome_centre_without_arabic")
def test_fallback_step_is_announced_and_isolated_in_arabic(app, client):
    page = plan_page(app, client, REFUGEE, "ar")
    block = next(b for b in steps_of_page(page) if "/services/welcome-centre" in b)
    assert '<bdi lang="en" dir="ltr">Welcome Centre</bdi>' in block
    assert 'class="fallback-notice"' in block
    # Only that step: the others have their Arabic text.
    assert sum("fallback-notice" in b for b in steps_of_page(page)) == 1
