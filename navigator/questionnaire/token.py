"""Answers travel in an encrypted, compressed token in the form and the URL — never stored.

The token is a Fernet token (cryptography: AES-128-CBC and HMAC-SHA256 with a timestamp),
so nothing of the answers can be read, changed or replayed past its age without the
server's key. Keys rotate: `NAVIGATOR_TOKEN_KEYS` lists Fernet keys, newest first; the first
encrypts, every one still opens the links made with it. Without that setting one key is
derived from `SECRET_KEY`.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from navigator.core import keyring
from navigator.pathway.engine import Answers

INFO = b"navigator.answers.v2"
MAX_TOKEN_LENGTH = 4000
#: A plan link younger than this (seconds) is shown again as it came, so reloading, printing
#: or sharing a plan keeps one link and one QR code; an older one is issued anew, so a link
#: someone keeps using lasts PLAN_TOKEN_MAX_AGE from its last day of use.
REISSUE_AFTER = 24 * 3600


class TokenError(Exception):
    """The token was changed, is too old, or is not one of ours."""


def derive_key(secret: str) -> bytes:
    """The plan links' Fernet key derived from the app's secret key."""
    return keyring.derive_key(secret, INFO)


def _ciphers() -> tuple[MultiFernet, Fernet]:
    """Every configured key (to open links) and the newest one (to make them)."""
    return keyring.ciphers("TOKEN_KEYS", INFO)


def _cipher() -> MultiFernet:
    return _ciphers()[0]


def reissue(token: str | None, answers: Answers) -> str:
    """The link token to show for `answers`: `token` itself when it is recent, made with the
    newest key and says exactly `answers`; a new token otherwise."""
    if token and len(token) <= MAX_TOKEN_LENGTH and token.isascii():
        padded = token + "=" * (-len(token) % 4)
        try:
            payload = _ciphers()[1].decrypt(padded.encode(), ttl=REISSUE_AFTER)
            same = answers_from(json.loads(zlib.decompressobj().decompress(payload, 64 * 1024)))
        except (InvalidToken, ValueError, zlib.error, TokenError):
            same = None
        if same == answers:
            return token
    return encode(answers)


def payload(answers: Answers) -> dict[str, Any]:
    """The answers as the small JSON mapping a token carries."""
    data: dict[str, Any] = {}
    if answers.needs_asked:
        data["n"] = list(answers.needs)
    if answers.values:
        data["a"] = dict(answers.values)
    if answers.skipped:
        data["s"] = sorted(answers.skipped)
    if answers.order:
        data["o"] = list(answers.order)
    return data


def seal(data: dict[str, Any]) -> str:
    """Any small JSON mapping as a token (the desk adds its languages to the answers)."""
    compressed = zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 9)
    # Fernet's padding "=" is noise in a URL; unseal() puts it back.
    return _cipher().encrypt(compressed).decode().rstrip("=")


def unseal(token: str) -> Any:
    """What `seal` sealed; TokenError when the token was changed, is too old or not ours."""
    if len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        raise TokenError("too long or not ours")
    padded = token + "=" * (-len(token) % 4)
    try:
        compressed = _cipher().decrypt(
            padded.encode(), ttl=current_app.config["PLAN_TOKEN_MAX_AGE"]
        )
        return json.loads(zlib.decompressobj().decompress(compressed, 64 * 1024))
    except (InvalidToken, ValueError, zlib.error) as error:
        # a changed or foreign token, an expired one, or a payload that is not ours
        raise TokenError(type(error).__name__) from None


def encode(answers: Answers) -> str:
    return seal(payload(answers))


def decode(token: str | None) -> Answers:
    if not token:
        return Answers()
    return answers_from(unseal(token))


def answers_from(data: Any) -> Answers:
    """The answers in a token's mapping (other keys are ignored)."""
    if not isinstance(data, dict):
        raise TokenError("not a mapping")
    needs, values = data.get("n"), data.get("a", {})
    skipped, order = data.get("s", []), data.get("o", [])
    if not (
        (needs is None or _strings(needs))
        and isinstance(values, dict)
        and _strings(skipped)
        and _strings(order)
    ):
        raise TokenError("unexpected shape")
    return Answers(
        needs=tuple(needs or ()),
        needs_asked=needs is not None,
        values=dict(values),
        skipped=frozenset(skipped),
        order=tuple(order),
    )


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def with_answer(answers: Answers, key: str, value: Any, *, skipped: bool = False) -> Answers:
    values = {k: v for k, v in answers.values.items() if k != key}
    skips = set(answers.skipped) - {key}
    if skipped:
        skips.add(key)
    else:
        values[key] = value
    order = (*(k for k in answers.order if k != key), key)
    return Answers(answers.needs, answers.needs_asked, values, frozenset(skips), order)


def with_needs(answers: Answers, needs: list[str]) -> Answers:
    """The needs answer, each need once (a form posted by hand may repeat one 2,000 times)."""
    order = (*(k for k in answers.order if k != "needs"), "needs")
    return Answers(tuple(dict.fromkeys(needs)), True, dict(answers.values), answers.skipped, order)


def without_last(answers: Answers) -> tuple[Answers, str | None]:
    """Undo the most recent answer ("back"); returns the question to show again."""
    if not answers.order:
        return answers, None
    last = answers.order[-1]
    if last == "needs":
        return Answers(
            order=answers.order[:-1], values=dict(answers.values), skipped=answers.skipped
        ), last
    values = {k: v for k, v in answers.values.items() if k != last}
    return (
        Answers(
            answers.needs, answers.needs_asked, values, answers.skipped - {last}, answers.order[:-1]
        ),
        last,
    )


def dont_know_streak(answers: Answers) -> int:
    """How many of the latest answers in a row were "I don't know / prefer not to say" (for
    the needs question: nothing chosen, which only that button gives)."""
    streak = 0
    for key in reversed(answers.order):
        unsure = not answers.needs if key == "needs" else key in answers.skipped
        if not unsure:
            break
        streak += 1
    return streak
