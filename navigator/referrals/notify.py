"""E-mails about referrals, over SMTP (navigator/editor/mail.py).

The partner organisation's active editors hear of a new referral: a link to it and nothing
personal. The visitor hears of a status change only if they shared an e-mail address to be
contacted at, in their language, with their private link. A mail that cannot be sent never
loses the referral: the page says so (a translated message) and the referral stays.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from navigator.core.urls import external_url
from navigator.db import db
from navigator.editor import mail
from navigator.editor.models import Account
from navigator.i18n import _, active_locales, force_locale
from navigator.referrals.models import Referral, status_title


def partner_accounts(referral: Referral) -> list[Account]:
    return list(
        db.session.scalars(
            select(Account).where(
                Account.organisation_id == referral.organisation_id,
                Account.role == "organisation_editor",
                Account.active.is_(True),
            )
        )
    )


def new_referral(referral: Referral) -> bool:
    """Tell the organisation's editors; False when a message could not be sent."""
    if not mail.configured():
        return True  # nothing is sent without a mail server (mail.py); the inbox shows it
    link = external_url("referrals.partner_referral", referral_id=referral.id)
    sent = True
    with force_locale(current_app.config["DEFAULT_LOCALE"]):
        subject = _("A new referral from a welcome centre")
        body = _(
            "A welcome centre has sent your organisation a referral. Please sign in to the "
            "back office to read it and to set its status:\n\n%(link)s\n\n"
            "This message contains no personal details on purpose.",
            link=link,
        )
    for account in partner_accounts(referral):
        sent = mail.send_from_page(account.email, subject, body) and sent
    return sent


def status_changed(referral: Referral) -> bool:
    """Tell the visitor, if they shared an e-mail address; False when it could not be sent."""
    address, token = referral.email, referral.mail_token
    if address is None or token is None or referral.purged or not mail.configured():
        return True
    locale = referral.language or referral.consent_locale
    if locale not in active_locales():
        locale = str(current_app.config["DEFAULT_LOCALE"])
    with force_locale(locale):
        subject = _("News about your referral")
        body = _(
            "The status of your referral is now: %(status)s.\n\nSee it, and what was "
            "shared, here:\n%(link)s",
            status=status_title(referral.status),
            link=external_url("referral_link.show", locale=locale, token=token),
        )
    return mail.send_from_page(address, subject, body)
