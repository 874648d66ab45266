"""Password reset by e-mail: a signed, expiring, single-use link.

The link carries the account's id and a fingerprint of its current password hash, signed
with the app's secret key (itsdangerous). Setting a new password changes the hash, so a link
works once; it expires after `RESET_MAX_AGE` seconds either way.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select

from navigator.db import db
from navigator.editor.models import Account

RESET_MAX_AGE = 3600
SALT = "navigator.editor.password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(account: Account) -> str:
    return hashlib.sha256(account.password_hash.encode()).hexdigest()[:20]


def reset_token(account: Account) -> str:
    return _serializer().dumps({"a": account.id, "f": _fingerprint(account)})


def reset_link(account: Account) -> str:
    """The absolute link that lets `account` choose a new password (under the public URL)."""
    from navigator.core.urls import external_url

    return external_url("editor.reset_password", t=reset_token(account))


def account_for(token: str) -> Account | None:
    """The active account a reset link is for, or None if it is wrong, used or expired."""
    try:
        data = _serializer().loads(token, max_age=RESET_MAX_AGE)
        account_id, fingerprint = int(data["a"]), str(data["f"])
    except (BadData, KeyError, TypeError, ValueError):
        return None
    account = db.session.scalars(
        select(Account).where(Account.id == account_id, Account.active.is_(True))
    ).first()
    if account is None or _fingerprint(account) != fingerprint:
        return None
    return account
