"""The public feedback form, and the inbox's filter and status forms."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from navigator.feedback.models import (
    FIELDS,
    KINDS,
    MAX_COMMENT,
    PAGE_KINDS,
    STATUSES,
    report_fields,
)
from navigator.i18n import L_

HELPFUL = {"yes": "helpful", "no": "not_helpful"}


def _choices(titles: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(key, title) for key, title in titles.items()]


class FeedbackForm(FlaskForm):
    """ "Was this page helpful?" (yes / no) or, with `report` set, "which information is
    wrong?"; a comment either way. The page, the mode and a plan's link ride in hidden
    fields; the plan link only to lead back to the plan."""

    page = HiddenField()
    report = HiddenField()
    t = HiddenField()
    # Choices are checked in validate(), with a message in the reader's language.
    helpful = RadioField(
        L_("Was this page helpful?"),
        choices=[SelectChoice("yes", L_("Yes")), SelectChoice("no", L_("No"))],
        validate_choice=False,
    )
    field = RadioField(
        L_("Which information is wrong?"), choices=_choices(FIELDS), validate_choice=False
    )
    comment = TextAreaField(
        L_("Your comment (optional)"),
        validators=[
            Optional(),
            Length(
                max=MAX_COMMENT,
                message=L_("Please shorten your comment to %(max)d characters or fewer."),
            ),
        ],
    )

    def for_page(self, page_kind: str) -> FeedbackForm:
        """Offer the fields a report on this kind of page may name."""
        self.field.choices = _choices(report_fields(page_kind))
        return self

    @property
    def is_report(self) -> bool:
        return self.report.data == "1"

    @property
    def kind(self) -> str:
        return "report" if self.is_report else HELPFUL[self.helpful.data]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        offered = {choice[0] for choice in self.field.iter_choices()}
        if self.is_report and self.field.data not in offered:
            self.field.errors = [str(L_("Please choose which information is wrong."))]
            valid = False
        elif not self.is_report and self.helpful.data not in HELPFUL:
            self.helpful.errors = [str(L_("Please choose “Yes” or “No”."))]
            valid = False
        return valid


def _with_all(label: Any, titles: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice("", label), *_choices(titles)]


class InboxFilterForm(FlaskForm):
    """The inbox's filters (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    page_kind = SelectField(
        L_("Page"), choices=_with_all(L_("All pages"), PAGE_KINDS), validators=[Optional()]
    )
    kind = SelectField(
        L_("Type"), choices=_with_all(L_("All types"), KINDS), validators=[Optional()]
    )
    status = SelectField(
        L_("Status"), choices=_with_all(L_("Every status"), STATUSES), validators=[Optional()]
    )
    #: one listing's feedback (from the dashboard's "most reported" list)
    key = HiddenField(validators=[Optional(), Length(max=200)])


class StatusForm(FlaskForm):
    """One feedback item's status (new, read, resolved, spam)."""

    status = SelectField(L_("Status"), choices=_choices(STATUSES))
    next = HiddenField()
