"""axe-core (WCAG 2.2 AA) finds nothing on the feedback pages, in English and in Arabic:
the form, the form with an error, the thank-you page, the inbox and the dashboard with its
feedback lists (in the browser suite: one Chromium and one server for all of it)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import EDITOR_EMAIL, EDITOR_PASSWORD
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_feedback_pages_pass_axe(browser, live_server, axe, locale):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    checked = {}
    try:
        page.goto(f"{live_server}/{locale}/services/language-cafe")
        page.click(".feedback-ask li:nth-child(3) a")  # "Report wrong information"
        assert page.locator("textarea#comment").count() == 1
        checked["form"] = _violations(page, axe)
        page.fill("#comment", "Wrong hours, call me on 0176 12345678")
        with page.expect_navigation():
            page.click("main button[type=submit]")  # no field chosen
        assert page.locator(".error-summary").is_visible()
        assert "0176 12345678" in page.input_value("#comment")  # nothing typed is lost
        checked["form with an error"] = _violations(page, axe)
        page.check("#field-1")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert "/feedback/thanks" in page.url
        checked["thank-you"] = _violations(page, axe)
        page.goto(f"{live_server}/{locale}/search?q=xylophon")
        page.context.add_cookies([{"name": "locale", "value": locale, "url": live_server}])
        page.goto(f"{live_server}/editor/login")
        page.fill("#email", EDITOR_EMAIL)
        page.fill("#password", EDITOR_PASSWORD)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        checked["dashboard"] = _violations(page, axe)
        page.goto(f"{live_server}/editor/feedback")
        assert "[phone number removed]" in page.content()
        checked["inbox"] = _violations(page, axe)
    finally:
        context.close()
    found = {name: text for name, text in checked.items() if text}
    assert not found, "\n".join(f"{name} ({locale}):\n{text}" for name, text in found.items())


def _violations(page, axe) -> str:  # type: ignore[no-untyped-def]
    return describe(axe.run(page, options=AXE_OPTIONS).response["violations"])
