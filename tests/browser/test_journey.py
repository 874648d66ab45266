"""A newcomer's journey through the real app in a real browser: home → questionnaire → plan,
in Arabic (right to left), without JavaScript, with the keyboard only, on paper, and
without a single request leaving the site."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.journey import (
    answer_questionnaire,
    assert_focus_visible,
    focus_state,
    keyboard_questionnaire,
    on_plan,
    server_error,
    tab_to,
)

pytestmark = pytest.mark.browser

DIRECTION = "getComputedStyle(document.documentElement).direction"


def _start_from_home(page, base: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/{locale}/")
    with page.expect_navigation():
        page.click(f"main a.button-primary[href='/{locale}/start']")
    assert urlparse(page.url).path == f"/{locale}/start"


def _assert_plan(page, locale: str, asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert on_plan(page), page.url
    assert urlparse(page.url).path == f"/{locale}/plan"
    for fact in ("needs", "residence_status", "age"):
        assert fact in asked, f"{fact} was never asked; asked {asked}"
    assert len(asked) > 3, f"expected more questions to answer with 'I don't know': {asked}"
    steps = page.locator("ol.steps > li.step")
    assert steps.count() >= 1, "the plan lists no steps"
    assert steps.first.locator("h3 a").get_attribute("href").startswith(f"/{locale}/services/")


def test_arabic_journey_reaches_a_right_to_left_plan_and_stays_on_site(page, live_server):  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    _start_from_home(page, live_server, "ar")
    assert page.evaluate(DIRECTION) == "rtl"
    asked = answer_questionnaire(page)

    _assert_plan(page, "ar", asked)
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate(DIRECTION) == "rtl"

    # No request leaves the site: no CDN, no fonts, no analytics, nothing.
    assert requests, "no requests were recorded"
    outside = [url for url in requests if urlparse(url).hostname != "127.0.0.1"]
    assert not outside, f"requests left the site: {outside}"


def test_journey_works_with_javascript_disabled(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        _start_from_home(page, live_server, "ar")
        asked = answer_questionnaire(page)
        _assert_plan(page, "ar", asked)
        assert page.locator("html").get_attribute("dir") == "rtl"
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_keyboard_only_journey_with_visible_focus(page, live_server, locale):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/{locale}/")
    # The first Tab stop is the skip link, and it is visible when focused.
    page.keyboard.press("Tab")
    state = focus_state(page)
    assert state is not None and "skip-link" in state["cls"], state
    assert_focus_visible(state)
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # type: ignore[index]

    tab_to(page, lambda s: s["tag"] == "a" and "button-primary" in s["cls"], "Find services")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    asked = keyboard_questionnaire(page)
    _assert_plan(page, locale, asked)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_print_hides_navigation_on_the_plan(page, live_server, plan_token, locale):  # type: ignore[no-untyped-def]
    response = page.goto(f"{live_server}/{locale}/plan?t={plan_token}")
    status = response.status if response else None
    assert status == 200, f"the plan answered {status}{server_error()}"
    header, nav = page.locator(".site-header"), page.locator("nav.main-nav")
    assert header.is_visible() and nav.is_visible()

    page.emulate_media(media="print")
    hidden = (".site-header", "nav.main-nav", ".language-picker", ".site-footer", ".no-print")
    for selector in hidden:
        displays = page.eval_on_selector_all(
            selector, "els => els.map(el => getComputedStyle(el).display)"
        )
        assert displays and set(displays) == {"none"}, f"{selector} prints: {displays}"
    assert not header.is_visible() and not nav.is_visible()
    # The plan itself still prints.
    assert page.locator("ol.steps > li.step").first.is_visible()
    assert page.locator(".qr svg").is_visible()


def test_language_picker_keeps_the_page(page, live_server):  # type: ignore[no-untyped-def]
    slug = "address-registration"
    page.goto(f"{live_server}/en/services/{slug}")
    picker = page.locator("details.language-picker")
    deutsch = picker.get_by_role("link", name="Deutsch", exact=True)
    assert not deutsch.is_visible()
    picker.locator("summary").click()
    assert picker.get_attribute("open") is not None
    with page.expect_navigation():
        deutsch.click()
    assert page.url == f"{live_server}/de/services/{slug}"
    assert page.locator("html").get_attribute("lang") == "de"
