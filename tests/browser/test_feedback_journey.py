"""Issue 10's journey in a real browser: a newcomer reads a service in Arabic with JavaScript
off and reports its wrong phone number; a city editor finds the report in the inbox, fixes
the number and a sentence of the English description, publishes and marks the report
resolved; the public page shows the new number; the Arabic translator finds the listing
outdated, sees what changed in the source, updates the Arabic text and the listing is up to
date again, in public too.

Assertions are on what people see; only the end checks the database: the report is resolved,
holds nothing personal, and the audit log says who resolved it."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import create_engine, text

from tests.browser import journey
from tests.browser.conftest import sign_in_page

pytestmark = pytest.mark.browser

SERVICE = "housing-advice"  # the social welfare office's; no other browser test changes it
TITLE = "Housing advice"
OLD_PHONE, NEW_PHONE = "+49 30 0000 1420", "+49 30 0000 1499"
#: the newcomer's comment, with their own number in it (which must not be stored)
COMMENT = "الرقم لا يعمل، لا أحد يرد. اتصلوا بي على 0176 98765432"
PRIVATE_NUMBER = "98765432"
#: the source sentence the editor changes, and the Arabic the translator writes for it
SOURCE_BEFORE, SOURCE_AFTER = (
    "Bring your rental contract",
    "Bring your passport, your rental contract",
)
ARABIC_BEFORE, ARABIC_AFTER = "أحضر عقد الإيجار", "أحضر جواز سفرك وعقد الإيجار"


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    """new_page(**context_options) -> a page in a browser context of its own (one person's
    browser), closed after the test whatever happened."""
    contexts = []

    def make(**options):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": 1024, "height": 800}, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _signed_in(new_page, live_server: str, role: str):  # type: ignore[no-untyped-def]
    return sign_in_page(new_page(), live_server, role)


def _click(page, locator) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    assert response is not None and response.ok, (
        f"{page.url} answered {response.status if response else 'nothing'}{journey.server_error()}"
    )


def _reload(page) -> None:  # type: ignore[no-untyped-def]
    """Reload a public page as a reader would: the browser may keep one for a minute
    (caching.PUBLIC_MAX_AGE) and asks the server again only on a reload."""
    response = page.reload()
    assert response is not None and response.ok, f"{page.url}{journey.server_error()}"


def _flash(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(page.locator(".flash").all_inner_texts())


def test_a_report_is_fixed_published_and_translated(new_page, live_server, live_database):  # type: ignore[no-untyped-def]
    public_url = f"{live_server}/ar/services/{SERVICE}"

    # 1. A newcomer, JavaScript off, reads the service in Arabic and reports the number.
    newcomer = new_page(java_script_enabled=False)
    newcomer.goto(public_url)
    assert newcomer.locator("html").get_attribute("dir") == "rtl"
    assert newcomer.locator(f'a[href="tel:{OLD_PHONE.replace(" ", "")}"]').count() == 1
    _click(newcomer, newcomer.get_by_role("link", name="أبلغ عن معلومات خاطئة"))
    assert "/ar/feedback?" in newcomer.url
    newcomer.get_by_label("رقم الهاتف").check()
    newcomer.fill("#comment", COMMENT)
    _click(newcomer, newcomer.get_by_role("button", name="إرسال"))
    assert "/ar/feedback/thanks" in newcomer.url
    assert newcomer.get_by_role("status").inner_text() == (
        "شكرًا لأنك أخبرتنا. سنتحقق من هذه المعلومات."
    )
    # The form's session ended with the report: only the choice of language stays behind.
    assert [cookie["name"] for cookie in newcomer.context.cookies()] == ["locale"]

    # 2. A city editor finds the report in the inbox, next to the listing it is about.
    editor = _signed_in(new_page, live_server, "city_editor")
    _click(editor, editor.get_by_role("navigation").get_by_role("link", name="Feedback"))
    report = editor.locator("tbody tr", has_text=TITLE)
    assert report.count() == 1, editor.locator("main").inner_text()
    seen = report.inner_text()
    assert "Wrong information: Phone number" in seen
    assert "Read in Arabic" in seen
    assert "[phone number removed]" in seen and PRIVATE_NUMBER not in editor.content()
    assert "الرقم لا يعمل" in report.locator(".feedback-comment").inner_text()
    assert report.get_by_role("combobox").input_value() == "new"

    # ... follows it straight to the edit form, fixes the number and a source sentence,
    # and publishes (not a minor change: the translations made from the text are outdated).
    _click(editor, report.get_by_role("link", name="Edit the listing"))
    assert editor.url == f"{live_server}/editor/services/{SERVICE}/edit"
    channels = editor.input_value("#channels")
    assert OLD_PHONE in channels
    editor.fill("#channels", channels.replace(OLD_PHONE, NEW_PHONE))
    description = editor.input_value("#description")
    assert SOURCE_BEFORE in description
    editor.fill("#description", description.replace(SOURCE_BEFORE, SOURCE_AFTER))
    assert not editor.is_checked("#minor")
    editor.fill("#note", "Phone number from a newcomer's report; bring the passport too")
    _click(editor, editor.get_by_role("button", name="Save and publish"))
    assert "Published. The public pages show the change now." in _flash(editor)

    # ... and marks the report resolved.
    _click(editor, editor.get_by_role("navigation").get_by_role("link", name="Feedback"))
    report = editor.locator("tbody tr", has_text=TITLE)
    report.get_by_role("combobox").select_option(label="Resolved")
    _click(editor, report.get_by_role("button", name="Save"))
    assert "Feedback marked as “Resolved”." in _flash(editor)
    report = editor.locator("tbody tr", has_text=TITLE)
    assert report.get_by_role("combobox").input_value() == "resolved"

    # 3. The public page shows the new number (to anyone, no JavaScript needed).
    newcomer.goto(public_url)
    _reload(newcomer)
    phone = newcomer.locator(f'a[href="tel:{NEW_PHONE.replace(" ", "")}"]')
    assert phone.inner_text() == NEW_PHONE
    assert OLD_PHONE not in newcomer.content()
    assert ARABIC_BEFORE in newcomer.content()  # the Arabic text is the old one still

    # 4. The Arabic translator finds the listing outdated ...
    translator = _signed_in(new_page, live_server, "translator")
    _click(
        translator, translator.get_by_role("navigation").get_by_role("link", name="Translations")
    )
    _click(translator, translator.get_by_role("link", name="Arabic", exact=True))
    assert translator.url == f"{live_server}/editor/translations/ar"
    listed = translator.locator("tbody tr").filter(
        has=translator.get_by_role("link", name=TITLE, exact=True)
    )
    assert listed.locator("td").nth(2).inner_text() == "Outdated"

    # ... opens source and translation side by side and sees what changed in the source ...
    _click(translator, listed.get_by_role("link", name=TITLE, exact=True))
    assert translator.url == f"{live_server}/editor/translations/ar/services/{SERVICE}"
    main = translator.locator("main")
    assert "State: Outdated" in main.inner_text()
    assert "the changes are marked below" in main.inner_text()
    diff = " ".join(main.locator(".diff").all_inner_texts())
    assert SOURCE_AFTER in diff, diff  # the new sentence, in its place in the source ...
    added = " ".join(main.locator(".diff ins").all_inner_texts())
    assert "passport," in added and "rental" not in added, added  # ... its new words marked

    # ... updates the Arabic description and saves: up to date again.
    arabic = translator.input_value("textarea#description")
    assert ARABIC_BEFORE in arabic
    translator.fill("textarea#description", arabic.replace(ARABIC_BEFORE, ARABIC_AFTER))
    _click(
        translator,
        translator.get_by_role("button", name="Save and publish the translation"),
    )
    assert "Saved and published: the translation is up to date." in _flash(translator)
    assert translator.url == f"{live_server}/editor/translations/ar"
    listed = translator.locator("tbody tr").filter(
        has=translator.get_by_role("link", name=TITLE, exact=True)
    )
    assert listed.locator("td").nth(2).inner_text() == "Up to date"

    _reload(newcomer)
    assert ARABIC_AFTER in newcomer.locator("main").inner_text()
    assert newcomer.locator(f'a[href="tel:{NEW_PHONE.replace(" ", "")}"]').count() == 1

    # What was stored: the report, resolved, with nothing personal; who resolved it.
    engine = create_engine(live_database)
    try:
        with engine.connect() as db:
            (stored,) = db.execute(
                text("SELECT * FROM feedback WHERE page_kind = 'service' AND page_key = :key"),
                {"key": SERVICE},
            ).mappings()
            line = db.execute(
                text(
                    "SELECT email, detail FROM audit_event WHERE action = 'feedback_status' "
                    "AND target = :target ORDER BY id DESC"
                ),
                {"target": f"feedback:{stored['id']}"},
            ).first()
    finally:
        engine.dispose()
    assert (stored["kind"], stored["field"], stored["locale"]) == ("report", "phone", "ar")
    assert stored["status"] == "resolved"
    assert stored["comment"] == "الرقم لا يعمل، لا أحد يرد. اتصلوا بي على [phone number removed]"
    everything = " ".join(str(value) for value in stored.values())
    assert PRIVATE_NUMBER not in everything
    assert not re.search(r"127\.0\.0\.1|Chrome|Mozilla", everything)  # no address, no browser
    assert ":00:00" in str(stored["created_at"])  # to the hour: no match with an access log
    assert line is not None and line.email == "city_editor@browser-tests.example.org"
    assert json.loads(line.detail) == {
        "page": f"service:{SERVICE}",
        "before": "new",
        "after": "resolved",
    }
