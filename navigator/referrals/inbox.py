"""The partner organisation's inbox (/editor/referrals) and one referral's page.

Organisation editors see the referrals to their organisation and, on a referral's page,
the fields the visitor agreed to share (each opening is audit-logged); they set its status.
City editors and administrators see the inbox of every organisation without personal
details: the visitor agreed to share them with one organisation, not with the city.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.db import db
from navigator.directory.presenters import now
from navigator.editor.permissions import allowed, require
from navigator.i18n import _, language_name
from navigator.referrals import notify, operations
from navigator.referrals.forms import StatusForm
from navigator.referrals.models import FIELDS, STATUSES, Referral

LIMIT = 500


def _account() -> Any:
    return current_user._get_current_object()


@login_required
def inbox() -> str:
    require("referrals")
    account = _account()
    query = select(Referral).order_by(Referral.sent_on.desc(), Referral.id.desc()).limit(LIMIT)
    own = account.role == "organisation_editor"
    if own:
        query = query.where(Referral.organisation_id == account.organisation_id)
    referrals = db.session.scalars(query).all()
    return render_template(
        "referrals/inbox.html",
        referrals=referrals,
        own=own,
        may_open=lambda referral: allowed(account, "referrals", referral),
    )


def _referral_or_404(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    require("referrals", referral)
    return referral


@login_required
def partner_referral(referral_id: int) -> str | Response | tuple[str, int]:
    referral = _referral_or_404(referral_id)
    account = _account()
    form = StatusForm()
    if form.is_submitted():
        if not form.validate():
            operations.read_personal(referral, account, "inbox")
            return _page(referral, form), 400
        changed = operations.set_status(
            referral, form.status.data, account, now(), form.reason.data or ""
        )
        if changed:
            db.session.commit()  # kept whatever the mail server does
            flash(_("Status set to “%(status)s”.", status=STATUSES[form.status.data]))
            if not notify.status_changed(referral):
                flash(_("The visitor could not be told by e-mail just now."))
        return redirect(url_for("referrals.partner_referral", referral_id=referral.id))
    operations.read_personal(referral, account, "inbox")
    return _page(referral, form)


def _page(referral: Referral, form: StatusForm) -> str:
    return render_template(
        "referrals/partner_referral.html",
        referral=referral,
        form=form,
        fields=FIELDS,
        language=language_name(referral.language, g.locale) if referral.language else "",
    )
