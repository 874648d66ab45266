"""Fernet keys that rotate: one mechanism for everything the app encrypts (plan links,
referrals' personal fields).

A setting lists Fernet keys, newest first: the newest encrypts, every one still decrypts.
Without the setting one key is derived from `SECRET_KEY` with HKDF under a purpose of its
own (`info`), so no two purposes — and not the secret key itself — share bytes.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def derive_key(secret: str, info: bytes) -> bytes:
    """A Fernet key from the app's secret key, for one purpose."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def ciphers(setting: str, info: bytes) -> tuple[MultiFernet, Fernet]:
    """(every key of `setting`, to open; the newest, to make), built once per set of keys."""
    config = current_app.config
    keys = list(config.get(setting) or ()) or [derive_key(str(config["SECRET_KEY"]), info)]
    name = f"navigator.keyring.{setting}"
    cached = current_app.extensions.get(name)
    if cached is not None and cached[0] == keys:
        return cached[1]  # type: ignore[no-any-return]
    fernets = [Fernet(key) for key in keys]
    made = (MultiFernet(fernets), fernets[0])
    current_app.extensions[name] = (keys, made)
    return made
