"""The adaptive questionnaire and the personal plan. Stateless: the answers live in a
signed token in the URL and the form; the server stores nothing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from navigator.i18n import _
from navigator.pathway import engine
from navigator.questionnaire import flow, plan_view
from navigator.questionnaire import operations as ops
from navigator.questionnaire import token as tokens
from navigator.questionnaire.bounds import bounded
from navigator.questionnaire.forms import build_form
from navigator.statistics.public import count_plan

STEPS_PER_PHASE = 12


def _answers_or_restart() -> engine.Answers | None:
    try:
        answers = tokens.decode(request.values.get("t"))
    except tokens.TokenError:
        return None
    # Only what this pack can ask (a token may predate a content change).
    return bounded(answers, ops.catalog())


def _expired() -> Response:
    flash(
        _("Your answers could not be read: the link is too old or was changed. Please start again.")
    )
    return redirect(url_for("questionnaire.start"))


def _question_page(  # type: ignore[no-untyped-def]
    fact, answers: engine.Answers, nxt: engine.NextQuestion | None, form=None, status: int = 200
):
    """One question. `nxt` is the engine's view of this step (None when the person chose to
    change an earlier answer): it gives the "questions left" line and the offer to stop."""
    row = ops.fact_row(fact.key)
    if row is None:
        abort(404)
    if form is None:
        form = flow.answered_form(fact, answers)
    token = tokens.encode(answers)
    form.t.data = token
    form.fact.data = fact.key
    progress = (
        nxt if nxt is not None and nxt.fact is not None and nxt.fact.key == fact.key else None
    )
    return (
        render_template(
            "questionnaire/step.html",
            fact=fact,
            row=row,
            form=form,
            progress=progress,
            stop_offer=flow.stop_offer(answers, progress),
            token=token,
            hints=flow.option_hints(fact),
            answered=len(answers.order),
            can_go_back=bool(answers.order),
        ),
        status,
    )


def start():  # type: ignore[no-untyped-def]
    if request.method == "POST":
        return _submit()
    answers = _answers_or_restart()
    if answers is None:
        return _expired()
    catalog = ops.catalog()
    edit = request.args.get("edit")
    if edit:
        fact = catalog.facts.get(edit)
        if fact is None or not fact.asked:
            abort(404)
        return _question_page(fact, answers, None)
    nxt = flow.next_question(answers)
    # "Show my plan now" comes here (stop=1), and a new answer (finish=1): the one place a
    # questionnaire is finished, so the plan is counted once, never on the plan page.
    stopping = request.args.get("stop") == "1" and flow.stop_offer(answers, nxt) is not None
    if nxt.fact is None or stopping:
        if stopping or request.args.get("finish") == "1":
            count_plan(answers)
        return redirect(url_for("questionnaire.plan", t=tokens.encode(answers)))
    return _question_page(nxt.fact, answers, nxt)


def _submit():  # type: ignore[no-untyped-def]
    answers = _answers_or_restart()
    if answers is None:
        return _expired()
    catalog = ops.catalog()
    fact = catalog.facts.get(request.form.get("fact", ""))
    if fact is None or not fact.asked:
        abort(400)
    form = build_form(fact, ops.choices(fact), formdata=request.form)
    if form.back.data:
        previous, _last = tokens.without_last(answers)
        return redirect(url_for("questionnaire.start", t=tokens.encode(previous)))
    if not flow.accepted(form):
        # The same question again, with what was typed or chosen and what to do instead.
        return _question_page(fact, answers, flow.next_question(answers), form=form, status=400)
    # A first answer may finish the questionnaire; a changed one finished it before.
    finish = {"finish": 1} if fact.key not in answers.order else {}
    answers = flow.answered(fact, form, answers)
    return redirect(url_for("questionnaire.start", t=tokens.encode(answers), **finish))


def plan():  # type: ignore[no-untyped-def]
    answers = _answers_or_restart()
    if answers is None:
        return _expired()
    # The page itself is built in plan_view (what each step shows).
    return plan_view.render(answers, STEPS_PER_PHASE, show_all=request.args.get("all") == "1")
