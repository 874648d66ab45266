"""Two ways a questionnaire answer can go wrong unseen, through the web pages.

- "I don't know" is a submit button like "Next": it must pass the same CSRF check, or a
  cross-site form could walk a person's answers forward.
- A yes/no answer must arrive in the rules as that answer: "Yes" is true, "No" is false, in
  the signed token, in the summary of answers and when the question is shown again.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from navigator.questionnaire import token as tokens
from tests.conftest import csrf_token

BOOLEAN = "registered_address"
QUESTION = "Have you registered your address in Demo City?"


@pytest.fixture
def csrf_app(make_app, app) -> Flask:  # type: ignore[no-untyped-def]
    # `app` loads the demo pack into the suite's database, which this app shares. CSRF is
    # switched on explicitly, whatever the default test configuration becomes.
    return make_app(WTF_CSRF_ENABLED=True)


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


def decode(app: Flask, token: str):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return tokens.decode(token)


def token_from(location: str) -> str:
    match = re.search(r"[?&]t=([^&]+)", location)
    assert match, location
    return match.group(1)


def question_page(client, fact: str, t: str = "") -> str:  # type: ignore[no-untyped-def]
    # "needs" is the first question of a fresh start; the others are opened to be changed.
    url = f"/en/start?t={t}" if fact == "needs" else f"/en/start?edit={fact}&t={t}"
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert hidden(page, "fact") == fact
    return page


# "I don't know" and CSRF -----------------------------------------------------------------


def _dont_know(client, page: str, fact: str, csrf: str | None):  # type: ignore[no-untyped-def]
    data = {"t": hidden(page, "t"), "fact": fact, "dont_know": "1"}
    if csrf is not None:
        data["csrf_token"] = csrf
    return client.post("/en/start", data=data)


@pytest.mark.parametrize("fact", ["needs", BOOLEAN, "age"])
@pytest.mark.parametrize("csrf", ["missing", "garbage", "another session's"])
def test_dont_know_without_a_valid_csrf_token_is_refused(csrf_app, fact: str, csrf: str) -> None:
    client = csrf_app.test_client()
    page = question_page(client, fact)
    before = decode(csrf_app, hidden(page, "t"))
    token = {
        "missing": None,
        "garbage": "not-a-csrf-token",
        # A real token, but minted for someone else's session (what a cross-site page has).
        "another session's": csrf_token(question_page(csrf_app.test_client(), fact)),
    }[csrf]
    response = _dont_know(client, page, fact, token)
    assert response.status_code == 400
    assert "Location" not in response.headers  # no step forward
    # The page shown again carries the answers as they were: nothing skipped, nothing added.
    again = decode(csrf_app, hidden(response.get_data(as_text=True), "t"))
    assert again == before
    assert fact not in again.skipped and fact not in again.order


@pytest.mark.parametrize("fact", ["needs", BOOLEAN, "age"])
def test_dont_know_with_the_csrf_token_moves_on(csrf_app, fact: str) -> None:
    # The control for the test above: the same request with a valid token is accepted.
    client = csrf_app.test_client()
    page = question_page(client, fact)
    response = _dont_know(client, page, fact, csrf_token(page))
    assert response.status_code == 302
    answers = decode(csrf_app, token_from(response.headers["Location"]))
    assert fact in answers.order
    if fact != "needs":
        assert fact in answers.skipped and fact not in answers.values


def test_next_without_csrf_token_is_refused_too(csrf_app) -> None:  # type: ignore[no-untyped-def]
    client = csrf_app.test_client()
    page = question_page(client, BOOLEAN)
    response = client.post(
        "/en/start", data={"t": hidden(page, "t"), "fact": BOOLEAN, "answer": "yes", "next": "1"}
    )
    assert response.status_code == 400 and "Location" not in response.headers


# Yes means yes -----------------------------------------------------------------------------


def _answer_boolean(app: Flask, client, choice: str) -> str:  # type: ignore[no-untyped-def]
    page = question_page(client, BOOLEAN)
    response = client.post(
        "/en/start",
        data={
            "csrf_token": csrf_token(page),
            "t": hidden(page, "t"),
            "fact": BOOLEAN,
            "answer": choice,
            "next": "1",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return token_from(response.headers["Location"])


def summary_answer(plan: str, question: str) -> str:
    """The answer shown beside `question` in the plan's list of answers, as plain text."""
    position = plan.find(f"{question}</dt>")
    assert position >= 0, f"{question!r} is not in the summary of answers"
    after = plan[position + len(question) :]
    text = re.sub(r"<[^>]+>", " ", after[: after.find("</dd>")])
    return " ".join(text.split())


@pytest.mark.parametrize(("choice", "value", "word"), [("yes", True, "Yes"), ("no", False, "No")])
def test_yes_no_answer_keeps_its_meaning(csrf_app, choice: str, value: bool, word: str) -> None:
    client = csrf_app.test_client()
    token = _answer_boolean(csrf_app, client, choice)
    answers = decode(csrf_app, token)
    assert answers.values[BOOLEAN] is value
    assert BOOLEAN not in answers.skipped

    plan = client.get(f"/en/plan?t={token}")
    assert plan.status_code == 200
    shown = summary_answer(plan.get_data(as_text=True), QUESTION)
    assert shown.split(" ")[0] == word, shown

    # Changing the answer shows the question with the person's own answer ticked.
    page = question_page(client, BOOLEAN, token)
    ticked = [tag for tag in re.findall(r"<input[^>]*>", page) if re.search(r"\bchecked\b", tag)]
    assert [re.search(r'value="(\w+)"', tag).group(1) for tag in ticked] == [choice]  # type: ignore[union-attr]
