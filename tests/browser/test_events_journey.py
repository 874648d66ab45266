"""Events in a real browser, from the back office to a newcomer's plan: a reader's plan lists
the welcome day; a city editor moves its start to 11:00 and publishes, and the event page
shows the new time; the editor then limits who it is for with the rule builder (without
JavaScript: choose the fact, press "Check the rule", tick the answer), sees the test
personas whose result changes, and publishes; the reader's plan no longer lists it; finally
the editor confirms the event as still correct on the dashboard."""

from __future__ import annotations

import pytest

from tests.browser import journey
from tests.browser.conftest import sign_in_page
from tests.browser.test_feedback_journey import _click, _flash, _reload, new_page  # noqa: F401

pytestmark = pytest.mark.browser

EVENT = "welcome-day"  # about registration, open to everyone: in the journey person's plan
TITLE = "Welcome day for new residents"


def _plan_events(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".plan-event-list li > a").all_inner_texts()


def test_an_editor_reschedules_an_event_and_limits_who_it_is_for(
    new_page,  # noqa: F811
    live_server,
    plan_token,
):  # type: ignore[no-untyped-def]
    reader = new_page()
    response = reader.goto(f"{live_server}/en/plan?t={plan_token}")
    assert response is not None and response.ok, journey.server_error()
    assert TITLE in _plan_events(reader)

    editor = sign_in_page(new_page(java_script_enabled=False), live_server, "city_editor")
    editor.goto(f"{live_server}/editor/events/{EVENT}/edit")
    editor.fill("#start_time", "11:00")
    editor.fill("#end_time", "15:00")
    _click(editor, editor.locator("button[value=publish]"))
    assert "published" in _flash(editor).lower(), _flash(editor)
    public = new_page()
    public.goto(f"{live_server}/en/events/{EVENT}")
    _reload(public)
    first = public.locator("ul.event-dates time").first.get_attribute("datetime")
    assert first is not None and "T11:00:00" in first, first

    editor.goto(f"{live_server}/editor/events/{EVENT}/edit")
    _click(editor, editor.get_by_role("link", name="Change who it is for"))
    assert editor.url.endswith(f"/editor/events/{EVENT}/rules")
    editor.select_option("#conditions-0-fact", "residence_status")
    _click(editor, editor.locator("button[value=preview]"))  # now the answers to tick show
    editor.select_option("#conditions-0-op", "one_of")
    editor.get_by_label("Asylum seeker", exact=False).first.check()
    _click(editor, editor.locator("button[value=preview]"))
    assert editor.locator(".error-summary").count() == 0
    assert editor.locator(".preview li").count() >= 1  # the rule as newcomers read it
    assert editor.locator(".personas tr.changed").count() >= 1
    _click(editor, editor.locator("button[value=publish]"))
    assert "published" in _flash(editor).lower(), _flash(editor)

    _reload(reader)
    assert TITLE not in _plan_events(reader)

    editor.goto(f"{live_server}/editor/")
    row = editor.locator("tr", has=editor.locator(f"a[href='/editor/events/{EVENT}/edit']"))
    _click(editor, row.get_by_role("button", name="Confirm still correct"))
    assert "checked today" in _flash(editor), _flash(editor)
