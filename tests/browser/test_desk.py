"""The front desk in Chromium: axe-core finds nothing on a German/Arabic session (a question,
the plan) and on the hand-over; a desk worker's short journey from signing in to the
hand-over."""

from __future__ import annotations

import pytest

from tests.browser.conftest import EDITOR_PASSWORD
from tests.browser.journey import server_error
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

DESK_EMAIL = "desk@browser-tests.example.org"


def _sign_in_at_the_desk(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/desk/")
    assert page.url.startswith(f"{live_server}/editor/login?next=/desk/")
    page.fill("#email", DESK_EMAIL)
    page.fill("#password", EDITOR_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == f"{live_server}/desk/", f"the desk worker landed on {page.url}"


def _click(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation() as navigation:
        page.click(selector)
    response = navigation.value
    assert response is not None and response.status < 500, server_error()


def _violations(page, axe) -> str:  # type: ignore[no-untyped-def]
    return describe(axe.run(page, options=AXE_OPTIONS).response["violations"])


def test_a_desk_worker_runs_a_german_arabic_session(browser, live_server, axe):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    checked = {}
    try:
        _sign_in_at_the_desk(page, live_server)
        assert "International House" in page.content() or "Internationales" in page.content()
        page.select_option("#staff", "de")
        page.select_option("#visitor", "ar")
        _click(page, "main button[type=submit]")
        assert "/desk/sessions/new?staff=de&visitor=ar" in page.url
        # The question side by side: Arabic (right to left) first, German beside it.
        title = page.locator("h1.desk-title")
        visitor = title.locator('[lang="ar"]')
        staff = title.locator('[lang="de"]')
        assert visitor.get_attribute("dir") == "rtl" and staff.get_attribute("dir") == "ltr"
        assert visitor.evaluate("e => getComputedStyle(e).direction") == "rtl"
        left_of_staff = staff.bounding_box()["x"] > visitor.bounding_box()["x"]
        assert left_of_staff, "the visitor's language comes first"
        checked["question (de + ar)"] = _violations(page, axe)
        # The needs: housing and health (the label holds both languages).
        page.check('input[value="housing"]')
        page.check('input[value="health"]')
        _click(page, 'button[name="next"]')
        assert page.locator('input[name="fact"]').input_value() == "residence_status"
        page.check('input[value="international_protection"]')
        page.fill("#interpreter", "Tigrinya")
        _click(page, 'button[name="next"]')
        # "Don't know" once, then back: the same question again.
        question = page.locator('input[name="fact"]').input_value()
        _click(page, 'button[name="dont_know"]')
        _click(page, 'button[name="back"]')
        assert page.locator('input[name="fact"]').input_value() == question
        assert page.locator("#interpreter").input_value() == "Tigrinya"
        # Answer "don't know" until the plan comes (or it is offered).
        for _ in range(12):
            if page.locator('button[name="show_plan"]').count():
                _click(page, 'button[name="show_plan"]')
            if not page.locator('input[name="fact"]').count():
                break
            _click(page, 'button[name="dont_know"]')
        assert "Ihr Plan" in page.content() and "خطتك" in page.content()
        steps = page.locator("ol.desk-steps > li.step")
        assert steps.count() >= 1
        first = steps.first
        assert first.locator('[lang="ar"][dir="rtl"] h3').count() == 1
        assert first.locator('[lang="de"][dir="ltr"] h3').count() == 1
        assert "?" not in page.url and "gAAAA" not in page.url  # the session is in no URL
        checked["plan (de + ar)"] = _violations(page, axe)
        # A referral with consent, as a step of the session, then the plan again.
        _click(page, 'ol.desk-steps button[name="refer"]')
        checked["the session's consent form (ar + de)"] = _violations(page, axe)
        page.check("#share_language")
        page.check("#consent")
        _click(page, "main button.button-primary[type=submit]")
        assert page.locator(".private-link code").count() == 1
        checked["the session's referral receipt"] = _violations(page, axe)
        _click(page, 'button[name="show_plan"]')
        assert page.locator(".desk-referrals li").count() == 1
        _click(page, 'button[formaction$="/desk/sessions/handover"]')
        assert page.locator(".handover-qr svg").count() == 1
        assert page.locator(".handover-referral .qr svg").count() == 1
        assert "خطتك" in page.title() and "Ihr Plan" in page.title()
        checked["hand-over with a referral's consent"] = _violations(page, axe)
        # Narrow screen: the two languages stack.
        page.set_viewport_size({"width": 375, "height": 800})
        _click(page, 'button[name="show_plan"]')
        title = page.locator(".desk-intro")
        visitor_box = title.locator('[lang="ar"]').bounding_box()
        staff_box = title.locator('[lang="de"]').bounding_box()
        assert staff_box["y"] >= visitor_box["y"] + visitor_box["height"] - 1
        # Close: back at the start, nothing of the session left on the page.
        _click(page, 'button[formaction$="/desk/sessions/close"]')
        assert page.url == f"{live_server}/desk/"
        assert "Tigrinya" not in page.content()
    finally:
        context.close()
    found = {name: text for name, text in checked.items() if text}
    assert not found, "\n".join(f"{name}:\n{text}" for name, text in found.items())
