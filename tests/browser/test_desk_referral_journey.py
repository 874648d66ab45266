"""Issue 11's journey in Chromium, from the welcome desk to the statistics: a desk worker runs
a session in German with an Arabic-speaking visitor, prints the hand-over and, with the
visitor's consent, refers them to the language café; the library's editor accepts the
referral; the desk sees it; the purge removes the personal details once the retention
period is over (the clock moved forward); the statistics page then shows the visit and the
outcome, with counts below 10 hidden."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import create_engine, text

from tests.browser import journey
from tests.browser.conftest import EDITOR_EMAIL, EDITOR_PASSWORD, sign_in_page
from tests.browser.journey import server_error

pytestmark = pytest.mark.browser

DESK_EMAIL = "desk@browser-tests.example.org"
VISITOR_NAME = "Amal (journey)"


def _click(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation() as navigation:
        page.click(selector)
    response = navigation.value
    assert response is not None and response.status < 500, server_error()


def _run_session_to_the_plan(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/desk/")
    assert page.url.startswith(f"{live_server}/editor/login?next=/desk/")
    page.fill("#email", DESK_EMAIL)
    page.fill("#password", EDITOR_PASSWORD)
    _click(page, "main button[type=submit]")
    assert page.url == f"{live_server}/desk/"
    page.select_option("#staff", "de")
    page.select_option("#visitor", "ar")
    _click(page, "main button[type=submit]")
    page.check('input[value="language-learning"]')
    _click(page, 'button[name="next"]')
    for _ in range(15):  # "don't know" to the rest, or the plan when it is offered
        if page.locator('button[name="show_plan"]').count():
            _click(page, 'button[name="show_plan"]')
        if not page.locator('input[name="fact"]').count():
            break
        _click(page, 'button[name="dont_know"]')
    assert page.locator("ol.desk-steps > li.step").count() >= 1, "no plan at the desk"


def test_from_the_desk_to_the_statistics(browser, live_server, live_database):  # type: ignore[no-untyped-def]
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900})
    partner_context = browser.new_context()
    admin_context = browser.new_context()
    try:
        page = desk_context.new_page()
        _run_session_to_the_plan(page, live_server)
        plan_html = page.content()
        assert 'lang="ar" dir="rtl"' in plan_html and 'lang="de" dir="ltr"' in plan_html

        # The language café's step: refer with consent, as a step of the session.
        refer = page.locator('ol.desk-steps button[name="refer"][value="language-cafe"]')
        assert refer.count() == 1, "the language café is not in the plan"
        _click(page, 'ol.desk-steps button[name="refer"][value="language-cafe"]')
        # The consent, the visitor's language first.
        blocks = page.locator('[lang="ar"][dir="rtl"], [lang="de"][dir="ltr"]')
        assert blocks.count() >= 2
        page.check("#share_name")
        page.fill("#name", VISITOR_NAME)
        page.check("#share_need")
        page.check('input[name="retention"][value="30"]')
        # Without the consent box nothing is sent, and what was typed stays.
        _click(page, "main button.button-primary[type=submit]")
        assert page.locator("#name").input_value() == VISITOR_NAME
        page.check("#consent")
        _click(page, "main button.button-primary[type=submit]")
        receipt = page.content()
        link = re.search(r'<code dir="ltr">([^<]+/ar/referral/[^<]+)</code>', receipt)
        assert link, "the receipt shows no private link"
        assert page.locator(".qr svg").count() == 1
        _click(page, 'button[name="show_plan"]')

        # The hand-over prints in both languages, with the QR code to the public plan and the
        # referral's consent with its private link.
        _click(page, 'button[formaction$="/desk/sessions/handover"]')
        assert page.locator(".handover-qr svg").count() == 1
        assert "خطتك" in page.title() and "Ihr Plan" in page.title()
        printed = page.locator(".handover-referral")
        assert printed.count() == 1 and link.group(1) in printed.inner_text()
        assert printed.locator('[lang="ar"][dir="rtl"]').count() == 1
        _click(page, 'button[name="show_plan"]')

        # The library's editor finds it in the inbox and accepts it.
        partner = sign_in_page(partner_context.new_page(), live_server, "organisation_editor")
        partner.goto(f"{live_server}/editor/referrals")
        _click(partner, 'main a[href*="/editor/referrals/"]')
        assert VISITOR_NAME in partner.content()  # the shared name, read (and logged)
        partner.check('input[name="status"][value="accepted"]')
        _click(partner, "main button[type=submit]")

        # The desk sees the new status; the visitor's private link says so too.
        page.goto(f"{live_server}/desk/referrals")
        assert "accepted" in page.content().lower() or "angenommen" in page.content().lower()
        visitor = browser.new_context().new_page()
        visitor.goto(link.group(1))
        assert visitor.locator("html").get_attribute("dir") == "rtl"
        assert VISITOR_NAME in visitor.content()

        # The retention period ends: the purge (cron) with the clock 31 days ahead.
        from navigator import create_app

        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
        purger = create_app(
            {
                "DATABASE_URL": live_database,
                "SECRET_KEY": journey.SERVER_ENV["SECRET_KEY"],
                "PUBLIC_URL": live_server,
                "NOW": later,
            }
        )
        result = purger.test_cli_runner().invoke(args=["referrals", "purge"])
        assert result.exit_code == 0, result.output
        engine = create_engine(live_database)
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT name, status, organisation_id FROM referral ORDER BY id DESC")
            ).first()
        engine.dispose()
        assert row is not None and row.name is None  # the personal details are gone
        assert row.status == "accepted" and row.organisation_id is not None  # the outcome stays
        visitor.goto(link.group(1))
        assert VISITOR_NAME not in visitor.content()

        # The statistics: the visit and the outcome, counted but shown as "fewer than 10".
        admin = admin_context.new_page()
        admin.goto(f"{live_server}/editor/login")
        admin.fill("#email", EDITOR_EMAIL)
        admin.fill("#password", EDITOR_PASSWORD)
        _click(admin, "main button[type=submit]")
        admin.goto(f"{live_server}/editor/statistics")
        assert admin.url.startswith(f"{live_server}/editor/statistics")
        page_text = admin.content()
        assert "fewer than 10" in page_text.lower() or "weniger als 10" in page_text.lower()
        assert "Accepted" in page_text or "Angenommen" in page_text
        # No count of one is shown anywhere in the tables: every cell is 0, 10 or more, or hidden.
        cells = admin.locator("table td").all_inner_texts()
        assert not [c for c in cells if c.strip().isdigit() and 0 < int(c.strip()) < 10]
    finally:
        for context in (desk_context, partner_context, admin_context):
            context.close()
