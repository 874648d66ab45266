"""The desk's referral pages (/desk/referrals…): the bilingual consent form, the printable
receipt, the welcome centre's list and one referral's page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.core.urls import external_url
from navigator.db import db
from navigator.directory import queries
from navigator.directory.presenters import now
from navigator.editor.permissions import require
from navigator.feedback.pages import phone_region
from navigator.i18n import _, active_locales, language_name
from navigator.questionnaire.plan_details import qr_code
from navigator.referrals import notify, operations
from navigator.referrals.forms import ConsentForm
from navigator.referrals.models import RETENTION_DAYS, Referral
from navigator.referrals.texts import consent_words, sides

DEFAULT_RETENTION = str(RETENTION_DAYS[0])  # the shortest, unless the visitor wants longer


def new_referral_url(service: str, *, visitor: str, staff: str, need: str | None = None) -> str:
    """The consent form for referring a desk session's visitor to `service` (a slug), with
    the visitor's and the staff's locales and, when known, the need (a topic slug). For the
    desk session's plan (issue 11): link each step's service here."""
    return url_for("referrals.new", service=service, visitor=visitor, staff=staff, need=need)


def _locale_arg(name: str, default: str | None = None) -> str:
    value = request.args.get(name) or default
    if value not in active_locales():
        abort(404)
    return str(value)


def _account() -> Any:
    return current_user._get_current_object()


@login_required
def new_referral() -> str | Response | tuple[str, int]:
    require("desk")
    service = queries.service_by_slug(request.args.get("service", ""))
    if service is None:
        abort(404)
    visitor = _locale_arg("visitor")
    staff = _locale_arg("staff", g.locale)
    need = request.args.get("need", "")
    topic = queries.topic_by_slug(need) if need else None
    form = ConsentForm(region=phone_region(), need_known=topic is not None)
    context = {
        "organisation": service.organisation,
        "service": service,
        "topic": topic,
        "visitor_locale": visitor,
    }
    if request.method == "POST":
        if not form.validate_on_submit():
            return _form_page(form, context, staff), 400
        consent = operations.Consent(
            shared=form.shared,
            retention_days=int(form.retention.data),
            visitor_locale=visitor,
            staff_locale=staff,
            name=form.name.data or "",
            contact_channel=form.contact_channel.data or "",
            contact=form.contact.data or "",
            note=form.note.data or "",
        )
        referral, token = operations.send(
            db.session, service=service, topic=topic, consent=consent, account=_account(), at=now()
        )
        # Stored before any e-mail goes out: a mail server that fails never loses it.
        db.session.commit()
        if not notify.new_referral(referral):
            flash(_("The referral is saved, but the organisation could not be told by e-mail."))
        return _receipt(referral, token, context, staff)
    if not form.retention.data:
        form.retention.data = DEFAULT_RETENTION
    return _form_page(form, context, staff)


def _form_page(form: ConsentForm, context: dict[str, Any], staff: str) -> str:
    visitor = context["visitor_locale"]
    return render_template(
        "referrals/new.html",
        form=form,
        sides=sides((visitor, staff), consent_words, **context),
        staff=staff,
        visitor=visitor,
        **context,
    )


def _receipt(referral: Referral, token: str, context: dict[str, Any], staff: str) -> str:
    """The bilingual receipt to print and hand over: shown once, as only its page knows
    the private link (the database keeps a hash)."""
    visitor = context["visitor_locale"]
    link = external_url("referral_link.show", locale=visitor, token=token)
    qr = Markup(qr_code(link, _("QR code of your private link")))  # noqa: S704 - segno's SVG
    return render_template(
        "referrals/receipt.html",
        referral=referral,
        link=link,
        qr=qr,
        sides=sides((visitor, staff), consent_words, keep_until=referral.keep_until, **context),
        **context,
    )


@login_required
def desk_list() -> str:
    require("desk")
    account = _account()
    query = select(Referral).order_by(Referral.sent_on.desc(), Referral.id.desc()).limit(500)
    if account.role != "admin":
        if account.location_id is not None:
            query = query.where(Referral.location_id == account.location_id)
        else:
            query = query.where(Referral.sent_by_id == account.id)
    referrals = db.session.scalars(query).all()
    return render_template("referrals/desk_list.html", referrals=referrals)


@login_required
def desk_referral(referral_id: int) -> str:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    require("desk", referral)
    operations.read_personal(referral, _account(), "desk")
    return render_template(
        "referrals/desk_referral.html",
        referral=referral,
        language=language_name(referral.language, g.locale) if referral.language else "",
    )
