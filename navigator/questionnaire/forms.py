"""One WTForms form per question type; labels and messages in the reader's language."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    SubmitField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import TextInput

from navigator.i18n import L_
from navigator.pathway.catalog import FactSpec

YES, NO = "yes", "no"


INVALID_CHOICE = L_("Please choose one of the answers shown.")
NOTHING_CHOSEN = L_(
    "Choose at least one topic, or press “I don't know / prefer not to say” to see services "
    "for everything."
)
NOT_A_NUMBER = L_("Please enter a number, or press “I don't know”.")
NOT_WHOLE = L_("Please enter a whole number, without a decimal point.")
# Separators people type: Arabic decimal and thousands signs, the decimal comma; marks
# that right-to-left keyboards insert around digits.
_SEPARATORS = str.maketrans(
    {
        "\u066b": ".",
        "\u066c": None,
        ",": ".",
        "\u200e": None,
        "\u200f": None,
        "\u061c": None,
        "'": None,
    }
)


def normalise_number(text: str) -> str:
    """ASCII digits for any script's digits (Arabic ٠-٩, Persian ۰-۹, …), a dot for the
    decimal sign, no spaces or thousands marks: "١٧" and "۱۷" are 17."""
    digits = "".join(
        str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c
        for c in text
        if not c.isspace()
    )
    return digits.translate(_SEPARATORS)


class NumberField(DecimalField):
    """A number typed as text: type=number inputs drop Arabic and Persian digits."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            text = normalise_number(str(valuelist[0]))
            if text.count(".") > 1:
                text = text.replace(".", "", text.count(".") - 1)  # 1.000.5: thousands marks
            valuelist = [text]
        super().process_formdata(valuelist)


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        # Each box once: a form posted by hand may repeat one value thousands of times.
        super().process_formdata(list(dict.fromkeys(valuelist)))

    def pre_validate(self, form: Any) -> None:
        # WTForms' own message repeats the raw value and is not in our catalogs.
        allowed = {choice.value for choice in self.choices}
        if any(value not in allowed for value in self.data or ()):
            raise ValidationError(INVALID_CHOICE)


class ChoiceField(RadioField):
    def pre_validate(self, form: Any) -> None:
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(INVALID_CHOICE)


class StepForm(FlaskForm):
    """Hidden state and the three ways to leave a step."""

    t = HiddenField()
    fact = HiddenField()
    next = SubmitField(L_("Next"))
    dont_know = SubmitField(L_("I don't know / prefer not to say"))
    back = SubmitField(L_("Back"))


def _within(fact: FactSpec):  # type: ignore[no-untyped-def]
    low = fact.minimum if fact.minimum is not None else 0
    high = fact.maximum if fact.maximum is not None else 10**6

    def check(form: Any, field: Any) -> None:
        if field.data is not None and (
            not field.data.is_finite() or not (low <= field.data <= high)
        ):
            raise ValidationError(
                L_(
                    "Please enter a number from %(low)s to %(high)s.",
                    low=_num(low),
                    high=_num(high),
                )
            )

    return check


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def whole_number(fact: FactSpec) -> bool:
    """Ages and months are whole numbers: a number question with whole bounds takes no
    fractions (17.5 is refused with a message, not rounded)."""
    return (
        fact.kind == "number"
        and fact.minimum is not None
        and fact.maximum is not None
        and float(fact.minimum).is_integer()
        and float(fact.maximum).is_integer()
    )


def _whole(form: Any, field: Any) -> None:
    if (
        field.data is not None
        and field.data.is_finite()
        and field.data != field.data.to_integral_value()
    ):
        raise ValidationError(NOT_WHOLE)


def _chosen(form: Any, field: Any) -> None:
    if not field.data:
        raise ValidationError(NOTHING_CHOSEN)


def build_form(
    fact: FactSpec, choices: list[tuple[str, str]], formdata: Any = None, **data: Any
) -> StepForm:
    """A form for one question. `choices` are (value, label) in the reader's language."""

    class QuestionForm(StepForm):
        pass

    options = [SelectChoice(value, label) for value, label in choices]
    required = InputRequired(
        message=L_("Please choose or enter an answer, or press “I don't know”.")
    )
    if fact.kind == "choice":
        field = ChoiceField(choices=options, validators=[required])
    elif fact.kind == "multi":
        # An empty needs answer would show everything: that is what "I don't know" is for.
        field = CheckboxesField(
            choices=options, validators=[_chosen] if fact.key == "needs" else [required]
        )
    elif fact.kind == "boolean":
        field = ChoiceField(
            choices=[SelectChoice(YES, L_("Yes")), SelectChoice(NO, L_("No"))],
            validators=[required],
        )
    elif fact.kind == "number":
        field = NumberField(
            validators=[
                InputRequired(message=NOT_A_NUMBER),
                _within(fact),
                *([_whole] if whole_number(fact) else []),
            ],
            places=None,
            invalid_value_message=NOT_A_NUMBER,
        )
        field.kwargs["render_kw"] = {
            "inputmode": "numeric" if whole_number(fact) else "decimal",
            "autocomplete": "off",
        }
    else:
        field = DateField(
            validators=[InputRequired(message=L_("Please enter a date, or press “I don't know”."))]
        )
    field.kwargs.setdefault("render_kw", {})
    QuestionForm.answer = field
    return QuestionForm(formdata=formdata, **data)


def to_value(fact: FactSpec, data: Any) -> Any:
    """The form's answer as the JSON value rules see."""
    if fact.kind == "boolean":
        return data == YES
    if fact.kind == "number":
        number = float(data)
        return int(number) if number.is_integer() else number
    if fact.kind == "date":
        return data.isoformat()
    if fact.kind == "multi":
        return list(data or [])
    return data


def to_form(fact: FactSpec, value: Any) -> Any:
    if fact.kind == "boolean":
        return YES if value else NO
    if fact.kind == "date" and isinstance(value, str):
        import datetime as dt

        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value
