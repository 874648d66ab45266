"""The statistics pages' filters: a GET form (nothing changes, so no CSRF token)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from navigator.i18n import L_

#: the longest period one page shows (a few hundred weeks at most)
MAX_DAYS = 3 * 366
BY = {"week": L_("By week"), "month": L_("By month")}


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(L_("From"), validators=[Optional()])
    end = DateField(L_("To"), validators=[Optional()])
    by = SelectField(
        L_("Group"),
        choices=[SelectChoice(key, title) for key, title in BY.items()],
        validators=[Optional()],
        validate_choice=False,
    )
    centre = SelectField(L_("Welcome centre"), validators=[Optional()], validate_choice=False)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.start, self.end):
            if field.errors:
                field.errors = [str(L_("Please enter a date such as 2026-01-31."))]
        if self.by.data and self.by.data not in BY:
            self.by.errors = [str(L_("Please choose one of the options shown."))]
            valid = False
        if self.centre.data and self.centre.data not in {key for key, _t in self.centre.choices}:
            self.centre.errors = [str(L_("Please choose one of the options shown."))]
            valid = False
        start, end = self.start.data, self.end.data
        if valid and start and end:
            if start > end:
                self.end.errors = [str(L_("The end of the period is before its start."))]
                valid = False
            elif (end - start).days > MAX_DAYS:
                self.end.errors = [str(L_("Please choose a period of three years or less."))]
                valid = False
        return valid

    def period(self, today: dt.date, default_days: int) -> tuple[dt.date, dt.date]:
        end = self.end.data or today
        start = self.start.data or end - dt.timedelta(days=default_days)
        if (end - start).days > MAX_DAYS:  # a start long ago, with no end given
            end = start + dt.timedelta(days=MAX_DAYS)
        return start, end
