"""axe-core (WCAG 2.2 AA) on the statistics pages, in English and in Arabic: the charts,
the tables beside them, the filters and their error state (issue 11)."""

from __future__ import annotations

import pytest

from tests.browser.journey import server_error
from tests.browser.test_accessibility import AXE_OPTIONS, describe
from tests.browser.test_editor import _sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_statistics_pages_pass_axe(page, live_server, plan_token, axe, locale):  # type: ignore[no-untyped-def]
    # plan_token finished one questionnaire in the browser: the website counted its plan.
    _sign_in(page, live_server, locale)
    found = {}
    for name, path in (
        ("statistics", "/editor/statistics"),
        ("statistics by month", "/editor/statistics?by=month&centre=web"),
        ("unmet needs", "/editor/statistics/unmet"),
        ("statistics with an error", "/editor/statistics?start=2026-02-30"),
    ):
        response = page.goto(live_server + path)
        status = response.status if response else None
        assert status == (400 if "error" in name else 200), f"{path}: {status}{server_error()}"
        if name.startswith("statistics") and "error" not in name:
            assert page.locator("svg.chart").count() >= 1 and page.locator("table").count() >= 1
            assert page.locator(".hidden-count").count() >= 1  # one plan: fewer than 10
        elif "error" in name:
            assert page.locator(".error-summary").is_visible()
        assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            found[name] = describe(violations)
    assert not found, "\n".join(f"{name}:\n{text}" for name, text in found.items())
