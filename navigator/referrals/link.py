"""The visitor's private page (/<locale>/referral/<token>): the status in their language,
what was shared and until when, and "withdraw my consent", which purges the personal
fields at once. An unknown or purged link gets a page saying so, never an error."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from navigator.db import db
from navigator.directory.presenters import now
from navigator.i18n import language_name
from navigator.referrals import operations
from navigator.referrals.forms import WithdrawForm
from navigator.referrals.models import FIELDS, Referral


def show(token: str) -> str | tuple[str, int]:
    referral = operations.by_token(db.session, token)
    if referral is None:
        return render_template("referrals/link_gone.html"), 404
    operations.read_personal(referral, None, "visitor")
    return _page(referral, WithdrawForm())


def withdraw(token: str) -> Response | tuple[str, int]:
    referral = operations.by_token(db.session, token)
    if referral is None:
        return render_template("referrals/link_gone.html"), 404
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _page(referral, form, expired=True), 400
    operations.withdraw(referral, now())
    return redirect(url_for("referral_link.withdrawn"))


def withdrawn() -> str:
    return render_template("referrals/withdrawn.html")


def _page(referral: Referral, form: WithdrawForm, expired: bool = False) -> str:
    return render_template(
        "referrals/link.html",
        referral=referral,
        form=form,
        fields=FIELDS,
        expired=expired,
        token=request.view_args["token"] if request.view_args else "",
        language=language_name(referral.language, g.locale) if referral.language else "",
    )
