"""Rate limits (Flask-Limiter) on what costs the server most per request — search, the
questionnaire's answers and the API —, on what anyone can add to the database (newcomers'
feedback), on what costs the city money (machine translation suggestions, per account), and
on signing in to the back office (per address and per account, so guessing
passwords is slow from one machine or from many). Counters live in Redis when `REDIS_URL`
is set, so every app server shares them; in memory otherwise (one process, e.g. a laptop).

Limits are per client address. Behind a reverse proxy, run gunicorn with
`--forwarded-allow-ips` set to the proxy so the address is the newcomer's, not the proxy's.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def account_tried() -> str:
    """The account a sign-in tries (as typed, lower-case), whatever address it comes from."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def pending_account() -> str:
    """The account between its password and its two-factor code."""
    from navigator.editor.twofactor import PENDING

    return "code:" + str((session.get(PENDING) or {}).get("key", ""))


def signed_in_account() -> str:
    """The back-office account making the request, wherever it comes from."""
    from flask_login import current_user

    return "editor:" + str(current_user.get_id() or get_remote_address())


def not_a_suggestion() -> bool:
    """Whether a side-by-side editor's post is anything but a request for a machine's
    suggestion (saving is not limited)."""
    return request.form.get("action") != "suggest"


def not_an_export() -> bool:
    """Whether an HSDS list request is anything but a whole export (`format=ndjson`)."""
    return request.args.get("format") != "ndjson"


#: (the setting with the limit, the methods it counts or None for all, whose counter it is,
#: and optionally when a request is not counted)
Limit = (
    tuple[str, list[str] | None, Callable[[], str]]
    | tuple[str, list[str] | None, Callable[[], str], Callable[[], bool]]
)
# endpoint -> its limits; generous for a person, tight for a script
LIMITS: dict[str, list[Limit]] = {
    "directory.search": [("SEARCH_RATE_LIMIT", None, get_remote_address)],
    "questionnaire.start": [("QUESTIONNAIRE_RATE_LIMIT", ["POST"], get_remote_address)],
    "api.eligibility": [("API_RATE_LIMIT", None, get_remote_address)],
    # Each post stores a row: enough for a person, too few for a script filling the inbox
    "feedback.form": [("FEEDBACK_RATE_LIMIT", ["POST"], get_remote_address)],
    # A visitor's private referral page and its withdrawal: plenty for a person
    "referral_link.show": [("REFERRAL_RATE_LIMIT", None, get_remote_address)],
    "referral_link.withdraw": [("REFERRAL_RATE_LIMIT", ["POST"], get_remote_address)],
    "editor.login": [
        ("LOGIN_RATE_LIMIT", ["POST"], get_remote_address),
        ("LOGIN_ACCOUNT_RATE_LIMIT", ["POST"], account_tried),
    ],
    # Six digits are guessable without a limit: per address and per account signing in
    "editor.login_code": [
        ("LOGIN_RATE_LIMIT", ["POST"], get_remote_address),
        ("LOGIN_ACCOUNT_RATE_LIMIT", ["POST"], pending_account),
    ],
    # Each request sends an e-mail: few per address and per account
    "editor.reset_request": [
        ("PASSWORD_RESET_RATE_LIMIT", ["POST"], get_remote_address),
        ("PASSWORD_RESET_RATE_LIMIT", ["POST"], account_tried),
    ],
    # A whole export of the directory (every service, fully nested) costs seconds
    "hsds.services": [("HSDS_EXPORT_RATE_LIMIT", None, get_remote_address, not_an_export)],
    "hsds.service_at_locations": [
        ("HSDS_EXPORT_RATE_LIMIT", None, get_remote_address, not_an_export)
    ],
    # Each suggestion is a request to the machine translation provider, paid by the city
    "editor.edit_translation": [
        ("MT_SUGGEST_RATE_LIMIT", ["POST"], signed_in_account, not_a_suggestion),
    ],
}


#: blueprint -> the setting of one limit shared by all its endpoints (one counter per client)
SHARED: dict[str, str] = {
    # The HSDS read API: a page of full services costs what a directory page does
    "hsds": "HSDS_RATE_LIMIT",
}


def register(app: Flask) -> Limiter:
    """Call after the blueprints are registered: wraps their view functions.

    One limiter per app (not one per module, as most extensions): its limits and storage
    belong to the app, so apps built with other settings (tests, several cities in one
    process) never share counters or limits.
    """
    limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
    limiter.init_app(app)
    # The extension keeps only a weak reference to its limiter: the app must hold it.
    app.extensions["navigator.limiter"] = limiter
    for endpoint, limits in LIMITS.items():
        view = app.view_functions[endpoint]
        for setting, methods, key, *exempt in limits:
            value = str(app.config[setting])
            view = limiter.limit(
                value, methods=methods, key_func=key, exempt_when=exempt[0] if exempt else None
            )(view)
        app.view_functions[endpoint] = view
    for blueprint, setting in SHARED.items():
        shared = limiter.shared_limit(
            str(app.config[setting]), scope=blueprint, key_func=get_remote_address
        )
        for endpoint, view in list(app.view_functions.items()):
            if endpoint.startswith(blueprint + "."):
                app.view_functions[endpoint] = shared(view)
    return limiter
