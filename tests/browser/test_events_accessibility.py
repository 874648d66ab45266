"""axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) finds nothing on the events pages, in
English and in Arabic (right to left)."""

from __future__ import annotations

import pytest

from tests.browser.journey import server_error
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser

PAGES = {
    "events": "/{locale}/events",
    "events this week by topic": "/{locale}/events?topic=community&when=week",
    "event": "/{locale}/events/welcome-day",
    "event with registration and a rule": "/{locale}/events/work-permit-info-sessions",
}


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations_on_events_pages(page, live_server, axe, name, locale):  # type: ignore[no-untyped-def]
    path = PAGES[name].format(locale=locale)
    response = page.goto(live_server + path)
    status = response.status if response else None
    assert status == 200, f"{path} answered {status}{server_error()}"
    if name == "events":
        assert page.locator("main .event-card").count() >= 1, "no upcoming events listed"
    results = axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, (
        f"axe found {len(violations)} violation(s) on {name} ({locale}) {path}:\n"
        f"{describe(violations)}"
    )
