"""Signing in: Flask-Login keeps the session, argon2-cffi hashes passwords.

A sign-in clears the session first (a new session for the new privilege), and a session
idle for `EDITOR_IDLE_MINUTES` ends. Flask-Login's user id is the account's `session_key`,
so deactivating an account or changing its password (both renew the key) ends every
session it has, on every server.
"""

from __future__ import annotations

import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import select

from navigator.db import db
from navigator.editor.models import Account, new_session_key, utcnow
from navigator.i18n import L_

hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters


class SessionLoginManager(LoginManager):
    """Flask-Login without "remember me" cookies (never offered: shared computers at a
    welcome desk). Its after-request hook would read the session on every response, public
    ones included, and so make them all vary by cookie for caches."""

    def _update_remember_cookie(self, response):  # type: ignore[no-untyped-def]
        return response


login_manager = SessionLoginManager()
login_manager.login_view = "editor.login"
login_manager.login_message = L_("Please sign in to open that page.")
login_manager.session_protection = "basic"

#: a hash to verify against when the address is unknown, so both cases take as long
_UNKNOWN = hasher.hash("not a password of anybody")
MIN_PASSWORD_LENGTH = 12
LAST_SEEN = "editor_seen"
#: what an administrator may open before setting up two-factor sign-in when it is required
SETUP_ALLOWED = frozenset({"editor.two_factor", "editor.logout", "editor.language"})
#: blueprints of signed-in pages: the idle timeout and the two-factor rule apply to them
BACK_OFFICE = frozenset({"editor", "referrals", "desk"})


def hash_password(password: str) -> str:
    return hasher.hash(password)


def check_password(account: Account | None, password: str) -> bool:
    """Whether `password` is the account's; rehashes it when the parameters changed."""
    try:
        hasher.verify(account.password_hash if account else _UNKNOWN, password)
    except (VerificationError, InvalidHashError):
        return False
    if account is None:
        return False
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)
    return True


def find_account(email: str) -> Account | None:
    return db.session.scalars(select(Account).where(Account.email == email.strip().lower())).first()


def sign_in(account: Account) -> None:
    session.clear()  # nothing of the anonymous session carries over
    login_user(account)
    session[LAST_SEEN] = int(time.time())
    account.last_login_at = utcnow()


def sign_out() -> None:
    logout_user()
    session.clear()


def end_all_sessions(account: Account) -> None:
    account.session_key = new_session_key()


@login_manager.unauthorized_handler
def ask_to_sign_in():  # type: ignore[no-untyped-def]
    """Anonymous on a back-office page: to the sign-in form, and back here afterwards."""
    flash(login_manager.login_message)
    return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))


@login_manager.user_loader
def load_account(key: str) -> Account | None:
    account = db.session.scalars(select(Account).where(Account.session_key == key)).first()
    return account if account is not None and account.active else None


def register(app: Flask) -> None:
    # No app-wide `current_user` in templates: loading it reads the session, and public pages
    # (the sitemap, say) would then vary by cookie. The back office adds it (blueprint.py).
    login_manager.init_app(app, add_context_processor=False)

    @app.before_request
    def idle_timeout():  # type: ignore[no-untyped-def]
        # The front desk's pages too (BACK_OFFICE): a welcome desk's computer is shared.
        if request.blueprint not in BACK_OFFICE or not current_user.is_authenticated:
            return None
        now = int(time.time())
        limit = int(current_app.config["EDITOR_IDLE_MINUTES"]) * 60
        if now - int(session.get(LAST_SEEN, 0)) > limit:
            sign_out()
            flash(L_("You were signed out after a while without activity. Please sign in again."))
            return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))
        session[LAST_SEEN] = now
        if (
            current_app.config["REQUIRE_2FA"]
            and current_user.role == "admin"
            and not current_user.totp_secret
            and request.endpoint not in SETUP_ALLOWED
        ):
            flash(L_("Administrators must set up two-factor sign-in before anything else."))
            return redirect(url_for("editor.two_factor"))
        return None
