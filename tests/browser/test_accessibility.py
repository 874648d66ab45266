"""axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) finds nothing on the public pages and the
questionnaire, in English and in Arabic."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.journey import server_error

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
SEARCH_WORDS = {"en": "housing", "ar": "سكن"}

PAGES = {
    "home": "/{locale}/",
    "topic": "/{locale}/topics/housing",
    "service": "/{locale}/services/address-registration",
    "organisation": "/{locale}/organisations/citizens-office",
    "search results": "/{locale}/search?q={query}",
    "urgent help": "/{locale}/urgent",
    "questionnaire step (checkboxes)": "/{locale}/start",
    "questionnaire step (radios)": "/{locale}/start?t={token}&edit=residence_status",
    "questionnaire step with an error": "/{locale}/start?t={token}&edit=age",
    "plan": "/{locale}/plan?t={token}",
}


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"<{violation.get('helpUrl', '')}>"
        )
        for node in violation.get("nodes", [])[:8]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}: {summary[:300]}")
        if len(violation.get("nodes", [])) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(page, live_server, plan_token, axe, name, locale):  # type: ignore[no-untyped-def]
    path = PAGES[name].format(locale=locale, token=plan_token, query=quote(SEARCH_WORDS[locale]))
    response = page.goto(live_server + path)
    status = response.status if response else None
    assert status == 200, f"{path} answered {status}{server_error()}"
    if name == "search results":
        assert page.locator("main .card").count() >= 1, f"no results for {SEARCH_WORDS[locale]!r}"
    if name == "questionnaire step with an error":
        page.fill("#answer", "")
        with page.expect_navigation() as navigation:
            page.click("#next")
        assert navigation.value is not None and navigation.value.status == 400
        assert page.locator(".error-summary").is_visible()
        assert page.locator("#answer").get_attribute("aria-invalid") == "true"

    results = axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, (
        f"axe found {len(violations)} violation(s) on {name} ({locale}) {path}:\n"
        f"{describe(violations)}"
    )
