"""`flask --app navigator referrals purge`: remove the personal fields of referrals whose
retention period has ended (run it daily, e.g. from cron)."""

from __future__ import annotations

import click
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
