"""The audit log: sign-ins, failed sign-ins, publishing, user and role changes, exports and
imports, the statuses editors give newcomers' feedback, and referrals: sent, personal
fields read, statuses, withdrawals and purges. Written in the request's
transaction, so an action and its line are kept together."""

from __future__ import annotations

from typing import Any

from navigator.db import db
from navigator.editor.models import Account, AuditEvent

#: action -> what the audit page calls it (translated there)
ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "password_reset_requested",
    "password_reset",
    "login_code_failed",
    "two_factor_on",
    "two_factor_off",
    "account_created",
    "account_changed",
    "account_deactivated",
    "create",
    "submit",
    "confirm",
    "publish",
    "translate",
    "export",
    "import",
    "feedback_status",
    "referral_sent",
    "referral_read",
    "referral_status",
    "referral_withdrawn",
    "referral_purge",
)


def record(
    action: str,
    account: Account | None = None,
    *,
    email: str = "",
    target: str = "",
    session: Any = None,
    **detail: Any,
) -> AuditEvent:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        action=action,
        account_id=account.id if account is not None else None,
        email=(account.email if account is not None else email)[:254],
        target=target[:300],
        detail=detail,
    )
    (session or db.session).add(event)
    return event
