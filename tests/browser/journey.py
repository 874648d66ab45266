"""Helpers that walk the adaptive questionnaire like a person would: with the mouse, or with
the keyboard only. The questions come in whatever order the engine chooses; we answer the
ones we care about and press "I don't know" for the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

NEEDS = ("registration-residence", "housing", "health")  # in the order they are listed
RESIDENCE_STATUS = "international_protection"
AGE = "34"
MAX_STEPS = 30
MAX_TABS = 80
SERVER_LOG: list[Path] = []  # set by the live_server fixture
#: the live server's environment (its SECRET_KEY opens what it encrypted), set likewise
SERVER_ENV: dict[str, str] = {}


def server_error() -> str:
    """The last traceback in the server's log, to explain a 500 in an assertion message."""
    if not SERVER_LOG or not SERVER_LOG[0].exists():
        return ""
    text = SERVER_LOG[0].read_text(errors="replace")
    start = text.rfind("Traceback (most recent call last)")
    if start < 0:
        return ""
    lines = []
    for line in text[start:].splitlines():
        if line.startswith(("127.0.0.1 - ", "[")):  # the access log or gunicorn again
            break
        lines.append(line)
    return "\nserver traceback (last lines):\n" + "\n".join(lines[-12:])


def on_plan(page: Any) -> bool:
    return urlparse(page.url).path.endswith("/plan")


def token_of(url: str) -> str:
    return parse_qs(urlparse(url).query)["t"][0]


def current_fact(page: Any) -> str:
    return str(page.locator("input[name=fact]").input_value())


def _submit(page: Any, action: Any, plan_must_load: bool = True) -> None:
    with page.expect_navigation() as navigation:
        action()
    response = navigation.value
    if not plan_must_load and on_plan(page):
        return
    assert response is not None and response.status == 200, (
        f"{page.url} answered {response.status if response else 'nothing'}{server_error()}"
    )


def answer_questionnaire(page: Any, plan_must_load: bool = True) -> list[str]:
    """From any questionnaire step to the plan, with the mouse. Returns the facts asked.
    With plan_must_load=False only the steps must work (to get a plan token for tests that
    check other pages, so one broken plan does not hide everything else)."""
    asked: list[str] = []
    for _step in range(MAX_STEPS):
        if on_plan(page):
            return asked
        fact = current_fact(page)
        asked.append(fact)
        button = "#next"
        if fact == "needs":
            for value in NEEDS:
                page.check(f"input[name=answer][value='{value}']")
        elif fact == "residence_status":
            page.check(f"input[name=answer][value='{RESIDENCE_STATUS}']")
        elif fact == "age":
            page.fill("#answer", AGE)
        else:
            button = "#dont_know"
        _submit(page, lambda button=button: page.click(button), plan_must_load)
    raise AssertionError(f"no plan after {MAX_STEPS} steps; asked {asked}")


# --- keyboard only -------------------------------------------------------------------------

_FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
    value: el.value === undefined ? '' : String(el.value), type: el.getAttribute('type') || '',
    cls: el.className || '', text: (el.textContent || '').trim().slice(0, 60),
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
    boxShadow: style.boxShadow, checked: !!el.checked,
  };
}"""


def focus_state(page: Any) -> dict[str, Any] | None:
    return page.evaluate(_FOCUS_STATE)  # type: ignore[no-any-return]


def assert_focus_visible(state: dict[str, Any]) -> None:
    outlined = state["outlineStyle"] != "none" and state["outlineWidth"] not in ("0px", "")
    shadowed = state["boxShadow"] not in ("none", "")
    assert state["focusVisible"] and (outlined or shadowed), f"focus is not visible on {state}"


def tab_to(page: Any, wanted: Any, what: str) -> dict[str, Any]:
    """Press Tab until `wanted(focus_state)` holds; every stop must show a visible focus."""
    seen = []
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state is None:
            continue
        assert_focus_visible(state)
        if wanted(state):
            return state
        seen.append(state["id"] or state["name"] or state["text"])
    raise AssertionError(f"Tab never reached {what} on {page.url}; focus went through {seen}")


def keyboard_questionnaire(page: Any) -> list[str]:
    """From a questionnaire step to the plan with Tab, Space, arrows, typing and Enter."""
    asked: list[str] = []
    for _step in range(MAX_STEPS):
        if on_plan(page):
            return asked
        fact = current_fact(page)
        asked.append(fact)
        if fact == "needs":
            for value in NEEDS:
                tab_to(page, lambda s, v=value: s["name"] == "answer" and s["value"] == v, value)
                page.keyboard.press("Space")
                assert focus_state(page)["checked"], f"Space did not tick {value}"  # type: ignore[index]
            tab_to(page, lambda s: s["id"] == "next", "the Next button")
            _submit(page, lambda: page.keyboard.press("Enter"))
        elif fact == "residence_status":
            state = tab_to(page, lambda s: s["name"] == "answer", "the first status")
            for _arrow in range(12):
                if state["checked"] and state["value"] == RESIDENCE_STATUS:
                    break
                page.keyboard.press("ArrowDown")
                state = focus_state(page)  # type: ignore[assignment]
            assert state["value"] == RESIDENCE_STATUS and state["checked"], state
            tab_to(page, lambda s: s["id"] == "next", "the Next button")
            _submit(page, lambda: page.keyboard.press("Enter"))
        elif fact == "age":
            tab_to(page, lambda s: s["id"] == "answer", "the age field")
            page.keyboard.type(AGE)
            _submit(page, lambda: page.keyboard.press("Enter"))  # implicit submission: Next
        else:
            tab_to(page, lambda s: s["id"] == "dont_know", "the I don't know button")
            _submit(page, lambda: page.keyboard.press("Enter"))
    raise AssertionError(f"no plan after {MAX_STEPS} steps; asked {asked}")
