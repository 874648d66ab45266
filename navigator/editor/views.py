"""Back-office pages: sign in and out, the dashboard, users and the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from navigator.core.locale import COOKIE_MAX_AGE
from navigator.db import db
from navigator.directory.models import Organisation, Service
from navigator.editor import audit, auth
from navigator.editor.forms import AuditFilterForm, LoginForm
from navigator.editor.models import Account, AuditEvent
from navigator.editor.permissions import allowed, require, scoped
from navigator.i18n import L_, LOCALE_COOKIE, _, active_locales

AUDIT_PAGE_SIZE = 50

ACTION_TITLES = {
    "login": L_("Signed in"),
    "login_failed": L_("Failed sign-in"),
    "logout": L_("Signed out"),
    "account_created": L_("Account created"),
    "account_changed": L_("Account changed"),
    "account_deactivated": L_("Account deactivated"),
    "publish": L_("Published"),
    "export": L_("Exported content"),
    "import": L_("Imported content"),
}


def action_title(action: str) -> str:
    return str(ACTION_TITLES.get(action, action))


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a back-office path of this site, never elsewhere."""
    default = url_for("editor.dashboard")
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/editor/") or "\\" in target:
        return default
    return target


def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("editor.dashboard"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        account = auth.find_account(email)
        if (
            account is not None
            and account.active
            and auth.check_password(account, form.password.data)
        ):
            auth.sign_in(account)
            audit.record("login", account)
            return redirect(safe_next(request.args.get("next")))
        audit.record("login_failed", account, email=email)
        db.session.commit()  # kept, though the answer is an error (errors roll back)
        failed = True
    elif request.method == "POST" and form.csrf_token.errors:
        flash(_("The form had expired. Please sign in again."))
    return render_template("editor/login.html", form=form, failed=failed), (401 if failed else 200)


def logout() -> Response:
    if current_user.is_authenticated:
        audit.record("logout", current_user._get_current_object())
    auth.sign_out()
    flash(_("You are signed out."))
    return redirect(url_for("editor.login"))


def language() -> Response:
    """Switch the back office's language (a small form on every page; no JavaScript)."""
    locale = request.form.get("locale", "")
    response = redirect(
        safe_next(request.form.get("next"))
        if current_user.is_authenticated
        else url_for("editor.login")
    )
    if locale in active_locales():
        response.set_cookie(
            LOCALE_COOKIE,
            locale,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        )
    return response


@login_required
def dashboard() -> str:
    require("view")
    account = current_user._get_current_object()
    organisations = select(Organisation).order_by(Organisation.slug)
    if scoped(account):
        organisations = organisations.where(Organisation.id == account.organisation_id)
    counts = dict(
        db.session.execute(
            select(Service.organisation_id, func.count()).group_by(Service.organisation_id)
        ).all()
    )
    drafts_waiting = 0  # revisions arrive with the editing pages (issue 9, point 5)
    return render_template(
        "editor/dashboard.html",
        account=account,
        organisations=[(org, counts.get(org.id, 0)) for org in db.session.scalars(organisations)],
        drafts_waiting=drafts_waiting,
    )


@login_required
def users() -> str:
    require("manage_users")
    accounts = db.session.scalars(select(Account).order_by(Account.role, Account.email)).all()
    return render_template("editor/users.html", accounts=accounts)


@login_required
def audit_log() -> str:
    require("view_audit")
    form = AuditFilterForm(request.args)
    form.validate()
    query = select(AuditEvent)
    if form.action.data and not form.action.errors:
        query = query.where(AuditEvent.action == form.action.data)
    if form.email.data and not form.email.errors:
        query = query.where(AuditEvent.email.contains(form.email.data.strip().lower()))
    if form.since.data and not form.since.errors:
        query = query.where(AuditEvent.at >= _start_of(form.since.data))
    if form.until.data and not form.until.errors:
        query = query.where(AuditEvent.at < _start_of(form.until.data + dt.timedelta(days=1)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = request.args.get("page", "1")
    page_number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    events = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset((page_number - 1) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE)
    ).all()
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    if page_number > pages:
        abort(404)
    return render_template(
        "editor/audit.html",
        form=form,
        events=events,
        total=total,
        page=page_number,
        pages=pages,
        page_args=_page_args(),
    )


def _page_args() -> dict[str, Any]:
    """The filters, for the pager's links. Only the form's own names: `url_for` would take
    `_external` or `_method` from a request as its own."""
    names = ("action", "email", "since", "until")
    return {name: request.args[name] for name in names if request.args.get(name)}


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def can(action: str, target: Any = None, locale: str | None = None) -> bool:
    """For templates: whether to show a link or button (the route checks again)."""
    return allowed(current_user, action, target, locale=locale)
