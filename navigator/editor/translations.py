"""Translators' pages (issue 10): the coverage of every locale, one locale's texts by state,
and a side-by-side editor.

    /editor/translations                              missing, outdated, machine-translated,
                                                      up to date per locale
    /editor/translations/<locale>                     the texts, filtered by kind, state and
                                                      organisation, each linked to its editor
    /editor/translations/<locale>/<kind>/<key>        source and translation side by side

Translators see only their locales; an organisation's editors only their organisation's
texts (the one permission check, `permissions.allowed(account, "translate", obj, locale=…)`).
Saving publishes the translation as a revision of the object, up to date with the current
source (`revisions.publish_translation`), after the links, phone numbers and Markdown shape
were checked against the source (translation_checks.py). When the city set up machine
translation, "Suggest a machine translation" fills the empty fields for review and publishes
nothing; the translator then saves them as reviewed, or publishes them as a machine
translation, which public pages label until a translator saves the text as reviewed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from navigator.content import text_units
from navigator.db import db
from navigator.directory.models import Organisation
from navigator.editor import revisions, translation_checks
from navigator.editor.editing import _object, form_of
from navigator.editor.permissions import allowed, require, scoped
from navigator.editor.translation_states import KIND_TITLES, STATE_TITLES, coverage, texts
from navigator.i18n import L_, _, active_locales, current_locale, direction
from navigator.machine_translation import KINDS as MACHINE_KINDS
from navigator.machine_translation import MachineTranslationError, configured, offers
from navigator.machine_translation import operations as machine
from navigator.translatable import TranslationState, translation_state

#: the kinds whose translations the side-by-side editor saves: every translatable kind
EDITABLE = text_units.KINDS
#: labels of fields no edit form names
FIELD_LABELS = {
    "title": L_("Title"),
    "name": L_("Name"),
    "keywords": L_("Other words people search for"),
    "question": L_("Question"),
    "help": L_("Help below the question"),
    "subject": L_("The answer, named in a plan (“Your age”)"),
    "statement": L_("The answer as a sentence when it is yes"),
    "statement_negative": L_("The answer as a sentence when it is no"),
    "label": L_("Name"),
    "description": L_("Description"),
    "notice": L_("Notice on the home page"),
}


def _source() -> str:
    return revisions.source_locale()


def _locales() -> tuple[str, ...]:
    """The locales the account translates into (every one but the source, for those who are
    not translators)."""
    return tuple(
        locale
        for locale in active_locales()
        if locale != _source() and allowed(current_user, "translate", locale=locale)
    )


def _reaches(item: Any) -> bool:
    """Whether the account sees this text (an organisation's editors: their own)."""
    return not scoped(current_user) or item.organisation_id == current_user.organisation_id


@login_required
def overview() -> str:
    require("translate")
    locales = _locales()
    counts = coverage(_source(), locales)
    rows = []
    for locale in locales:
        found = counts[locale]
        total = sum(found.values())
        done = found[TranslationState.UP_TO_DATE]
        rows.append((locale, found, total, round(100 * done / total) if total else 100))
    return render_template("editor/translations.html", rows=rows, states=STATE_TITLES)


@login_required
def locale_texts(language: str) -> str:
    locale = language  # the URL's name: "locale" is the public pages' own URL value
    if locale not in _locales():
        abort(404 if locale not in active_locales() else 403)
    kind = request.args.get("kind", "")
    state = request.args.get("state", "")
    organisation = request.args.get("organisation", "")
    kinds = [kind] if kind in KIND_TITLES else list(KIND_TITLES)
    organisations = {
        o.slug: o for o in db.session.scalars(select(Organisation).order_by(Organisation.slug))
    }
    wanted_org = organisations.get(organisation)
    items = []
    counts = {s: 0 for s in TranslationState}
    for name in kinds:
        for item in texts(name, _source(), (locale,))[locale]:
            if not _reaches(item):
                continue
            if wanted_org is not None and item.organisation_id != wanted_org.id:
                continue
            counts[item.state] += 1
            if state and item.state != state:
                continue
            items.append(item)
    order = {state: position for position, state in enumerate(TranslationState)}
    items.sort(key=lambda i: (order[i.state], i.kind, i.title.lower()))
    return render_template(
        "editor/translations_locale.html",
        target_locale=locale,
        items=items,
        counts=counts,
        kinds=KIND_TITLES,
        states=STATE_TITLES,
        editable=EDITABLE,
        organisations=[] if scoped(current_user) else list(organisations.values()),
        chosen={"kind": kind, "state": state, "organisation": organisation},
    )


def _labels(kind: str, units: dict[str, str], data: dict[str, Any]) -> dict[str, str]:
    """A label for each unit: the edit form's own where it has one."""
    form_class = form_of(kind)
    form = form_class(meta={"csrf": False}) if form_class is not None else ()
    known = {field.name: str(field.label.text) for field in form}
    numbers = {n["id"]: n["number"] for n in data.get("emergency_numbers") or []}
    labels = {}
    for unit in units:
        part, _dot, item = unit.partition(".")
        if part == "options":
            labels[unit] = _("Answer “%(value)s”", value=item)
        elif part == "holidays":
            labels[unit] = _(
                "Public holiday on %(date)s", date=format_date(dt.date.fromisoformat(item))
            )
        elif part == "emergency_numbers":
            labels[unit] = _("What the number %(number)s is for", number=numbers.get(item, item))
        else:
            labels[unit] = known.get(unit) or str(FIELD_LABELS.get(unit, unit))
    return labels


def _form(fields: list[str], labels: dict[str, str]) -> FlaskForm:
    """A form with one text box per field (made per kind: services have five texts)."""

    class TranslationForm(FlaskForm):
        #: the source revision the translator saw: a newer one saved meanwhile is a conflict
        source_revision = HiddenField()

    for field in fields:
        setattr(
            TranslationForm, field, TextAreaField(labels[field], validators=[Length(max=20_000)])
        )
    return TranslationForm()


@login_required
def edit_translation(language: str, kind: str, key: str) -> str | Response:
    locale = language
    if kind not in EDITABLE or locale == _source() or locale not in active_locales():
        abort(404)
    obj = _object(kind, key)
    require("translate", obj, locale=locale)
    source = _source()
    data = revisions.snapshot(kind, obj)
    revision = int(data.get("revision", 1))
    # One box per unit: a field, a fact's answer option, a holiday's name (text_units).
    current = text_units.source(kind, data)
    fields = list(current)
    labels = _labels(kind, current, data)
    existing, translated_from = text_units.translation(kind, data, locale)
    form = _form(fields, labels)
    action = request.form.get("action", "save")
    # the fields a machine filled in this form, carried from the suggestion to the save
    suggested = [f for f in request.form.get("machine_fields", "").split(",") if f in fields]
    if request.method == "GET":
        form.source_revision.data = str(revision)
        for field in fields:
            form[field].data = existing.get(field, "")
    checks: dict[str, list[str]] = {}
    machine_error = ""
    if form.validate_on_submit():
        values = {f: (form[f].data or "").replace("\r\n", "\n").strip() for f in fields}
        if action == "suggest":  # nothing is saved: the translator reviews the suggestions
            if offers(source, locale):
                filled, machine_error = _suggest({f: current[f] for f in fields}, values, locale)
                for field, text in filled.items():
                    form[field].data = text
                suggested = [f for f in fields if f in suggested or f in filled]
        else:
            checks = {
                f: found
                for f in fields
                if (found := translation_checks.problems(str(current.get(f, "")), values[f]))
            }
            if form.source_revision.data != str(revision):
                flash(
                    _(
                        "The source text changed while you were translating: compare it "
                        "again, then save."
                    )
                )
                form.source_revision.data = str(revision)
            elif not checks:
                as_machine = action == "machine" and kind in MACHINE_KINDS
                revisions.publish_translation(
                    kind, obj, locale, values, current_user, machine=as_machine
                )
                flash(
                    _(
                        "Published as a machine translation: public pages label it until a "
                        "translator saves it as reviewed."
                    )
                    if as_machine
                    else _("Saved and published: the translation is up to date.")
                )
                return redirect(url_for("editor.locale_texts", language=locale))
    outdated = translated_from is not None and translated_from < revision
    earlier = revisions.source_of(kind, obj.slug, translated_from) if outdated else None
    diffs = {
        f: revisions.word_diff(str(earlier.get(f) or ""), str(current.get(f) or ""))
        for f in fields
        if earlier is not None
        and revisions.normal(earlier.get(f)) != revisions.normal(current.get(f))
    }
    is_machine = text_units.is_machine(kind, data, locale)
    return render_template(
        "editor/translate.html",
        obj=obj,
        kind=kind,
        target_locale=locale,
        source=source,
        direction=direction(locale),
        source_direction=direction(source),
        form=form,
        fields=fields,
        labels=labels,
        current=current,
        checks=checks,
        outdated=outdated,
        earlier_known=earlier is not None,
        diffs=diffs,
        state=STATE_TITLES[translation_state(revision, translated_from, is_machine)],
        is_machine=is_machine,
        suggested=suggested,
        machine_error=machine_error,
        may_publish_machine=kind in MACHINE_KINDS,
        may_suggest=offers(source, locale)
        and any(not (form[f].data or "").strip() for f in fields),
    )


def _suggest(
    source_texts: dict[str, str], typed: dict[str, str], locale: str
) -> tuple[dict[str, str], str]:
    """({field: a machine's text} for the empty fields, "") — or ({}, why it failed, for
    the translator: a wrong key, a used-up quota or a server that is down is no error page)."""
    provider = configured()
    assert provider is not None, "offers() said a provider is set up"
    try:
        return machine.suggest(provider, source_texts, typed, _source(), locale), ""
    except MachineTranslationError as error:
        current_app.logger.warning("machine translation into %s failed: %s", locale, error)
        return {}, error.message(current_locale())
    finally:
        provider.close()


def _reach(locale: str) -> Any:
    return lambda obj: allowed(current_user, "translate", obj, locale=locale)


@login_required
def export_file(language: str) -> Response:
    """The locale's texts as an XLIFF or PO file for a translation agency or tool."""
    from navigator.content import exchange
    from navigator.editor import audit

    locale = language
    if locale not in _locales():
        abort(404 if locale not in active_locales() else 403)
    fmt = request.args.get("format", "xliff")
    if fmt not in exchange.FORMATS:
        abort(404)
    _store, suffix, mimetype = exchange.FORMATS[fmt]
    data = exchange.export(db.session, locale, _source(), fmt, _reach(locale))
    audit.record("export", current_user, target=f"translations:{locale}", format=fmt)
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="translations-{locale}-{fmt}{suffix}"'
    )
    return response


#: endpoints that take a file from a signed-in editor
UPLOAD_ENDPOINTS = frozenset({"editor.import_translations"})


def allow_uploads() -> None:
    """Every request body is small (`MAX_CONTENT_LENGTH`, 64 KB) except a file a signed-in
    editor uploads (`MAX_UPLOAD_LENGTH`); runs before anything reads the form."""
    if request.endpoint in UPLOAD_ENDPOINTS and current_user.is_authenticated:
        request.max_content_length = int(current_app.config["MAX_UPLOAD_LENGTH"])


class UploadForm(FlaskForm):
    file = FileField(
        L_("A translated XLIFF or PO file"),
        validators=[FileRequired(L_("Please choose a file."))],
    )


@login_required
def import_file(language: str) -> str | Response:
    """Translations back from a file: every unit is checked first; any problem and nothing is
    written (the problems are listed per unit)."""
    from navigator.content import exchange
    from navigator.editor import audit

    locale = language
    if locale not in _locales():
        abort(404 if locale not in active_locales() else 403)
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        found = exchange.check(db.session, form.file.data.read(), _source(), _reach(locale))
        if found.locale != locale:
            problems = [_("This file is for another language (%(code)s).", code=found.locale)]
        elif found.problems:
            problems = [str(problem) for problem in found.problems]
        else:
            count = exchange.apply(db.session, found, current_user)
            audit.record("import", current_user, target=f"translations:{locale}", listings=count)
            flash(
                _(
                    "Imported: %(count)d listings updated, %(same)d texts unchanged.",
                    count=count,
                    same=found.unchanged,
                )
            )
            return redirect(url_for("editor.locale_texts", language=locale))
    return render_template(
        "editor/translations_import.html", target_locale=locale, form=form, problems=problems
    )
