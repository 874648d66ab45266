"""One step of the questionnaire, shared by the public flow (views.py) and the front desk
(navigator/desk/): which question comes next, when to offer the plan, the form of a question
with the answer given before, and what a submitted form does to the answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from navigator.core.templating import chain
from navigator.db import db
from navigator.facts.models import ResidenceStatus
from navigator.pathway import engine
from navigator.pathway.catalog import FactSpec
from navigator.questionnaire import operations as ops
from navigator.questionnaire import token as tokens
from navigator.questionnaire.forms import StepForm, build_form, to_form, to_value

#: this many "I don't know" answers in a row, and the plan is offered
UNSURE_STREAK = 3
#: when no question left could change more plan steps than this, the plan is offered
SMALL_CHANGE = 2


def next_question(answers: engine.Answers) -> engine.NextQuestion:
    catalog, today = ops.catalog(), ops.today()
    return engine.next_question(catalog, answers, engine.assess(catalog, answers, today), today)


def stop_offer(answers: engine.Answers, nxt: engine.NextQuestion | None) -> str | None:
    """Why "show my plan now" is offered ("unsure" or "little-left"), or None."""
    if not answers.needs_asked:
        return None  # without needs a plan would list everything
    if tokens.dont_know_streak(answers) >= UNSURE_STREAK:
        return "unsure"
    # Never "little is left" before a question that can decide urgent help.
    if nxt is not None and nxt.fact is not None and nxt.impact <= SMALL_CHANGE and not nxt.pressing:
        return "little-left"
    return None


def option_hints(fact: FactSpec) -> dict[str, Any]:
    """Short descriptions shown under options that have one (in the reader's language):
    residence statuses, so that "refugee" and "asylum seeker" can be told apart."""
    row = ops.fact_row(fact.key)
    if row is None or row.options_from != "statuses":
        return {}
    hints = {}
    for status in db.session.scalars(select(ResidenceStatus)):
        description = status.localized("description", chain())
        if description:
            hints[status.value] = description
    return hints


def answered_form(fact: FactSpec, answers: engine.Answers) -> StepForm:
    """The question's form, with the answer given before chosen (to change it)."""
    existing = answers.needs if fact.key == engine.NEEDS else answers.values.get(fact.key)
    data = {"answer": to_form(fact, existing)} if existing is not None else {}
    return build_form(fact, ops.choices(fact), formdata=None, **data)


def accepted(form: StepForm) -> bool:
    """Whether the submitted step moves on: a valid answer, or "I don't know" (which needs
    no answer, but still a valid CSRF token)."""
    return bool(form.validate_on_submit()) or bool(
        form.dont_know.data and not form.errors.get("csrf_token")
    )


def answered(fact: FactSpec, form: StepForm, answers: engine.Answers) -> engine.Answers:
    """The answers with this accepted step's answer (or its "I don't know")."""
    if fact.key == engine.NEEDS:
        needs = [] if form.dont_know.data else to_value(fact, form.answer.data)
        return tokens.with_needs(answers, needs)
    if form.dont_know.data:
        return tokens.with_answer(answers, fact.key, None, skipped=True)
    return tokens.with_answer(answers, fact.key, to_value(fact, form.answer.data))
