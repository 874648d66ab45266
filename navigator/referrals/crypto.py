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

import hashlib
import secrets
from typing import Any

from cryptography.fernet import MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from navigator.core import keyring

INFO = b"navigator.referrals.v1"
TOKEN_BYTES = 24


def derive_key(secret: str) -> bytes:
    return keyring.derive_key(secret, INFO)


def cipher() -> MultiFernet:
    """The app's referral keys, newest first (navigator/core/keyring.py)."""
    return keyring.ciphers("REFERRAL_KEYS", INFO)[0]


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
