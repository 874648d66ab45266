"""axe-core (WCAG 2.2 AA) finds nothing on the referral pages: the consent form for a
German-speaking worker and an Arabic-speaking visitor (and with an error), the bilingual
receipt, the partner's inbox and referral page, and the visitor's private page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import EDITOR_EMAIL, EDITOR_PASSWORD
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

NEW = "/desk/referrals/new?service=language-cafe&visitor=ar&staff=de&need=language-learning"


def _sign_in(page, live_server: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/editor/login")
    page.fill("#email", email)
    page.fill("#password", EDITOR_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_referral_pages_pass_axe(browser, live_server, axe):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    checked = {}
    try:
        page.context.add_cookies([{"name": "locale", "value": "de", "url": live_server}])
        _sign_in(page, live_server, EDITOR_EMAIL)
        page.goto(live_server + NEW)
        assert page.locator('[lang="ar"][dir="rtl"]').count() > 0
        checked["consent form"] = _violations(page, axe)
        page.check("#share_name")
        with page.expect_navigation():
            page.click("main button[type=submit]")  # no name, no consent
        assert page.locator(".error-summary").is_visible()
        checked["consent form with errors"] = _violations(page, axe)
        page.fill("#name", "Amal")
        page.check("#share_contact")
        page.check("#contact_channel-0")
        page.fill("#contact", "amal@example.org")
        page.check("#consent")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        link = re.search(r"/ar/referral/[\w-]+", page.content())
        assert link, "the receipt carries the private link"
        checked["receipt"] = _violations(page, axe)
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "locale", "value": "ar", "url": live_server}])
        _sign_in(page, live_server, "organisation_editor@browser-tests.example.org")
        page.goto(f"{live_server}/editor/referrals")
        checked["inbox"] = _violations(page, axe)
        with page.expect_navigation():
            page.click("main table a")
        assert "Amal" in page.content()
        checked["partner's referral"] = _violations(page, axe)
        page.goto(live_server + link.group(0))
        checked["visitor's page"] = _violations(page, axe)
    finally:
        context.close()
    found = {name: text for name, text in checked.items() if text}
    assert not found, "\n".join(f"{name}:\n{text}" for name, text in found.items())


def _violations(page, axe) -> str:  # type: ignore[no-untyped-def]
    return describe(axe.run(page, options=AXE_OPTIONS).response["violations"])
