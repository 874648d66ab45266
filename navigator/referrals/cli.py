"""`flask --app navigator referrals purge`: remove the personal fields of referrals whose
retention period has ended (run it daily, e.g. from cron)."""

from __future__ import annotations

import click
from cryptography.fernet import InvalidToken
from flask.cli import AppGroup

from navigator.db import db
from navigator.directory.presenters import now
from navigator.referrals import operations

referrals_cli = AppGroup("referrals", help="Referrals from welcome centres to organisations.")


@referrals_cli.command("purge")
def purge() -> None:
    """Remove the personal fields of referrals kept past their retention period, keeping
    the anonymous outcome. Safe to run again: purged referrals are skipped."""
    count = operations.purge_expired(db.session, now())
    db.session.commit()
    click.echo(f"purged the personal details of {count} referral(s)")


@referrals_cli.command("rotate-keys")
def rotate_keys() -> None:
    """Encrypt kept personal fields again with the first of NAVIGATOR_REFERRAL_KEYS; older
    keys may be removed from the setting afterwards."""
    try:
        count = operations.reencrypt(db.session)
    except InvalidToken:
        db.session.rollback()
        raise click.ClickException(
            "a referral could not be decrypted with any key in NAVIGATOR_REFERRAL_KEYS "
            "(is an older key missing?); nothing was changed"
        ) from None
    db.session.commit()
    click.echo(f"encrypted the personal details of {count} referral(s) with the newest key")
