"""The feedback inbox (/editor/feedback) and the dashboard's feedback lists.

An account sees the feedback on what it may edit — the one permission question,
`permissions.allowed(account, "edit", listing)`: feedback on a service belongs to the
service, on an organisation to the organisation, on a topic to the city (city editors);
feedback on plans and searches, which belong to no listing, to accounts not limited to one
organisation. The status form checks the same on the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, and_, false, or_, select, true
from werkzeug.wrappers import Response

from navigator.db import db
from navigator.directory.models import Organisation, Service
from navigator.editor import revisions
from navigator.editor import views as editor_views
from navigator.editor.permissions import allowed, require, scoped
from navigator.events.models import Event
from navigator.feedback import operations, queries
from navigator.feedback.forms import InboxFilterForm, StatusForm
from navigator.feedback.models import FIELDS, KINDS, PAGE_KINDS, STATUSES, Feedback
from navigator.feedback.pages import ENDPOINTS, listing_title
from navigator.i18n import _

PAGE_SIZE = 50
#: page kind -> the kind of editable object (revisions.EDITABLE) it is about
LISTINGS = {
    "service": "services",
    "organisation": "organisations",
    "topic": "topics",
    "event": "events",
}
#: searches that found nothing: how far back the dashboard looks, and how many per locale
ZERO_RESULT_DAYS = 90
ZERO_RESULT_TOP = 10
#: counts below this are shown as "fewer than 10" (design brief: small counts suppressed)
SMALL_COUNT = 10


def listing(feedback: Feedback) -> Any:
    """The service, organisation, topic or event the feedback is about (None for plans and
    searches, and for a listing removed since)."""
    kind = LISTINGS.get(feedback.page_kind)
    return revisions.live(kind, feedback.page_key) if kind else None


def may_handle(account: Any, feedback: Feedback) -> bool:
    """Whether `account` may see and change the status of `feedback`."""
    if not allowed(account, "edit"):
        return False
    target = listing(feedback)
    if target is not None:
        return allowed(account, "edit", target)
    return not scoped(account)  # plans, searches, removed listings: the city's


def visible(account: Any) -> ColumnElement[bool]:
    """`may_handle` as a query condition, for lists and counts."""
    if not allowed(account, "edit"):
        return false()
    if not scoped(account):
        return true()  # allowed(account, "edit", anything) holds when not scoped
    own = account.organisation_id
    services = [
        service.slug
        for service in db.session.scalars(select(Service).where(Service.organisation_id == own))
        if allowed(account, "edit", service)
    ]
    events = [
        event.slug
        for event in db.session.scalars(select(Event).where(Event.organisation_id == own))
        if allowed(account, "edit", event)
    ]
    organisations = [
        organisation.slug
        for organisation in db.session.scalars(select(Organisation).where(Organisation.id == own))
        if allowed(account, "edit", organisation)
    ]
    return or_(
        and_(Feedback.page_kind == "service", Feedback.page_key.in_(services)),
        and_(Feedback.page_kind == "organisation", Feedback.page_key.in_(organisations)),
        and_(Feedback.page_kind == "event", Feedback.page_key.in_(events)),
    )


def edit_url(account: Any, target: Any) -> str | None:
    if target is None or not allowed(account, "edit", target):
        return None
    kind = next(k for k, model in revisions.EDITABLE.items() if isinstance(target, model))
    return url_for(revisions.EDIT_ENDPOINTS[kind], slug=target.slug)


def public_url(feedback: Feedback) -> str | None:
    """The page the feedback was given on, in its language (a plan has no address)."""
    if feedback.page_kind == "plan":
        return None
    if feedback.page_kind == "search":
        return url_for("directory.search", locale=feedback.locale, q=feedback.page_key or None)
    return url_for(ENDPOINTS[feedback.page_kind], locale=feedback.locale, slug=feedback.page_key)


def _choice(field: Any) -> str:
    return str(field.data or "") if not field.errors else ""


@login_required
def inbox() -> str:
    require("edit")
    account = current_user._get_current_object()
    form = InboxFilterForm(request.args)
    form.validate()
    filters = queries.Filters(
        page_kind=_choice(form.page_kind),
        kind=_choice(form.kind),
        status=_choice(form.status),
        key=_choice(form.key),
    )
    page = request.args.get("page", "1")
    page_number = int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100_000 else 1
    items, total = queries.inbox(db.session, visible(account), filters, page_number, PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if page_number > pages:
        abort(404)
    rows = []
    for item in items:
        target = listing(item)
        rows.append(
            {
                "item": item,
                "title": listing_title(item.page_kind, target) if target is not None else "",
                "edit": edit_url(account, target),
                "public": public_url(item),
            }
        )
    args = {name: value for name, value in asdict(filters).items() if value}
    return render_template(
        "editor/feedback.html",
        form=form,
        filters=filters,
        rows=rows,
        total=total,
        page=page_number,
        pages=pages,
        page_args=args,
        all_listings_args={name: value for name, value in args.items() if name != "key"},
        page_kinds=PAGE_KINDS,
        kinds=KINDS,
        fields=FIELDS,
        statuses=STATUSES,
    )


@login_required
def set_status(feedback_id: int) -> Response:
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None:
        abort(404)
    if not may_handle(current_user, feedback):
        abort(403)
    form = StatusForm()
    if form.validate_on_submit():
        operations.set_status(feedback, form.status.data, current_user._get_current_object())
        flash(_("Feedback marked as “%(status)s”.", status=STATUSES[form.status.data]))
    else:
        flash(_("Please choose one of the statuses shown."))
    return redirect(editor_views.safe_next(form.next.data or url_for("editor.feedback")))


def dashboard_lists(account: Any, today: dt.date) -> dict[str, Any]:
    """The dashboard's "most reported listings" (only what `account` may edit) and, for
    accounts not limited to one organisation, the searches that found nothing."""
    reported = []
    for kind, key, count in queries.most_reported(db.session, visible(account)):
        target = revisions.live(LISTINGS[kind], key)
        edit = edit_url(account, target)
        if edit is None:
            continue
        reported.append(
            {
                "kind": kind,
                "title": listing_title(kind, target) or key,
                "count": count,
                "edit": edit,
                "inbox": url_for("editor.feedback", page_kind=kind, key=key, kind="report"),
            }
        )
    zero_results: dict[str, list[tuple[str, int]]] = {}
    if not scoped(account):
        since = today - dt.timedelta(days=ZERO_RESULT_DAYS)
        zero_results = queries.zero_result_top(db.session, since, ZERO_RESULT_TOP)
    return {
        "most_reported": reported,
        "zero_results": zero_results,
        "zero_result_days": ZERO_RESULT_DAYS,
        "small_count": SMALL_COUNT,
    }
