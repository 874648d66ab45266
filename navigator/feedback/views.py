"""The public feedback page (/<locale>/feedback) and its thank-you page.

Public pages link here with `?page=<kind>:<slug>&helpful=yes|no` or `&report=1`; this page
holds the form and its CSRF token, so only people who give feedback get a session. Posting
stores the feedback and leads to a thank-you page with a link back to the page.
"""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from navigator.db import db
from navigator.directory.presenters import now
from navigator.feedback import operations, pages
from navigator.feedback.forms import HELPFUL, FeedbackForm
from navigator.feedback.models import MAX_COMMENT
from navigator.i18n import _


def _page_or_404(ref: str | None) -> pages.Page:
    page = pages.resolve(ref)
    if page is None:
        abort(404)
    return page


def feedback_form() -> str | Response | tuple[str, int]:
    if request.method == "POST":
        return _submit()
    ref = request.args.get("page", "")
    page = _page_or_404(ref)
    form = FeedbackForm(formdata=None).for_page(page.kind)
    form.page.data = ref
    form.report.data = "1" if request.args.get("report") == "1" else ""
    form.t.data = pages.plan_token(request.args.get("t")) if page.kind == "plan" else ""
    if request.args.get("helpful") in HELPFUL:
        form.helpful.data = request.args["helpful"]
    return _form_page(form, page)


def _submit() -> Response | tuple[str, int]:
    ref = request.form.get("page", "")
    page = _page_or_404(ref)
    form = FeedbackForm().for_page(page.kind)
    if page.kind != "plan":
        form.t.data = ""
    if not form.validate_on_submit():
        # The form again, with what was chosen and typed, and what to do.
        return _form_page(form, page), 400
    operations.record(
        db.session,
        locale=g.locale,
        page_kind=page.kind,
        page_key=page.key,
        kind=form.kind,
        field=form.field.data,
        comment=form.comment.data or "",
        region=pages.phone_region(),
        at=now(),
    )
    if set(session) <= {"csrf_token"}:
        # The session held only this form's token: ending it lets the reader's next
        # pages come from the page cache again.
        session.clear()
    token = pages.plan_token(form.t.data) or None
    report = "1" if form.is_report else None
    return redirect(url_for("feedback.thanks", page=ref, report=report, t=token))


def _form_page(form: FeedbackForm, page: pages.Page) -> str:
    heading = _("Report wrong information") if form.is_report else _("Was this page helpful?")
    return render_template(
        "feedback/form.html",
        form=form,
        page=page,
        heading=heading,
        back=pages.back_url(page, pages.plan_token(form.t.data)),
        max_comment=MAX_COMMENT,
    )


def thanks() -> str:
    page = _page_or_404(request.args.get("page"))
    token = pages.plan_token(request.args.get("t")) if page.kind == "plan" else ""
    return render_template(
        "feedback/thanks.html",
        page=page,
        reported=request.args.get("report") == "1",
        back=pages.back_url(page, token),
    )
