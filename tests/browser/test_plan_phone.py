"""The plan on a cheap phone (360 px, five locales whose words run long or right to left)
and on paper: print shows weekly hours and the urgent numbers, nothing relative to today."""

from __future__ import annotations

import re

import pytest

from tests.browser import journey
from tests.browser.test_layout import _OVERFLOW

pytestmark = pytest.mark.browser

# A recognised refugee who needs housing, German and work: a long, typical plan.
ANSWERS = {"residence_status": "international_protection", "age": "30"}
NEEDS = ("housing", "language-learning", "work")


@pytest.fixture(scope="module")
def long_plan_token(browser, live_server: str) -> str:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{live_server}/en/start")
        for _step in range(journey.MAX_STEPS):
            if journey.on_plan(page):
                return journey.token_of(page.url)
            fact = journey.current_fact(page)
            button = "#next"
            if fact == "needs":
                for value in NEEDS:
                    page.check(f"input[name=answer][value='{value}']")
            elif fact == "residence_status":
                page.check(f"input[name=answer][value='{ANSWERS[fact]}']")
            elif fact == "age":
                page.fill("#answer", ANSWERS[fact])
            else:
                button = "#dont_know"
            journey._submit(page, lambda button=button: page.click(button), False)
        raise AssertionError("no plan")
    finally:
        context.close()


@pytest.fixture(scope="module")
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("locale", ["en", "ar", "fr", "de", "tr"])
def test_plan_does_not_scroll_sideways_at_360px(phone, live_server, long_plan_token, locale):  # type: ignore[no-untyped-def]
    response = phone.goto(f"{live_server}/{locale}/plan?t={long_plan_token}")
    assert response and response.status == 200, journey.server_error()
    # Open every "Why?" box too: an opened explanation must fit as well.
    phone.evaluate("document.querySelectorAll('details.why').forEach(d => d.open = true)")
    measured = phone.evaluate(_OVERFLOW)
    assert measured["scrollWidth"] <= measured["clientWidth"] <= 360, (
        f"plan ({locale}) scrolls sideways: {measured}"
    )
    # Collapsed by default: the page opened with no explanation showing.
    phone.reload()
    assert phone.locator("details.why[open]").count() == 0
    assert phone.locator("details.why").count() > 0


def test_printed_plan_shows_hours_and_numbers_and_nothing_relative(
    phone, live_server, long_plan_token
):  # type: ignore[no-untyped-def]
    phone.goto(f"{live_server}/en/plan?t={long_plan_token}")
    summary = phone.locator(".plan-summary").count() > 0
    steps = "[...document.querySelectorAll('.plan-summary, section.phase')].map(e => e.innerText)"
    screen = "\n".join(phone.evaluate(steps))
    assert re.search(r"Open now|Closed now", screen)
    assert not summary or "to do this week" in screen
    phone.emulate_media(media="print")
    try:
        printed = "\n".join(phone.evaluate(steps))
        assert not re.search(r"\bnow\b|\btoday\b|\btomorrow\b|this week", printed, re.I), printed
        assert re.search(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(–\w+)? \d\d:\d\d–\d\d:\d\d", printed)
        assert not summary or "Start with" in printed
        whole = phone.inner_text("main")
        assert "112" in whole  # the urgent number itself, not only a link to a page
        assert "Change my answers" not in whole
    finally:
        phone.emulate_media(media="screen")
