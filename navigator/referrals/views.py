"""The desk's referral pages (/desk/referrals…): the bilingual consent form, the printable
receipt, the welcome centre's list and one referral's page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, render_template, request
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.core.urls import external_url
from navigator.db import db
from navigator.directory import queries
from navigator.directory.presenters import now
from navigator.editor.permissions import allowed, require
from navigator.feedback.pages import phone_region
from navigator.i18n import _, active_locales, language_name
from navigator.questionnaire.plan_details import qr_code
from navigator.referrals import notify, operations
from navigator.referrals.forms import ConsentForm
from navigator.referrals.models import RETENTION_DAYS, Referral
from navigator.referrals.texts import consent_words, sides

DEFAULT_RETENTION = str(RETENTION_DAYS[0])  # the shortest, unless the visitor wants longer


def _locale_arg(name: str, default: str | None = None) -> str:
    value = request.args.get(name) or default
    if value not in active_locales():
        abort(404)
    return str(value)


def _account() -> Any:
    return current_user._get_current_object()


def consent_context(service_slug: str, need: str, visitor: str) -> dict[str, Any] | None:
    """What the consent form and the receipt are about: the service (None if unknown), its
    organisation, the need (a topic slug, when known) and the visitor's locale."""
    service = queries.service_by_slug(service_slug)
    if service is None:
        return None
    topic = queries.topic_by_slug(need) if need else None
    return {
        "organisation": service.organisation,
        "service": service,
        "topic": topic,
        "visitor_locale": visitor,
    }


def consent_form(context: dict[str, Any], *, posted: bool) -> ConsentForm:
    """The consent form, with what was posted (`posted`) or empty."""
    form = ConsentForm(
        formdata=None if not posted else request.form,
        region=phone_region(),
        need_known=context["topic"] is not None,
    )
    if not posted:
        form.retention.data = DEFAULT_RETENTION
    return form


def send_consented(form: ConsentForm, context: dict[str, Any], staff: str) -> tuple[Referral, str]:
    """Store the referral the visitor agreed to (only the ticked fields), then tell the
    organisation; (the referral, its private link's token)."""
    consent = operations.Consent(
        shared=form.shared,
        retention_days=int(form.retention.data),
        visitor_locale=context["visitor_locale"],
        staff_locale=staff,
        name=form.name.data or "",
        contact_channel=form.contact_channel.data or "",
        contact=form.contact.data or "",
        note=form.note.data or "",
    )
    referral, token = operations.send(
        db.session,
        service=context["service"],
        topic=context["topic"],
        consent=consent,
        account=_account(),
        at=now(),
    )
    # Stored before any e-mail goes out: a mail server that fails never loses it.
    db.session.commit()
    if not notify.new_referral(referral):
        flash(_("The referral is saved, but the organisation could not be told by e-mail."))
    return referral, token


@login_required
def new_referral() -> str | Response | tuple[str, int]:
    """`/desk/referrals/new?service=&visitor=&staff=[&need=]`: a referral outside a desk
    session (a desk session's plan refers through `desk.refer`, so its hand-over knows)."""
    require("desk")
    visitor = _locale_arg("visitor")
    staff = _locale_arg("staff", g.locale)
    args = request.args
    context = consent_context(args.get("service", ""), args.get("need", ""), visitor)
    if context is None:
        abort(404)
    posted = request.method == "POST"
    form = consent_form(context, posted=posted)
    if posted:
        if not form.validate():
            return consent_page(form, context, staff), 400
        referral, token = send_consented(form, context, staff)
        return receipt_page(referral, token, context, staff)
    return consent_page(form, context, staff)


def consent_page(
    form: ConsentForm, context: dict[str, Any], staff: str, desk: dict[str, str] | None = None
) -> str:
    """The bilingual consent form; `desk`: the desk session's hidden fields (its token and
    the service), when the form is a step of a session."""
    visitor = context["visitor_locale"]
    return render_template(
        "referrals/new.html",
        form=form,
        sides=sides((visitor, staff), consent_words, **context),
        staff=staff,
        visitor=visitor,
        desk=desk,
        **context,
    )


def receipt_page(
    referral: Referral,
    token: str,
    context: dict[str, Any],
    staff: str,
    desk_token: str | None = None,
) -> str:
    """The bilingual receipt to print and hand over: shown once, as only its page (and the
    session's hand-over) knows the private link (the database keeps a hash)."""
    visitor = context["visitor_locale"]
    link = private_link(visitor, token)
    qr = Markup(qr_code(link, _("QR code of your private link")))  # noqa: S704 - segno's SVG
    return render_template(
        "referrals/receipt.html",
        referral=referral,
        link=link,
        qr=qr,
        sides=sides((visitor, staff), consent_words, keep_until=referral.keep_until, **context),
        desk_token=desk_token,
        **context,
    )


def private_link(visitor: str, token: str) -> str:
    return external_url("referral_link.show", locale=visitor, token=token)


def session_referrals(session: Any) -> list[dict[str, Any]]:
    """The referrals a desk session (`desk.state.DeskSession`) sent, as its plan page and
    hand-over show them: the consent in the visitor's and the staff's language (with whom,
    what, until when, how to withdraw), the private link and its QR code. What is shared is
    named, never read back: no personal field is opened here."""
    ids = [made.id for made in session.referrals]
    if not ids:
        return []
    found = {r.id: r for r in db.session.scalars(select(Referral).where(Referral.id.in_(ids)))}
    account = _account()
    shown = []
    for made in session.referrals:
        referral = found.get(made.id)
        if referral is None or not allowed(account, "desk", referral):
            continue
        context = {
            "organisation": referral.organisation,
            "service": referral.service,
            "topic": referral.topic,
            "visitor_locale": referral.consent_locale,
        }
        words = sides(
            (session.visitor, session.staff),
            consent_words,
            keep_until=referral.keep_until,
            consented_on=referral.consent_at,
            **context,
        )
        link = None if referral.purged else private_link(referral.consent_locale, made.link)
        qr = Markup(qr_code(link, _("QR code of your private link"))) if link else None  # noqa: S704
        shown.append({"referral": referral, "sides": words, "link": link, "qr": qr})
    return shown


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
