"""`flask --app navigator feedback purge`: delete feedback past its retention period."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from navigator.db import db
from navigator.directory.presenters import now
from navigator.feedback import operations

feedback_cli = AppGroup("feedback", help="Newcomers' feedback and searches that found nothing.")


@feedback_cli.command("purge")
def purge() -> None:
    """Delete feedback and zero-result search counts older than
    NAVIGATOR_FEEDBACK_RETENTION_DAYS (365 unless set). Run it daily, e.g. from cron."""
    days = int(current_app.config["FEEDBACK_RETENTION_DAYS"])
    if days < 1:
        # 0 would delete everything, today's feedback included: surely a typo.
        raise click.UsageError("NAVIGATOR_FEEDBACK_RETENTION_DAYS must be at least 1")
    feedback, searches = operations.purge(db.session, now(), days)
    db.session.commit()
    click.echo(
        f"deleted {feedback} feedback item(s) and {searches} zero-result search count(s) "
        f"older than {days} days"
    )
