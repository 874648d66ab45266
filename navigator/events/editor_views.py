"""The back office's event page: `/editor/events/<slug>/edit`.

The same steps as every editing page (editor/editing.py): find or 404, check the one
permission (`edit`; an organisation's editors edit their organisation's events), validate
the form, save a revision through the one revision mechanism, then draft, submit or publish.
"""

from __future__ import annotations

import json

from flask import abort, render_template, request
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.content import canonical
from navigator.db import db
from navigator.directory.models import Location, Topic
from navigator.editor.editing import (
    _context,
    _finish,
    _organisation_choices,
    _readability,
    begin,
    choices,
    text,
)
from navigator.editor.forms import language_codes
from navigator.events.forms import EventForm, initial_dates


@login_required
def edit_event(slug: str) -> str | Response:
    obj, data, newest = begin("events", slug)
    organisations = _organisation_choices(obj)
    initial = None
    if request.method == "GET":
        rule = data.get("rule")
        initial = {
            **canonical.DEFAULTS["events"],  # the pack leaves defaults out; the form shows them
            **data,
            "languages": ", ".join(data.get("languages", [])),
            "rule": json.dumps(rule, ensure_ascii=False) if rule is not None else "",
            "location": data.get("location") or "",
            **initial_dates(data),
        }
    form = EventForm(
        data=initial,
        organisations=organisations,
        locations=choices(db.session.scalars(select(Location).order_by(Location.slug)), "name"),
        topics=choices(db.session.scalars(select(Topic).order_by(Topic.position)), "title"),
    )
    if request.method == "GET":
        form.based_on.data = str(newest)
    if form.validate_on_submit():
        if form.organisation.data not in {slug for slug, _name in organisations}:
            abort(403)  # a crafted form: an organisation editor moving an event elsewhere
        location = form.location.data or None
        if location and not db.session.scalar(select(Location.id).where(Location.slug == location)):
            abort(400)
        data.update(
            title=text(form.title.data),
            summary=text(form.summary.data),
            description=text(form.description.data),
            eligibility_summary=text(form.eligibility_summary.data),
            cost=text(form.cost.data),
            free=bool(form.free.data),
            registration_required=bool(form.registration_required.data),
            registration=text(form.registration.data),
            registration_url=text(form.registration_url.data) or None,
            status=form.status.data,
            organisation=form.organisation.data,
            location=location,
            topics=list(form.topics.data),
            open_to_all=bool(form.open_to_all.data),
            rule=form.parsed_rule,
            languages=language_codes(form.languages.data or ""),
            **form.dates,
        )
        done = _finish("events", obj, form, data)
        if done is not None:
            return done
    return render_template(
        "events/edit_event.html",
        obj=obj,
        form=form,
        readability=_readability(form, "summary", "description", "eligibility_summary"),
        **_context("events", obj),
    )
