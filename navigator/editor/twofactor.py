"""Two-factor sign-in with time-based codes (TOTP, RFC 6238) from an authenticator app.

pyotp makes and checks the codes. A code is accepted for the current 30-second step or
the one before or after (clocks drift), and only once: the account remembers the last step
it accepted. Between the password and the code, the session holds only the account's
session key and when the password was right; after `PENDING_SECONDS` the password is asked
again.
"""

from __future__ import annotations

import time

import pyotp
import segno
from markupsafe import Markup

from navigator.editor.models import Account

PENDING_SECONDS = 300
PENDING = "editor_2fa_pending"
STEP = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(uri: str, title: str) -> Markup:
    """The otpauth:// link as an inline SVG QR code (nothing loaded from elsewhere)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, title=title, omitsize=True)
    return Markup(svg)  # noqa: S704 - segno's own SVG; the title is escaped by segno


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The 30-second step `code` belongs to (now, or one step either side), or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    current = int(now // STEP)
    for step in (current, current - 1, current + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def accept(account: Account, code: str, secret: str | None = None) -> bool:
    """Whether `code` is right for the account (or for `secret` while setting it up) and
    not used before; remembers its step when it is."""
    step = matching_step(secret or account.totp_secret or "", code)
    if step is None or (account.totp_last_step is not None and step <= account.totp_last_step):
        return False
    account.totp_last_step = step
    return True
