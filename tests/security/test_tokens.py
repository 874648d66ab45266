"""A changed, truncated, foreign or expired plan token never crashes a page: the reader gets
a clear message in their language and a fresh start."""

from __future__ import annotations

import base64
import json
import re
import time
import zlib
from urllib.parse import urlsplit

import pytest
from cryptography.fernet import Fernet
from itsdangerous import URLSafeTimedSerializer

from navigator.pathway.engine import Answers
from navigator.questionnaire import token as tokens
from navigator.questionnaire.token import derive_key
from tests.conftest import csrf_token
from tests.security.conftest import flashes

NOW = time.time  # the real clock, kept before a test moves Fernet's
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


def _reencrypt(key: bytes, data: bytes) -> str:
    return Fernet(key).encrypt(data).decode().rstrip("=")


def _mutations(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    good = _valid(app)
    payload = zlib.compress(json.dumps({"n": ["health"], "a": {"age": 30}}).encode())
    old_style = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="navigator.answers.v1")
    return {
        "flipped-payload": _flip(good, len(good) // 2),
        # Fernet: version byte, then the 8-byte timestamp (base64 characters 1-11)
        "flipped-timestamp": _flip(good, 5),
        "flipped-signature": _flip(good, len(good) - 3),
        "truncated": good[: len(good) // 2],
        "signature-dropped": good[:-43],
        "garbage": "!!not-a-token$$",
        "unicode-garbage": "ä€😀.ä€.ä€",
        "dots": "...",
        "foreign-key": _reencrypt(Fernet.generate_key(), payload),
        "other-salt": old_style.dumps({"a": {"age": 30}}),
        "unsigned-json": '{"a":{"age":30}}',
        "huge": "A" * 5000,
        "not-json-inside": _reencrypt(derive_key(app.config["SECRET_KEY"]), b"not json"),
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
    "not-json-inside",
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
    application = client.application
    with application.test_request_context():
        # Read it as a fresh link (a test may have set the maximum age below zero).
        saved = application.config["PLAN_TOKEN_MAX_AGE"]
        application.config["PLAN_TOKEN_MAX_AGE"] = 3600
        try:
            assert tokens.decode(hidden.group(1)) == Answers()
        finally:
            application.config["PLAN_TOKEN_MAX_AGE"] = saved
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
        patched.setattr("cryptography.fernet.time.time", lambda: NOW() - max_age - 60)
        old = _valid(app)
    client = app.test_client()
    response = client.get(f"/{locale}/plan", query_string={"t": old})
    message = _assert_fresh_start(client, response, locale)
    assert (message == ENGLISH) == (locale == "en")


def test_token_made_just_within_max_age_still_works(app, monkeypatch):
    max_age = app.config["PLAN_TOKEN_MAX_AGE"]
    with monkeypatch.context() as patched:
        patched.setattr("cryptography.fernet.time.time", lambda: NOW() - max_age + 3600)
        recent = _valid(app)
    assert app.test_client().get("/en/plan", query_string={"t": recent}).status_code == 200


def _unpadded_bytes(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def test_nothing_of_the_answers_can_be_read_without_the_key(app):
    token = _valid(app)
    raw = _unpadded_bytes(token)
    # Words of six letters or more: a short one ("30", "age") turns up in random ciphertext
    # or its base64 text by chance (one token in twenty had "30" somewhere).
    for secret in (b"health", b"student", b"residence_status"):
        assert secret not in raw and secret.decode() not in token
    # Not a compressed payload either, wherever one would start.
    for offset in range(len(raw)):
        try:
            inflated = zlib.decompressobj().decompress(raw[offset:])
        except zlib.error:
            continue
        assert b"student" not in inflated and b"health" not in inflated


def test_old_keys_still_open_links_and_the_newest_key_encrypts(app, monkeypatch):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setitem(app.config, "TOKEN_KEYS", (old,))
    made_with_old = _valid(app)
    monkeypatch.setitem(app.config, "TOKEN_KEYS", (new, old))
    client = app.test_client()
    assert client.get("/en/plan", query_string={"t": made_with_old}).status_code == 200
    made_with_new = _valid(app)
    with app.test_request_context():
        assert tokens.decode(made_with_new) == ANSWERS
    # The new link is not readable with the old key alone: the newest key encrypted it.
    monkeypatch.setitem(app.config, "TOKEN_KEYS", (old,))
    with app.test_request_context(), pytest.raises(tokens.TokenError):
        tokens.decode(made_with_new)
    # A key that was retired no longer opens anything.
    monkeypatch.setitem(app.config, "TOKEN_KEYS", (new,))
    response = client.get("/en/plan", query_string={"t": made_with_old})
    assert _assert_fresh_start(client, response, "en") == ENGLISH


def test_token_keys_come_from_the_environment():
    from navigator.config import from_environment

    keys = [Fernet.generate_key().decode() for _ in range(2)]
    config = from_environment({"NAVIGATOR_TOKEN_KEYS": ",".join(keys)})
    assert list(config["TOKEN_KEYS"]) == keys


# The plan page shows a recent link again as it came (one link and QR code per plan), and
# issues a new one for an old link, a link made with a retired key or a changed plan.


def _share_token(page: str) -> str:
    found = re.search(r'<a href="[^"]*plan\?t=([^"&]+)" class="share-link"', page)
    assert found, "no share link on the plan page"
    return found.group(1)


def test_a_recent_link_is_shown_again_as_it_came(app):
    token = _valid(app)
    page = app.test_client().get("/en/plan", query_string={"t": token}).get_data(as_text=True)
    assert _share_token(page) == token


def test_a_day_old_link_is_issued_anew_and_opens_the_same_plan(app, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr("cryptography.fernet.time.time", lambda: NOW() - tokens.REISSUE_AFTER - 60)
        old = _valid(app)
    client = app.test_client()
    page = client.get("/en/plan", query_string={"t": old}).get_data(as_text=True)
    fresh = _share_token(page)
    assert fresh != old
    with app.test_request_context():
        assert tokens.decode(fresh) == tokens.decode(old) == ANSWERS


def test_a_link_made_with_a_retired_key_is_issued_with_the_newest(app, monkeypatch):
    old_key, new_key = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setitem(app.config, "TOKEN_KEYS", (old_key,))
    made_with_old = _valid(app)
    monkeypatch.setitem(app.config, "TOKEN_KEYS", (new_key, old_key))
    page = app.test_client().get("/en/plan", query_string={"t": made_with_old})
    fresh = _share_token(page.get_data(as_text=True))
    assert fresh != made_with_old
    monkeypatch.setitem(app.config, "TOKEN_KEYS", (new_key,))  # the old key is gone
    with app.test_request_context():
        assert tokens.decode(fresh) == ANSWERS


def test_reissue_never_returns_a_link_for_other_answers(app):
    token = _valid(app)
    other = Answers(needs=("work",), needs_asked=True, values={"age": 40}, order=("age",))
    with app.test_request_context():
        assert tokens.reissue(token, ANSWERS) == token
        assert tokens.decode(tokens.reissue(token, other)) == other
        for broken in ("", "x" * 50, token[:-4], "é" * 10):
            assert tokens.decode(tokens.reissue(broken, ANSWERS)) == ANSWERS
