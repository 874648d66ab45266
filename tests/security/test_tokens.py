"""A changed, truncated, foreign or expired plan token never crashes a page: the reader gets
a clear message in their language and a fresh start."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from navigator.pathway.engine import Answers
from navigator.questionnaire import token as tokens
from tests.conftest import csrf_token
from tests.security.conftest import flashes

ENGLISH = "Your answers could not be read: the link is too old or was changed. Please start again."
ANSWERS = Answers(
    needs=("health",),
    needs_asked=True,
    values={"age": 30, "residence_status": "student"},
    order=("needs", "age", "residence_status"),
)


def _valid(app) -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return tokens.encode(ANSWERS)


def _flip(text: str, index: int) -> str:
    char = text[index]
    replacement = "A" if char != "A" else "B"
    return text[:index] + replacement + text[index + 1 :]


def _mutations(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    good = _valid(app)
    payload, stamp, signature = good.rsplit(".", 2)
    foreign = URLSafeTimedSerializer("another-secret-key", salt=tokens.SALT).dumps(
        {"n": ["health"], "a": {"age": 30}, "o": ["needs", "age"]}
    )
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="other.salt").dumps(
        {"a": {"age": 30}}
    )
    return {
        "flipped-payload": _flip(good, 2),
        "flipped-timestamp": f"{payload}.{_flip(stamp, 1)}.{signature}",
        "flipped-signature": _flip(good, len(good) - 3),
        "truncated": good[: len(good) // 2],
        "signature-dropped": f"{payload}.{stamp}",
        "garbage": "!!not-a-token$$",
        "unicode-garbage": "ä€😀.ä€.ä€",
        "dots": "...",
        "foreign-key": foreign,
        "other-salt": other_salt,
        "unsigned-json": '{"a":{"age":30}}',
        "huge": "A" * 5000,
        "payload-swapped": foreign.rsplit(".", 2)[0] + f".{stamp}.{signature}",
    }


MUTATIONS = [
    "flipped-payload",
    "flipped-timestamp",
    "flipped-signature",
    "truncated",
    "signature-dropped",
    "garbage",
    "unicode-garbage",
    "dots",
    "foreign-key",
    "other-salt",
    "unsigned-json",
    "huge",
    "payload-swapped",
]


def _assert_fresh_start(client, response, locale: str) -> str:  # type: ignore[no-untyped-def]
    """A redirect to /<locale>/start, then the first question with the message shown."""
    assert response.status_code in (302, 303), response.status_code
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost")
    assert location.path == f"/{locale}/start"
    assert "t=" not in location.query, "the restart must not carry the old answers"
    page = client.get(location.path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    messages = flashes(html)
    assert len(messages) == 1, messages
    # A fresh start: the hidden answers token holds no answers at all.
    hidden = re.search(r'name="t" type="hidden" value="([^"]*)"', html)
    assert hidden is not None
    with client.application.test_request_context():
        assert tokens._serializer().loads(hidden.group(1)) == {}
    assert 'name="fact" type="hidden" value="needs"' in html
    return messages[0]


@pytest.mark.parametrize("mutation", MUTATIONS)
@pytest.mark.parametrize("endpoint", ["plan", "start"])
def test_tampered_token_gives_a_clear_message_and_a_fresh_start(app, endpoint, mutation):
    client = app.test_client()
    bad = _mutations(app)[mutation]
    response = client.get(f"/en/{endpoint}", query_string={"t": bad})
    message = _assert_fresh_start(client, response, "en")
    assert message == ENGLISH


@pytest.mark.parametrize("mutation", ["flipped-signature", "garbage", "foreign-key"])
@pytest.mark.parametrize("endpoint", ["plan", "start"])
def test_tampered_token_message_is_in_arabic(app, endpoint, mutation):
    client = app.test_client()
    response = client.get(f"/ar/{endpoint}", query_string={"t": _mutations(app)[mutation]})
    message = _assert_fresh_start(client, response, "ar")
    assert message != ENGLISH
    assert re.search(r"[\u0600-\u06FF]", message), message
    assert not re.search(r"[A-Za-z]{4,}", message), message


def test_tampered_token_in_a_submitted_answer_restarts_too(app):
    client = app.test_client()
    token = csrf_token(client.get("/en/start").get_data(as_text=True))
    response = client.post(
        "/en/start",
        data={
            "csrf_token": token,
            "t": _mutations(app)["flipped-signature"],
            "fact": "age",
            "answer": "30",
            "next": "Next",
        },
    )
    assert _assert_fresh_start(client, response, "en") == ENGLISH


def test_the_valid_token_is_accepted(app):
    # The mutations above are refused because they are changed, not because tokens fail.
    response = app.test_client().get("/en/plan", query_string={"t": _valid(app)})
    assert response.status_code == 200


def test_expired_token_by_max_age(app, monkeypatch):
    good = _valid(app)
    monkeypatch.setitem(app.config, "PLAN_TOKEN_MAX_AGE", -1)
    for endpoint in ("plan", "start"):
        client = app.test_client()
        response = client.get(f"/en/{endpoint}", query_string={"t": good})
        assert _assert_fresh_start(client, response, "en") == ENGLISH


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_token_made_long_ago_is_expired(app, monkeypatch, locale):
    max_age = app.config["PLAN_TOKEN_MAX_AGE"]
    with monkeypatch.context() as patched:
        patched.setattr(
            TimestampSigner, "get_timestamp", lambda self: int(time.time()) - max_age - 60
        )
        old = _valid(app)
    client = app.test_client()
    response = client.get(f"/{locale}/plan", query_string={"t": old})
    message = _assert_fresh_start(client, response, locale)
    assert (message == ENGLISH) == (locale == "en")


def test_token_made_just_within_max_age_still_works(app, monkeypatch):
    max_age = app.config["PLAN_TOKEN_MAX_AGE"]
    with monkeypatch.context() as patched:
        patched.setattr(
            TimestampSigner, "get_timestamp", lambda self: int(time.time()) - max_age + 3600
        )
        recent = _valid(app)
    assert app.test_client().get("/en/plan", query_string={"t": recent}).status_code == 200
