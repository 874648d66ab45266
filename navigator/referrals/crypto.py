"""Encryption at rest for referrals' personal fields, and the visitor's private link.

Fernet (cryptography: AES-128-CBC with HMAC-SHA256) through MultiFernet, so keys rotate:
`NAVIGATOR_REFERRAL_KEYS` lists Fernet keys, newest first; the first encrypts, every one
still decrypts. Without that setting one key is derived from `SECRET_KEY` with HKDF (as the
plan links do, with another `info`, so the two never share a key). A production city sets
its own keys: then changing SECRET_KEY does not make its referrals unreadable.

The private link's token is random and only its SHA-256 is stored: whoever reads the
database cannot open a visitor's page.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

INFO = b"navigator.referrals.v1"
TOKEN_BYTES = 24


def derive_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def keys(config: Any) -> list[bytes | str]:
    return list(config.get("REFERRAL_KEYS") or ()) or [derive_key(str(config["SECRET_KEY"]))]


def cipher() -> MultiFernet:
    """The app's keys, newest first (built once per set of keys)."""
    current = keys(current_app.config)
    cached = current_app.extensions.get("navigator.referral_cipher")
    if cached is not None and cached[0] == current:
        return cached[1]  # type: ignore[no-any-return]
    made = MultiFernet([Fernet(key) for key in current])
    current_app.extensions["navigator.referral_cipher"] = (current, made)
    return made


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    """Raises cryptography's InvalidToken when no configured key opens it: a missing key is
    a configuration error to see, never a referral shown as empty."""
    return cipher().decrypt(stored.encode()).decode()


class Encrypted(TypeDecorator[str]):
    """A text column stored as a Fernet token; None stays NULL (a field not shared)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else decrypt(value)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
