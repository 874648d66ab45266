"""`flask --app navigator users create|list|deactivate`: back-office accounts from a shell.

The password is read from standard input (asked twice on a terminal; the first line when
piped), never from the command line, where it would be kept in the shell's history.
"""

from __future__ import annotations

import secrets
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Location, Organisation
from navigator.editor import audit
from navigator.editor.auth import MIN_PASSWORD_LENGTH, end_all_sessions, find_account, hash_password
from navigator.editor.models import ROLES, Account
from navigator.i18n import active_locales

users_cli = AppGroup("users", help="Back-office accounts.")

DEMO_ADMIN = "admin@example.org"


def read_password() -> str:
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


def create_account(
    email: str,
    role: str,
    password: str,
    organisation: str | None = None,
    locales: str = "",
    location: str | None = None,
) -> Account:
    """Create an account (the CLI and `init`'s demo admin); raises click.UsageError."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise click.UsageError(f"{email!r} is not an e-mail address")
    if find_account(email) is not None:
        raise click.UsageError(f"an account for {email} exists already")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.UsageError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    organisation_id = None
    if organisation:
        found = db.session.scalars(select(Organisation).where(Organisation.slug == organisation))
        org = found.first()
        if org is None:
            raise click.UsageError(f"no organisation with the slug {organisation!r}")
        organisation_id = org.id
    elif role == "organisation_editor":
        raise click.UsageError("an organisation editor needs --organisation SLUG")
    wanted = [part.strip() for part in locales.split(",") if part.strip()]
    unknown = sorted(set(wanted) - set(active_locales()))
    if unknown:
        raise click.UsageError(f"unknown locales: {', '.join(unknown)}")
    if role == "translator" and not wanted:
        raise click.UsageError("a translator needs --locales, e.g. --locales ar,fa")
    location_id = None
    if location:
        place = db.session.scalars(select(Location).where(Location.slug == location)).first()
        if place is None:
            raise click.UsageError(f"no location with the slug {location!r}")
        location_id = place.id
    account = Account(
        email=email,
        role=role,
        password_hash=hash_password(password),
        organisation_id=organisation_id,
        location_id=location_id,
        locales=",".join(wanted),
    )
    db.session.add(account)
    db.session.flush()
    audit.record(
        "account_created",
        None,
        email="(command line)",
        target=f"account:{email}",
        role=role,
        organisation=organisation or "",
        locales=",".join(wanted),
        location=location or "",
    )
    return account


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--organisation", metavar="SLUG", help="whose listings an editor may change")
@click.option("--locales", default="", metavar="ar,fa", help="what a translator translates into")
@click.option("--location", metavar="SLUG", help="a front-desk account's welcome centre")
def users_create(
    email: str, role: str, organisation: str | None, locales: str, location: str | None
) -> None:
    """Create an account; the password comes from standard input."""
    account = create_account(email, role, read_password(), organisation, locales, location)
    db.session.commit()
    click.echo(f"created {account.email} ({account.role})")


@users_cli.command("list")
def users_list() -> None:
    """Every account: e-mail, role, organisation, locales, active or not."""
    for account in db.session.scalars(select(Account).order_by(Account.role, Account.email)):
        organisation = account.organisation.slug if account.organisation else "-"
        state = "active" if account.active else "deactivated"
        click.echo(
            f"{account.email}\t{account.role}\t{organisation}\t{account.locales or '-'}\t{state}"
        )


@users_cli.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Deactivate an account: it can no longer sign in, and its sessions end."""
    account = find_account(email)
    if account is None:
        raise click.UsageError(f"no account for {email}")
    account.active = False
    end_all_sessions(account)
    audit.record(
        "account_deactivated", None, email="(command line)", target=f"account:{account.email}"
    )
    db.session.commit()
    click.echo(f"deactivated {account.email}")


def create_demo_admin() -> str | None:
    """In debug, on a database with no accounts: an administrator to try the back office
    with. Returns the password (printed once by `init`), or None when there are accounts."""
    if db.session.scalars(select(Account).limit(1)).first() is not None:
        return None
    password = secrets.token_urlsafe(12)
    create_account(DEMO_ADMIN, "admin", password)
    return password


editors_cli = AppGroup("editors", help="Back-office chores for cron.")


@editors_cli.command("remind")
def editors_remind() -> None:
    """E-mail each organisation's editors the listings due for a check (run daily or weekly
    from cron). City editors get those of organisations with no editor of their own."""
    from flask import current_app
    from flask_babel import force_locale

    from navigator.editor import freshness, mail
    from navigator.questionnaire import operations

    if not mail.configured():
        raise click.UsageError("MAIL_SERVER is not set: no reminder can be sent")
    # Links need a request's URL machinery; texts are in the city's default language.
    with current_app.test_request_context(), force_locale(current_app.config["DEFAULT_LOCALE"]):
        sent = freshness.remind(operations.today())
    for address, number in sent:
        click.echo(f"{address}: {number} listing(s) due")
    if not sent:
        click.echo("nothing is due")
