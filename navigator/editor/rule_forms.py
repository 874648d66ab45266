"""The rule builder's form: conditions, groups, JSON Logic, legal reference, dates."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from navigator.i18n import L_

from .forms import WEB_ADDRESS, RevisionFields

#: the comparisons the rule builder offers, by the kind of fact (rulebuilder.OPS); a choice
#: fact's "is one of"/"is none of" with a single option is written as is / is not
OP_LABELS = {
    "one_of": L_("is one of"),
    "none_of": L_("is none of"),
    "includes": L_("includes"),
    "excludes": L_("does not include"),
    "yes": L_("is yes"),
    "no": L_("is not yes"),
    "eq": L_("is equal to"),
    "ne": L_("is not equal to"),
    "lt": L_("is less than"),
    "le": L_("is at most"),
    "gt": L_("is more than"),
    "ge": L_("is at least"),
    "between": L_("is between"),
}


FORM_OPS = {
    "choice": ("one_of", "none_of"),
    "multi": ("includes", "excludes"),
    "boolean": ("yes", "no"),
    "number": ("eq", "ne", "lt", "le", "gt", "ge", "between"),
}


class ConditionForm(Form):
    """One row of the rule builder: a fact, a comparison, a value (empty rows are ignored)."""

    fact = SelectField(L_("Fact"), choices=[], validate_choice=False)
    op = SelectField(
        L_("Comparison"),
        choices=[SelectChoice(key, label) for key, label in OP_LABELS.items()],
        validate_choice=False,
    )
    value = StringField(L_("Value"), validators=[Optional(), Length(max=100)])
    low = StringField(L_("Lowest value"), validators=[Optional(), Length(max=20)])
    high = StringField(L_("Highest value"), validators=[Optional(), Length(max=20)])
    values = SelectMultipleField(L_("Values"), choices=[], validate_choice=False)


class GroupForm(Form):
    """A nested group of conditions (one level)."""

    combinator = SelectField(
        L_("Combine"),
        choices=[
            SelectChoice("all", L_("All of these must be true")),
            SelectChoice("any", L_("At least one of these must be true")),
        ],
    )
    negate = BooleanField(L_("Turn this group around: the person must not match it"))
    conditions = FieldList(FormField(ConditionForm), min_entries=2)


class RuleForm(RevisionFields, FlaskForm):
    mode = SelectField(
        L_("Edit the rule"),
        choices=[
            SelectChoice("form", L_("with the form")),
            SelectChoice("json", L_("as JSON Logic (for experts)")),
        ],
    )
    combinator = SelectField(
        L_("Combine"),
        choices=[
            SelectChoice("all", L_("All of these must be true")),
            SelectChoice("any", L_("At least one of these must be true")),
        ],
    )
    negate = BooleanField(L_("Turn the whole rule around: the person must not match it"))
    conditions = FieldList(FormField(ConditionForm), min_entries=3)
    groups = FieldList(FormField(GroupForm), min_entries=1)
    raw = TextAreaField(L_("JSON Logic"), validators=[Optional(), Length(max=20_000)])
    reference_text = StringField(
        L_("Legal reference (e.g. the law and paragraph)"), validators=[Optional(), Length(max=500)]
    )
    reference_url = URLField(
        L_("Link to the legal text"),
        validators=WEB_ADDRESS,
    )
    applies_from = DateField(
        L_("The new rule applies from (empty: as soon as it is published)"),
        validators=[Optional()],
    )
    applies_until = DateField(
        L_("The rule applies until (empty: no end date)"), validators=[Optional()]
    )
    extra_persona = TextAreaField(
        L_("Try it with a person of your own: one fact per line, e.g. age = 17"),
        validators=[Optional(), Length(max=2_000)],
    )

    def validate_applies_until(self, field):  # type: ignore[no-untyped-def]
        starts = self.applies_from.data
        if field.data is not None and starts is not None and field.data < starts:
            raise ValidationError(L_("The rule cannot end before it starts."))
