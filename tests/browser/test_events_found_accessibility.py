"""axe-core finds nothing where events join other content: search results that list events
beside services (English and Arabic), and the desk's plan and hand-over with events."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.journey import server_error
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.browser.test_desk import _click, _sign_in_at_the_desk, _violations

pytestmark = pytest.mark.browser

#: words that find the language café (an event) and the language-café service
QUERIES = {"en": "language café", "ar": "مقهى اللغات"}


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_no_axe_violations_on_search_results_with_events(page, live_server, axe, locale):  # type: ignore[no-untyped-def]
    path = f"/{locale}/search?q={quote(QUERIES[locale])}"
    response = page.goto(live_server + path)
    status = response.status if response else None
    assert status == 200, f"{path} answered {status}{server_error()}"
    assert page.locator("main .search-events .event-card").count() >= 1, "no event found"
    assert page.locator("main .service-card").count() >= 1, "no service found"
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe on {path}:\n{describe(violations)}"


def test_no_axe_violations_on_the_desk_plan_and_hand_over_with_events(browser, live_server, axe):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    checked = {}
    try:
        _sign_in_at_the_desk(page, live_server)
        page.select_option("#staff", "de")
        page.select_option("#visitor", "ar")
        _click(page, "main button[type=submit]")
        page.check('input[value="language-learning"]')
        page.check('input[value="community"]')
        _click(page, 'button[name="next"]')
        page.check('input[value="international_protection"]')
        _click(page, 'button[name="next"]')
        for _ in range(12):  # "don't know" until the plan comes (or it is offered)
            if page.locator('button[name="show_plan"]').count():
                _click(page, 'button[name="show_plan"]')
            if not page.locator('input[name="fact"]').count():
                break
            _click(page, 'button[name="dont_know"]')
        events = page.locator(".plan-events")
        assert events.locator('[lang="ar"] h3').count() >= 1, "no events on the desk's plan"
        assert events.locator('[lang="de"] h3').count() == events.locator('[lang="ar"] h3').count()
        checked["plan with events (de + ar)"] = _violations(page, axe)
        _click(page, 'button[formaction$="/desk/sessions/handover"]')
        assert page.locator(".plan-events time").count() >= 2
        checked["hand-over with events"] = _violations(page, axe)
        _click(page, 'button[formaction$="/desk/sessions/close"]')
    finally:
        context.close()
    found = {name: text for name, text in checked.items() if text}
    assert not found, "\n".join(f"{name}:\n{text}" for name, text in found.items())
