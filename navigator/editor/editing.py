"""Editing pages: an object's form, its history with diffs, publishing and restoring.

Every route checks `permissions.require` for the object it touches; every save is a
revision (revisions.py). Forms work without JavaScript; "Preview" shows Markdown as the
public page will, without saving.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.content import canonical
from navigator.core.templating import chain
from navigator.db import db
from navigator.directory.models import Area, Document, Organisation, Service, Topic
from navigator.editor import audit, places, readability, revisions
from navigator.editor.forms import (
    HOURS_HINT,
    CityForm,
    DocumentForm,
    LocationForm,
    OrganisationForm,
    ServiceForm,
    TopicForm,
    channels_from_text,
    channels_text,
    text,
)
from navigator.editor.models import Revision
from navigator.editor.permissions import allowed, require, scoped
from navigator.i18n import _

FORMS = {
    "services": ServiceForm,
    "organisations": OrganisationForm,
    "locations": LocationForm,
    "topics": TopicForm,
    "documents": DocumentForm,
    "city": CityForm,
}


def form_of(kind: str) -> Any:
    """The form class of a kind, for the field labels of its history."""
    if kind == "events":
        from navigator.events.forms import EventForm

        return EventForm
    return FORMS.get(kind)


def _object(kind: str, slug: str) -> Any:
    obj = revisions.live(kind, slug)
    if obj is None:
        abort(404)
    return obj


def _working_data(kind: str, obj: Any) -> tuple[dict[str, Any], int]:
    """What the form starts from: the pending draft if there is one, else what is public;
    and the number of the newest revision (0 before the first)."""
    newest = revisions.history(kind, obj.slug)[:1]
    pending = revisions.pending(kind, obj.slug)
    data = pending.data if pending is not None else revisions.snapshot(kind, obj)
    return copy.deepcopy(data), newest[0].number if newest else 0


def begin(kind: str, slug: str) -> tuple[Any, dict[str, Any], int]:
    """An edit page's start: the object (404 if none; 403 unless the account may edit it),
    the data its form starts from and the newest revision's number."""
    obj = _object(kind, slug)
    require("edit", obj)
    data, newest = _working_data(kind, obj)
    return obj, data, newest


def _conflict(kind: str, obj: Any, based_on: str) -> bool:
    newest = revisions.history(kind, obj.slug)[:1]
    return bool(newest) and str(newest[0].number) != (based_on or "0")


def _finish(kind: str, obj: Any, form: Any, data: dict[str, Any]) -> Response | None:
    """Save the form's revision and do what its button asked; None to show the form again."""
    action = request.form.get("action", "save")
    if action == "preview":
        return None
    if action == "publish":
        require("publish", obj)
    submit = action == "submit"
    if submit:
        require("submit", obj)
    if _conflict(kind, obj, form.based_on.data):
        flash(
            _(
                "Someone saved a newer version while you were editing. Your changes are "
                "below: compare them with the history before saving again."
            )
        )
        form.based_on.data = str(revisions.history(kind, obj.slug)[0].number)  # seen now
        return None
    revision = revisions.save(
        kind,
        obj,
        canonical.tidy(kind, data),
        current_user,
        submit=submit,
        minor=bool(form.minor.data),
        note=form.note.data or "",
    )
    if submit:
        audit.record("submit", current_user, target=f"{kind}:{obj.slug}", revision=revision.number)
        flash(_("Saved and sent for review."))
    elif action == "publish":
        try:
            revisions.publish(revision, current_user)
        except revisions.PublishRefused:
            flash(_("Saved as a draft. Another editor must publish your change (four-eyes rule)."))
            return redirect(url_for("editor.history", kind=kind, slug=obj.slug))
        flash(_("Published. The public pages show the change now."))
    else:
        flash(_("Saved as a draft. The public pages do not show it yet."))
    return redirect(url_for("editor.history", kind=kind, slug=obj.slug))


@login_required
def edit_organisation(slug: str) -> str | Response:
    obj, data, newest = begin("organisations", slug)
    form = OrganisationForm(
        data={**canonical.DEFAULTS["organisations"], **data} if request.method == "GET" else None
    )
    if request.method == "GET":
        form.based_on.data = str(newest)
    if form.validate_on_submit():
        data.update(
            name=text(form.name.data),
            kind=form.kind.data,
            description=text(form.description.data),
            website=text(form.website.data),
            email=text(form.email.data).lower(),
            phone=text(form.phone.data),
        )
        done = _finish("organisations", obj, form, data)
        if done is not None:
            return done
    return render_template(
        "editor/edit_organisation.html",
        obj=obj,
        form=form,
        readability=_readability(form, "description"),
        **_context("organisations", obj),
    )


@login_required
def edit_service(slug: str) -> str | Response:
    obj, data, newest = begin("services", slug)
    organisations = _organisation_choices(obj)
    topics = choices(db.session.scalars(select(Topic).order_by(Topic.position)), "title")
    initial = None
    if request.method == "GET":
        initial = {
            **canonical.DEFAULTS["services"],  # the pack leaves defaults out; the form shows them
            **data,
            "languages": ", ".join(data.get("languages", [])),
            "valid_from": _date(data.get("valid_from")),
            "valid_to": _date(data.get("valid_to")),
            "channels": channels_text(data.get("channels", [])),
        }
    form = ServiceForm(
        data=initial,
        organisations=organisations,
        topics=topics,
        documents=choices(db.session.scalars(select(Document).order_by(Document.position)), "name"),
        areas=choices(db.session.scalars(select(Area).order_by(Area.position)), "name"),
        services=choices(
            db.session.scalars(select(Service).where(Service.id != obj.id).order_by(Service.slug)),
            "title",
        ),
    )
    if request.method == "GET":
        form.based_on.data = str(newest)
    if form.validate_on_submit():
        if form.organisation.data not in {slug for slug, _name in organisations}:
            abort(403)  # a crafted form: an organisation editor moving a listing elsewhere
        data.update(
            form.listing_data(),
            phase=form.phase.data,
            audience=form.audience.data,
            valid_from=form.valid_from.data.isoformat() if form.valid_from.data else None,
            valid_to=form.valid_to.data.isoformat() if form.valid_to.data else None,
            opt_in=bool(form.opt_in.data),
            documents=[d for d in form.documents.data or [] if d],
            service_area=[a for a in form.service_area.data or [] if a],
            requires=[r for r in form.requires.data or [] if r],
            channels=channels_from_text(form.channels.data or ""),
        )
        done = _finish("services", obj, form, data)
        if done is not None:
            return done
    return render_template(
        "editor/edit_service.html",
        obj=obj,
        form=form,
        readability=_readability(form, "summary", "description", "eligibility_summary"),
        **_context("services", obj),
    )


def choices(rows: Any, field: str) -> list[tuple[str, str]]:
    """(slug, its `field` in the editor's language) for a select or a list of checkboxes."""
    return [(row.slug, str(row.localized(field, chain())) or row.slug) for row in rows]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _organisation_choices(obj: Any) -> list[tuple[str, str]]:
    """Organisations the listing may belong to: an organisation editor's own only."""
    query = select(Organisation).order_by(Organisation.slug)
    if scoped(current_user):
        query = query.where(Organisation.id == current_user.organisation_id)
    return choices(db.session.scalars(query), "name")


def _readability(form: Any, *names: str) -> dict[str, readability.Readability]:
    """The plain-language indicator of the source-language texts, from what the form holds:
    the saved text on GET, what was typed on POST (a preview or an error keeps it)."""
    locale = revisions.source_locale()
    found = {name: readability.assess(form[name].data, locale) for name in names}
    return {name: result for name, result in found.items() if result is not None}


def _context(kind: str, obj: Any) -> dict[str, Any]:
    pending = revisions.pending(kind, obj.slug)
    return {
        "kind": kind,
        "pending": pending,
        "may_publish": allowed(current_user, "publish", obj),
        "may_submit": allowed(current_user, "submit", obj),
        "public_url": _public_url(kind, obj),
    }


def _public_url(kind: str, obj: Any) -> str | None:
    """The object's public page, if it has one (locations show on their services' pages)."""
    from navigator.core.templating import current_locale

    endpoint = {
        "services": "directory.service",
        "organisations": "directory.organisation",
        "topics": "directory.topic",
        "events": "events.event",
    }
    if kind == "city":
        return url_for("directory.home", locale=current_locale())
    if kind not in endpoint:
        return None
    return url_for(endpoint[kind], locale=current_locale(), slug=obj.slug)


@login_required
def history(kind: str, slug: str) -> str:
    if kind not in revisions.EDITABLE:
        abort(404)
    obj = _object(kind, slug)
    require("view", obj)
    found = revisions.history(kind, slug)
    current = revisions.snapshot(kind, obj)
    # Each revision against the one before it (the first against nothing shown).
    rows = []
    for index, revision in enumerate(found):
        before = found[index + 1].data if index + 1 < len(found) else None
        rows.append((revision, revisions.changes(before, revision.data) if before else None))
    # Facts and statuses have no form here (their source is the content pack): field names.
    form_class = form_of(kind)
    form = form_class(meta={"csrf": False}) if form_class is not None else ()
    labels = {field.name: field.label.text for field in form}
    return render_template(
        "editor/history.html",
        obj=obj,
        kind=kind,
        labels=labels,
        rows=rows,
        unsaved=not found,
        current=current,
        may_publish=allowed(current_user, "publish", obj),
        may_edit=allowed(current_user, "edit", obj),
        edit_endpoint=revisions.EDIT_ENDPOINTS.get(kind),
        public_url=_public_url(kind, obj),
    )


def _revision(revision_id: int) -> tuple[Revision, Any]:
    revision = db.session.get(Revision, revision_id)
    if revision is None or revision.kind not in revisions.EDITABLE:
        abort(404)
    return revision, _object(revision.kind, revision.key)


@login_required
def publish_revision(revision_id: int) -> Response:
    revision, obj = _revision(revision_id)
    require("publish", obj)
    if revisions.pending(revision.kind, revision.key) is not revision:
        flash(_("Only the newest draft can be published; it includes or replaces this one."))
    else:
        try:
            revisions.publish(revision, current_user)
            flash(_("Published. The public pages show the change now."))
        except revisions.PublishRefused:
            flash(_("You cannot publish your own change: another editor must (four-eyes rule)."))
    return redirect(url_for("editor.history", kind=revision.kind, slug=revision.key))


@login_required
def restore_revision(revision_id: int) -> Response:
    revision, obj = _revision(revision_id)
    require("edit", obj)
    new = revisions.restore(revision, current_user)
    flash(
        _(
            "Revision %(old)d is now a new draft (revision %(new)d).",
            old=revision.number,
            new=new.number,
        )
    )
    return redirect(url_for("editor.history", kind=revision.kind, slug=revision.key))


@login_required
def edit_location(slug: str) -> str | Response:
    obj, data, newest = begin("locations", slug)
    areas = choices(db.session.scalars(select(Area).order_by(Area.position)), "name")
    initial = None
    if request.method == "GET":
        initial = {**canonical.DEFAULTS["locations"], **data}
    form = LocationForm(data=initial, areas=areas)
    if request.method == "GET":
        form.based_on.data = str(newest)
        places.fill_hours(form, data)
    if form.validate_on_submit():
        data.pop("hours", None)
        data.pop("exceptions", None)
        data.update(places.hours_data(form))
        data.update(
            name=text(form.name.data),
            street=text(form.street.data),
            postcode=text(form.postcode.data),
            city=text(form.city.data),
            area=form.area.data or None,
            latitude=float(form.latitude.data) if form.latitude.data is not None else None,
            longitude=float(form.longitude.data) if form.longitude.data is not None else None,
            accessibility=text(form.accessibility.data),
            directions=text(form.directions.data),
        )
        done = _finish("locations", obj, form, data)
        if done is not None:
            return done
    return render_template(
        "editor/edit_location.html",
        obj=obj,
        form=form,
        weekdays=canonical.WEEKDAYS,
        hours_hint=HOURS_HINT,
        **_context("locations", obj),
    )


@login_required
def edit_topic(slug: str) -> str | Response:
    from navigator.directory.icons import ICON_DIR

    obj, data, newest = begin("topics", slug)
    icons = sorted(path.stem for path in ICON_DIR.glob("*.svg"))
    parents = choices(
        db.session.scalars(
            select(Topic)
            .where(Topic.parent_id.is_(None), Topic.id != obj.id)
            .order_by(Topic.position)
        ),
        "title",
    )
    initial = None
    if request.method == "GET":
        initial = {**canonical.DEFAULTS["topics"], **data}
    form = TopicForm(data=initial, icons=icons, parents=parents)
    if request.method == "GET":
        form.based_on.data = str(newest)
    if form.validate_on_submit():
        if obj.children and form.parent.data:
            form.parent.errors.append(
                _("This topic has topics of its own, so it stays a main topic.")
            )
        elif (
            form.urgent.data
            and db.session.scalars(
                select(Topic).where(Topic.urgent.is_(True), Topic.id != obj.id)
            ).first()
        ):
            form.urgent.errors.append(_("Another topic is the urgent-help topic already."))
        else:
            data.update(
                title=text(form.title.data),
                description=text(form.description.data),
                keywords=text(form.keywords.data),
                icon=form.icon.data or None,
                parent=form.parent.data or None,
                urgent=bool(form.urgent.data),
            )
            done = _finish("topics", obj, form, data)
            if done is not None:
                return done
    return render_template(
        "editor/edit_simple.html",
        obj=obj,
        form=form,
        readability=_readability(form, "description"),
        **_context("topics", obj),
    )


@login_required
def edit_document(slug: str) -> str | Response:
    import json

    from navigator.eligibility import JsonLogicError, variables
    from navigator.eligibility import validate as validate_logic
    from navigator.facts.models import Fact

    obj, data, newest = begin("documents", slug)
    initial = None
    if request.method == "GET":
        needed = data.get("needed_when")
        initial = {**data, "needed_when": json.dumps(needed, ensure_ascii=False) if needed else ""}
    form = DocumentForm(data=initial)
    if request.method == "GET":
        form.based_on.data = str(newest)
    if form.validate_on_submit():
        rule = None
        typed = (form.needed_when.data or "").strip()
        if typed:
            try:
                rule = json.loads(typed)
                validate_logic(rule)
                unknown = set(variables(rule)) - set(db.session.scalars(select(Fact.key)))
                if unknown:
                    form.needed_when.errors.append(
                        _(
                            "The rule uses facts the city has not defined: %(facts)s",
                            facts=", ".join(sorted(unknown)),
                        )
                    )
            except (ValueError, JsonLogicError):
                form.needed_when.errors.append(_("This is not a JSON Logic rule."))
        if not form.needed_when.errors:
            data.update(name=text(form.name.data), needed_when=rule)
            done = _finish("documents", obj, form, data)
            if done is not None:
                return done
    return render_template(
        "editor/edit_simple.html", obj=obj, form=form, **_context("documents", obj)
    )
