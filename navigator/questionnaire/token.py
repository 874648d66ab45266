"""Answers travel in a signed, compressed token in the form and the URL — never stored.

itsdangerous signs (HMAC with the app's secret key) and time-stamps the token, so a changed
or expired token is refused rather than trusted.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from navigator.pathway.engine import Answers

SALT = "navigator.answers.v1"


class TokenError(Exception):
    """The token was changed, is too old, or is not one of ours."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def encode(answers: Answers) -> str:
    data: dict[str, Any] = {}
    if answers.needs_asked:
        data["n"] = list(answers.needs)
    if answers.values:
        data["a"] = dict(answers.values)
    if answers.skipped:
        data["s"] = sorted(answers.skipped)
    if answers.order:
        data["o"] = list(answers.order)
    return _serializer().dumps(data)


def decode(token: str | None) -> Answers:
    if not token:
        return Answers()
    if len(token) > 4000:
        raise TokenError("too long")
    try:
        data = _serializer().loads(token, max_age=current_app.config["PLAN_TOKEN_MAX_AGE"])
    except BadData as error:  # a changed signature, an expired one, or a broken payload
        raise TokenError(str(error)) from None
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
    order = (*(k for k in answers.order if k != "needs"), "needs")
    return Answers(tuple(needs), True, dict(answers.values), answers.skipped, order)


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
