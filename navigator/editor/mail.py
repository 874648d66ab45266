"""Sending e-mail to back-office users (password resets, reminders) over SMTP.

Settings: MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS (STARTTLS), MAIL_USE_SSL, MAIL_USERNAME,
MAIL_PASSWORD, MAIL_DEFAULT_SENDER. With no MAIL_SERVER nothing can be sent: `send` raises
`MailNotConfigured` and the pages say so instead of pretending.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app


class MailNotConfigured(RuntimeError):
    pass


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send(to: str, subject: str, body: str) -> None:
    """Send one plain-text message; raises MailNotConfigured or smtplib/OSError errors."""
    config = current_app.config
    if not configured():
        raise MailNotConfigured("MAIL_SERVER is not set")
    message = EmailMessage()
    message["From"] = str(config["MAIL_DEFAULT_SENDER"])
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(
        domain=str(config["MAIL_DEFAULT_SENDER"]).rpartition("@")[2] or None
    )
    message.set_content(body)
    server, port = str(config["MAIL_SERVER"]), int(config["MAIL_PORT"])
    if config.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            server, port, timeout=20, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(server, port, timeout=20)
    with smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(str(config["MAIL_USERNAME"]), str(config["MAIL_PASSWORD"]))
        smtp.send_message(message)


def send_from_page(to: str, subject: str, body: str) -> bool:
    """`send` for a page: False (logged, and a translated message flashed) when the mail
    server cannot be reached, so the page can answer instead of failing."""
    from flask import flash

    from navigator.i18n import _

    try:
        send(to, subject, body)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("could not send an e-mail (%s)", subject)
        flash(_("The e-mail could not be sent just now. Please try again later."))
        return False
    return True
