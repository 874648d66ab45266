"""Administrators manage accounts in the browser: invite someone (they choose their own
password from an e-mailed link), change a role, an organisation, languages, deactivate.
Every change is in the audit log with what it was before."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.core.templating import city_name
from navigator.db import db
from navigator.directory.models import Location, Organisation
from navigator.editor import audit, auth, mail, passwords
from navigator.editor.account_forms import AccountForm
from navigator.editor.editing import choices
from navigator.editor.models import Account
from navigator.editor.permissions import require
from navigator.i18n import _, active_locales, current_locale, language_name


def _form(account: Account | None = None) -> AccountForm:
    organisations = choices(
        db.session.scalars(select(Organisation).order_by(Organisation.slug)), "name"
    )
    locales = [(code, language_name(code, current_locale())) for code in active_locales()]
    locations = choices(db.session.scalars(select(Location).order_by(Location.slug)), "name")
    data = None
    if account is not None:
        data = {
            "email": account.email,
            "role": account.role,
            "organisation": account.organisation.slug if account.organisation else "",
            "location": account.location.slug if account.location else "",
            "locales": list(account.locale_list),
            "active": account.active,
        }
    return AccountForm(data=data, organisations=organisations, locales=locales, locations=locations)


def _organisation_id(slug: str) -> int | None:
    if not slug:
        return None
    return db.session.scalars(select(Organisation.id).where(Organisation.slug == slug)).one()


def _location_id(slug: str) -> int | None:
    """The welcome centre's id; None for none (the form checked the slug is listed)."""
    if not slug:
        return None
    return db.session.scalars(select(Location.id).where(Location.slug == slug)).first()


def _state(account: Account) -> dict[str, object]:
    location = db.session.get(Location, account.location_id) if account.location_id else None
    return {
        "role": account.role,
        "organisation": account.organisation.slug if account.organisation else "",
        "location": location.slug if location else "",
        "locales": account.locales,
        "active": account.active,
    }


@login_required
def new_account() -> str | Response:
    require("manage_users")
    form = _form()
    if not mail.configured():
        return render_template("editor/account.html", form=form, account=None, no_mail=True)
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if auth.find_account(email) is not None:
            form.email.errors.append(_("There is an account with this address already."))
        else:
            account = Account(
                email=email,
                role=form.role.data,
                # Nobody knows this password: the invited person chooses theirs.
                password_hash=auth.hash_password(secrets.token_urlsafe(32)),
                organisation_id=_organisation_id(form.organisation.data),
                location_id=_location_id(form.location.data),
                locales=",".join(form.locales.data or []),
            )
            db.session.add(account)
            db.session.flush()
            link = passwords.reset_link(account)
            body = _(
                "%(admin)s made you an account in the back office of %(city)s.\n\n"
                "Open this link within an hour to choose your password:\n%(link)s\n\n"
                "Then sign in with this e-mail address.",
                admin=current_user.email,
                city=city_name(),
                link=link,
            )
            if not mail.send_from_page(email, _("Your account in the back office"), body):
                db.session.rollback()
                return render_template("editor/account.html", form=form, account=None)
            audit.record(
                "account_created", current_user, target=f"account:{email}", **_state(account)
            )
            flash(
                _("The account is made; %(email)s has an e-mail to choose a password.", email=email)
            )
            return redirect(url_for("editor.users"))
    return render_template("editor/account.html", form=form, account=None)


@login_required
def edit_account(account_id: int) -> str | Response:
    require("manage_users")
    account = db.session.get(Account, account_id)
    if account is None:
        abort(404)
    form = _form(account)
    form.email.render_kw = {"readonly": True}
    if form.validate_on_submit():
        myself = account.id == current_user.id
        if myself and (form.role.data != "admin" or not form.active.data):
            flash(_("You cannot take away your own administrator rights or deactivate yourself."))
            return render_template("editor/account.html", form=form, account=account)
        before = _state(account)
        account.role = form.role.data
        account.organisation_id = _organisation_id(form.organisation.data)
        account.location_id = _location_id(form.location.data)
        account.locales = ",".join(form.locales.data or [])
        deactivated = account.active and not form.active.data
        account.active = bool(form.active.data)
        after = _state(account)
        if before != after:
            if deactivated or before["role"] != after["role"]:
                auth.end_all_sessions(account)  # new rights start with a new sign-in
            audit.record(
                "account_deactivated" if deactivated else "account_changed",
                current_user,
                target=f"account:{account.email}",
                before=before,
                after=after,
            )
            flash(_("Saved."))
        return redirect(url_for("editor.users"))
    return render_template("editor/account.html", form=form, account=account)
