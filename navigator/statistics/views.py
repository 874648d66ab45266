"""The statistics pages of the back office: /editor/statistics (with .csv) and
/editor/statistics/unmet. Who may open them: `permissions.require("view_statistics")`."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, render_template, request
from flask_login import login_required
from sqlalchemy import select, union

from navigator.db import db
from navigator.editor.models import Account
from navigator.editor.permissions import require
from navigator.i18n import _
from navigator.questionnaire import operations as ops
from navigator.statistics import queries, report
from navigator.statistics.forms import FilterForm
from navigator.statistics.models import DeskVisit

#: the period shown when none is chosen: the last twelve weeks
DEFAULT_DAYS = 12 * 7
#: characters a spreadsheet reads as the start of a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _centre_choices() -> list[tuple[str, str]]:
    """Everything, the website, and each welcome centre: where desk accounts work and
    where desk visits were recorded."""
    ids = set(
        db.session.scalars(
            union(
                select(Account.location_id).where(Account.location_id.is_not(None)),
                select(DeskVisit.location_id).where(DeskVisit.location_id.is_not(None)),
            )
        )
    )
    names = report.centres(ids)
    centres = sorted(names.items(), key=lambda item: item[1].text.casefold())
    return [
        ("", _("Website and all welcome centres")),
        (queries.WEB, _("Website only")),
        *((str(key), label.text) for key, label in centres),
    ]


def _filters() -> tuple[FilterForm, queries.Filters | None]:
    form = FilterForm(request.args)
    form.centre.choices = _centre_choices()
    if not form.validate():
        return form, None
    start, end = form.period(ops.today(), DEFAULT_DAYS)
    if start > end:  # a start after today, with no end given
        form.start.errors = [_("The start of the period is after its end.")]
        return form, None
    form.start.data, form.end.data = start, end
    filters = queries.Filters(start, end, form.by.data or "week", form.centre.data or "")
    return form, filters


@login_required
def statistics() -> Any:
    require("view_statistics")
    form, filters = _filters()
    sections = report.overview(filters) if filters else []
    return (
        render_template(
            "statistics/page.html",
            form=form,
            sections=sections,
            hidden_text=report.hidden_text(),
        ),
        200 if filters else 400,
    )


@login_required
def unmet() -> Any:
    require("view_statistics")
    form, filters = _filters()
    found = report.unmet_report(filters) if filters else {}
    return (
        render_template(
            "statistics/unmet.html", form=form, hidden_text=report.hidden_text(), **found
        ),
        200 if filters else 400,
    )


@login_required
def statistics_csv() -> Any:
    require("view_statistics")
    _form, filters = _filters()
    if filters is None:
        return statistics()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Table"), _("Row"), _("Column"), _("Count")])
    hidden = report.hidden_text()
    total = _("Total")
    for section in report.overview(filters):
        columns = [label.text for label in section.columns]
        if section.table.with_row_totals:
            columns.append(total)
        rows = [label.text for label in section.rows] + [total]
        for r, row in enumerate(rows[: len(section.table.grid())]):
            for c, column in enumerate(columns):
                value = section.value(r, c)
                writer.writerow(
                    [safe_cell(t) for t in (section.title, row, column)]
                    + [hidden if value is None else value]
                )
    name = f"statistics-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),  # a byte-order mark: spreadsheets then read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def safe_cell(text: str) -> str:
    """A text a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (OWASP's advice on CSV injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text
