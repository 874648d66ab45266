"""The back office in a real browser: signing in with the keyboard, right-to-left in Arabic,
and axe-core (WCAG 2.2 AA) on the sign-in page, the dashboard, the audit log, the edit
pages (with their readability indicator), the rule builder and the history."""

from __future__ import annotations

import pytest

from tests.browser.conftest import EDITOR_EMAIL, EDITOR_PASSWORD, sign_in_page
from tests.browser.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.browser


def _sign_in(page, live_server: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "locale", "value": locale, "url": live_server}])
    page.goto(f"{live_server}/editor/")
    assert page.url.startswith(f"{live_server}/editor/login?next=")
    page.fill("#email", EDITOR_EMAIL)
    page.fill("#password", EDITOR_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}/editor/", page.url


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_sign_in_and_pages_pass_axe(page, live_server, axe, locale):  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "locale", "value": locale, "url": live_server}])
    page.goto(f"{live_server}/editor/login")
    checked = {"sign-in": _violations(page, axe)}
    # A failed attempt: the error summary and the fields' error state pass too.
    page.fill("#email", EDITOR_EMAIL)
    page.fill("#password", "not the password")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#email") == EDITOR_EMAIL
    checked["failed sign-in"] = _violations(page, axe)
    _sign_in(page, live_server, locale)
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    assert page.locator("#hardest-to-read").count() == 1  # plain language (readability.py)
    checked["dashboard"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/audit")
    assert page.locator("table").count() == 1
    checked["audit log"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/users")
    checked["users"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/services/language-cafe/edit")
    assert page.locator("#description-readability").is_visible()
    checked["service edit"] = _violations(page, axe)
    # A preview with an error: what was typed is measured, its long sentence quoted.
    page.fill("#title", "")
    page.fill("#description", "Bring " + "every letter " * 15 + "you have.")
    with page.expect_navigation():
        page.click("button[value=preview]")
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".readability li q").count() == 1
    checked["service edit with a long sentence and an error"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/organisations/city-library/edit")
    page.fill("#website", "not a web address")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert page.locator(".error-summary").is_visible()
    checked["organisation edit with an error"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/services/language-cafe/history")
    checked["history"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/locations/welcome-centre-marktplatz/edit")
    checked["location with its opening hours"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/services/language-cafe/places")
    checked["places and hours"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/city/edit")
    page.fill("#numbers-0-number", "one one two")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert page.locator(".error-summary").is_visible()
    checked["holidays and numbers with an error"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/services/new")
    checked["new service"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/translations")
    checked["translation coverage"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/translations/ar?state=up_to_date")
    checked["one locale's texts"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/translations/ar/services/language-cafe")
    assert page.locator("textarea#summary").get_attribute("dir") == "rtl"
    checked["side-by-side translation"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/translations/ar/facts/children_ages")
    assert page.locator("textarea[name='options.under_3']").get_attribute("dir") == "rtl"
    checked["a question and its answers, side by side"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/translations/ar/city/city")
    checked["the city's notice, holidays and numbers, side by side"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/services/start-coaching/rules")
    page.fill("#extra_persona", "registered_address = yes\nmonths_since_arrival = 18")
    page.fill("#conditions-1-value", "12")
    with page.expect_navigation():
        page.click("button[value=preview]")
    assert page.locator(".personas tr.changed").count() >= 1
    checked["rule builder with persona preview"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/events/welcome-day/edit")
    checked["event edit"] = _violations(page, axe)
    page.select_option("#frequency", "WEEKLY")  # its "first Saturday" needs a month
    with page.expect_navigation():
        page.click("button[value=preview]")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#frequency").input_value() == "WEEKLY"  # kept as chosen
    checked["event edit with a recurrence error"] = _violations(page, axe)
    page.goto(f"{live_server}/editor/events/work-permit-info-sessions/rules")
    page.fill("#extra_persona", "residence_status = temporary_protection")
    with page.expect_navigation():
        page.click("button[value=preview]")
    assert page.locator(".personas").count() >= 1
    checked["an event's rule with persona preview"] = _violations(page, axe)
    failures = {name: found for name, found in checked.items() if found}
    assert not failures, "\n".join(f"{name} ({locale}):\n{text}" for name, text in failures.items())


def test_language_switch_and_sign_out_without_javascript(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        _sign_in(page, live_server, "en")
        page.select_option("#editor-language", "fa")
        with page.expect_navigation():
            page.click(".language-form button")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.url == f"{live_server}/editor/"
        with page.expect_navigation():
            page.click(".sign-out button")
        assert "/editor/login" in page.url
        page.goto(f"{live_server}/editor/")
        assert "/editor/login" in page.url
    finally:
        context.close()


def _violations(page, axe) -> str:  # type: ignore[no-untyped-def]
    results = axe.run(page, options=AXE_OPTIONS)
    return describe(results.response["violations"])


def test_an_editor_publishes_and_the_public_page_shows_it(page, live_server):  # type: ignore[no-untyped-def]
    _sign_in(page, live_server, "en")
    page.goto(f"{live_server}/editor/services/public-writer/edit")
    page.fill("#cost", "Free of charge, bring your letters")
    page.fill("#note", "cost clarified")
    with page.expect_navigation():
        page.click("button[value=save]")
    assert "/editor/services/public-writer/history" in page.url
    assert page.locator("ins", has_text="bring your letters").count() >= 1
    public = page.context.new_page()
    public.goto(f"{live_server}/en/services/public-writer")
    assert "bring your letters" not in public.content()  # a draft is not public
    with page.expect_navigation():
        page.click("text=Publish revision")
    public.reload()
    assert "bring your letters" in public.content()


def _signed_in_page(browser, live_server: str, role: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    return sign_in_page(context.new_page(), live_server, role)


def _set_rule_age(page, live_server: str, age: str, action: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/editor/services/elderly-meeting-point/rules")
    row = page.locator("select[name$='-fact']").evaluate_all(
        "els => els.findIndex(e => e.value === 'age')"
    )
    page.fill(f"#conditions-{row}-value", age)
    with page.expect_navigation():
        page.click(f"button[value={action}]")


def test_editor_journey_hours_rule_review_publish_plan(browser, live_server):  # type: ignore[no-untyped-def]
    """An organisation editor changes opening hours; an author changes a rule and submits
    it; a city editor sees the personas' results, publishes; the public page and a newcomer's
    plan show both changes."""
    from tests.browser import journey

    # 1. The library's editor: Thursday's hours, published at once.
    library = _signed_in_page(browser, live_server, "organisation_editor")
    library.goto(f"{live_server}/editor/services/language-cafe/places")
    library.fill("#places-0-thu", "16:30-19:30")
    with library.expect_navigation():
        library.click("button[value=publish]")
    public = library.context.new_page()
    public.goto(f"{live_server}/en/services/language-cafe")
    assert "16:30" in public.content()

    # 2. An author: the meeting point for older migrants from 30 instead of 60; for review.
    author = _signed_in_page(browser, live_server, "author")
    _set_rule_age(author, live_server, "30", "submit")
    assert "waiting for review" in author.content()

    # 3. A city editor: sees it waiting, checks the personas, publishes.
    editor = _signed_in_page(browser, live_server, "city_editor")
    assert "elderly-meeting-point" in editor.locator("main").inner_text()
    editor.goto(f"{live_server}/editor/services/elderly-meeting-point/rules")
    with editor.expect_navigation():
        editor.click("button[value=preview]")
    assert editor.locator(".personas tr.changed").count() >= 1
    editor.goto(f"{live_server}/editor/services/elderly-meeting-point/history")
    with editor.expect_navigation():
        editor.click("text=Publish revision")
    assert "Published" in editor.content()

    # 4. A newcomer of 34 who needs health care now gets the meeting point in their plan.
    newcomer = browser.new_context().new_page()
    newcomer.goto(f"{live_server}/en/start")
    journey.answer_questionnaire(newcomer)
    assert "Meeting point for older migrants" in newcomer.content()

    # Put things back for the other browser tests.
    _set_rule_age(editor, live_server, "60", "publish")
    library.goto(f"{live_server}/editor/services/language-cafe/places")
    library.fill("#places-0-thu", "17:00-19:00")
    with library.expect_navigation():
        library.click("button[value=publish]")
    for page in (library, author, editor, newcomer):
        page.context.close()
