"""Back-office pages: sign in and out, the dashboard, users and the audit log."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from navigator.core.locale import COOKIE_MAX_AGE
from navigator.core.templating import chain, city_name
from navigator.db import db
from navigator.directory.models import Document, Location, Organisation, Service, Topic
from navigator.editor import (
    audit,
    auth,
    freshness,
    mail,
    passwords,
    readability,
    revisions,
    twofactor,
)
from navigator.editor.account_forms import (
    AuditFilterForm,
    CodeForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
)
from navigator.editor.create import HEADINGS, may_create
from navigator.editor.models import Account, AuditEvent
from navigator.editor.permissions import allowed, require, scoped
from navigator.events.models import Event
from navigator.i18n import L_, LOCALE_COOKIE, _, active_locales
from navigator.questionnaire import operations

AUDIT_PAGE_SIZE = 50
#: session key of the secret shown while two-factor sign-in is set up, until a code confirms it
SETUP_KEY = "editor_2fa_setup"

ACTION_TITLES = {
    "login": L_("Signed in"),
    "login_failed": L_("Failed sign-in"),
    "logout": L_("Signed out"),
    "account_created": L_("Account created"),
    "account_changed": L_("Account changed"),
    "account_deactivated": L_("Account deactivated"),
    "password_reset_requested": L_("Asked for a new password"),
    "password_reset": L_("Set a new password"),
    "login_code_failed": L_("Wrong sign-in code"),
    "two_factor_on": L_("Two-factor sign-in turned on"),
    "two_factor_off": L_("Two-factor sign-in turned off"),
    "create": L_("Created"),
    "submit": L_("Submitted for review"),
    "confirm": L_("Confirmed still correct"),
    "publish": L_("Published"),
    "translate": L_("Translated"),
    "export": L_("Exported content"),
    "import": L_("Imported content"),
    "feedback_status": L_("Changed the status of feedback"),
    "referral_sent": L_("Sent a referral"),
    "referral_read": L_("Opened a referral's personal details"),
    "referral_status": L_("Changed the status of a referral"),
    "referral_withdrawn": L_("Visitor withdrew consent to a referral"),
    "referral_purge": L_("Removed expired referrals' personal details"),
}


def action_title(action: str) -> str:
    return str(ACTION_TITLES.get(action, action))


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a back-office (or front-desk) path of this site, never
    elsewhere."""
    default = url_for("editor.dashboard")
    if not target:
        return default
    parts = urlsplit(target)
    inside = parts.path.startswith(("/editor/", "/desk/"))
    if parts.scheme or parts.netloc or not inside or "\\" in target:
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
            if account.totp_secret:  # the password was right; now the code
                session.clear()
                session[twofactor.PENDING] = {"key": account.session_key, "at": int(time.time())}
                return redirect(url_for("editor.login_code", next=request.args.get("next")))
            auth.sign_in(account)
            audit.record("login", account)
            return redirect(safe_next(request.args.get("next")))
        audit.record("login_failed", account, email=email)
        db.session.commit()  # kept, though the answer is an error (errors roll back)
        failed = True
    elif request.method == "POST" and form.csrf_token.errors:
        flash(_("The form had expired. Please sign in again."))
    return render_template("editor/login.html", form=form, failed=failed), (401 if failed else 200)


def login_code() -> str | Response | tuple[str, int]:
    """The second step of signing in, for accounts with two-factor sign-in."""
    pending = session.get(twofactor.PENDING) or {}
    account = auth.load_account(str(pending.get("key", "")))
    if account is None or time.time() - int(pending.get("at", 0)) > twofactor.PENDING_SECONDS:
        session.pop(twofactor.PENDING, None)
        flash(_("Please sign in again: the code was not entered in time."))
        return redirect(url_for("editor.login", next=request.args.get("next")))
    form = CodeForm()
    failed = False
    if form.validate_on_submit():
        if twofactor.accept(account, form.code.data):
            auth.sign_in(account)
            audit.record("login", account, two_factor=True)
            return redirect(safe_next(request.args.get("next")))
        audit.record("login_code_failed", account)
        db.session.commit()  # kept, though the answer is an error
        failed = True
    return render_template("editor/login_code.html", form=form, failed=failed), (
        401 if failed else 200
    )


@login_required
def two_factor() -> str | Response:
    """Set up (or turn off) two-factor sign-in for one's own account."""
    account = current_user._get_current_object()
    form = CodeForm()
    required = bool(current_app.config["REQUIRE_2FA"]) and account.role == "admin"
    failed = False
    if account.totp_secret:
        if form.validate_on_submit() and not required:
            if twofactor.accept(account, form.code.data):
                account.totp_secret = None
                audit.record("two_factor_off", account, target=f"account:{account.email}")
                flash(_("Two-factor sign-in is off."))
                return redirect(url_for("editor.two_factor"))
            failed = True
        return render_template(
            "editor/two_factor.html", form=form, enabled=True, required=required, failed=failed
        )
    secret = session.get(SETUP_KEY) or twofactor.new_secret()
    session[SETUP_KEY] = secret
    if form.validate_on_submit():
        if twofactor.accept(account, form.code.data, secret=secret):
            account.totp_secret = secret
            session.pop(SETUP_KEY, None)
            audit.record("two_factor_on", account, target=f"account:{account.email}")
            flash(_("Two-factor sign-in is on. From now on you will be asked for a code."))
            return redirect(url_for("editor.dashboard"))
        failed = True
    uri = twofactor.provisioning_uri(secret, account.email, f"{city_name()} Navigator")
    return render_template(
        "editor/two_factor.html",
        form=form,
        enabled=False,
        required=required,
        failed=failed,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr=twofactor.qr_svg(uri, _("QR code for your authenticator app")),
    )


def reset_request() -> str | Response:
    """Ask for a password reset link. The answer is the same whether or not the address
    has an account, so the page tells nobody who has one."""
    form = ResetRequestForm()
    if not mail.configured():
        return render_template("editor/reset_request.html", form=form, no_mail=True)
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        account = auth.find_account(email)
        if account is not None and account.active:
            link = passwords.reset_link(account)
            body = _(
                "Someone (we hope you) asked to set a new password for %(email)s in the back "
                "office of %(city)s.\n\nOpen this link within an hour to choose it:\n%(link)s"
                "\n\nIf it was not you, ignore this message: your password stays as it is.",
                email=account.email,
                city=city_name(),
                link=link,
            )
            if not mail.send_from_page(
                account.email, _("A new password for the back office"), body
            ):
                return render_template("editor/reset_request.html", form=form)
            audit.record("password_reset_requested", account)
        return render_template("editor/reset_request.html", form=form, sent=True)
    return render_template("editor/reset_request.html", form=form)


def reset_password() -> str | Response | tuple[str, int]:
    account = passwords.account_for(request.args.get("t", ""))
    if account is None:
        return render_template("editor/reset_password.html", form=None), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        account.password_hash = auth.hash_password(form.password.data)
        auth.end_all_sessions(account)
        audit.record("password_reset", account, target=f"account:{account.email}")
        flash(_("Your new password is set. Please sign in with it."))
        return redirect(url_for("editor.login"))
    return render_template("editor/reset_password.html", form=form)


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
def dashboard() -> str | Response:
    # feedback_inbox uses this module's safe_next: imported here, not at the top.
    from navigator.editor.feedback_inbox import dashboard_lists as feedback_lists

    account = current_user._get_current_object()
    if not allowed(account, "view") and allowed(account, "desk"):
        return redirect(url_for("desk.start"))  # front-desk staff start at the desk
    require("view")
    organisations = select(Organisation).order_by(Organisation.slug)
    if scoped(account):
        organisations = organisations.where(Organisation.id == account.organisation_id)
    listed = list(db.session.scalars(organisations))
    services: dict[int, list[Service]] = {}
    for service in db.session.scalars(
        select(Service)
        .where(Service.organisation_id.in_([org.id for org in listed]))
        .order_by(Service.slug)
    ):
        services.setdefault(service.organisation_id, []).append(service)
    events: dict[int, list[Event]] = {}
    for event in db.session.scalars(
        select(Event)
        .where(Event.organisation_id.in_([org.id for org in listed]))
        .order_by(Event.slug)
    ):
        events.setdefault(event.organisation_id, []).append(event)
    waiting = [
        revision
        for revision in revisions.waiting_for_review()
        if allowed(account, "publish", revisions.live(revision.kind, revision.key))
    ]
    today = operations.today()
    due = freshness.due([org.id for org in listed], today)
    locations = [
        location
        for location in db.session.scalars(select(Location).order_by(Location.slug))
        if allowed(account, "edit", location)
    ]
    return render_template(
        "editor/dashboard.html",
        account=account,
        organisations=[(org, services.get(org.id, []), due.get(org.id, [])) for org in listed],
        waiting=waiting,
        locations=locations,
        events=events,
        the_city=revisions.live("city", "city"),
        creatable=[(kind, heading) for kind, heading in HEADINGS.items() if may_create(kind)],
        topics=list(db.session.scalars(select(Topic).order_by(Topic.position))),
        documents=list(db.session.scalars(select(Document).order_by(Document.position))),
        due_keys={(item.kind, item.listing.id) for items in due.values() for item in items},
        review_after=freshness.review_after(),
        # 41 plans: kept until the content changes (or the day does)
        uncovered=(
            operations.kept(f"uncovered {today}", lambda: freshness.uncovered(today))
            if not scoped(account)
            else []
        ),
        topic_titles={
            topic.slug: str(topic.localized("title", chain()))
            for topic in db.session.scalars(select(Topic))
        },
        hardest=_hardest_to_read(account),
        edit_endpoints=revisions.EDIT_ENDPOINTS,
        source_locale=revisions.source_locale(),
        **feedback_lists(account, today),
    )


def _hardest_to_read(account: Account) -> list[tuple[Any, readability.Ranked]]:
    """The listings the account may edit whose source texts are hardest to read. Measuring
    5,000 services takes about 4 s, once in each server process; after a content change
    only the changed texts are measured again (readability.ranking). Nothing is measured
    for an account that edits nothing (it would be shown nothing)."""
    if not allowed(account, "edit"):
        return []
    ranked = readability.ranking(
        db.session, revisions.source_locale(), str(current_app.config["DATABASE_URL"])
    )
    return readability.hardest(db.session, account, ranked)


@login_required
def confirm_listing(kind: str, slug: str) -> Response:
    """ "Confirm still correct": the listing's last-reviewed date becomes today."""
    model = freshness.LISTINGS[kind]
    listing = db.session.scalars(select(model).where(model.slug == slug)).first()
    if listing is None:
        abort(404)
    require("edit", listing)
    freshness.confirm(kind, listing, current_user._get_current_object(), operations.today())
    flash(_("Thank you: the listing is marked as checked today."))
    return redirect(safe_next(request.form.get("next")))


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
