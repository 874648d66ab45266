"""The adaptive questionnaire and the personal plan. Stateless: the answers live in a
signed token in the URL and the form; the server stores nothing."""

from __future__ import annotations

from functools import lru_cache

import segno
from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from navigator.core.templating import localized
from navigator.directory import queries
from navigator.directory.models.service import PHASES
from navigator.directory.presenters import opening_text
from navigator.i18n import _, format_list
from navigator.pathway import engine
from navigator.pathway.plan import build_plan
from navigator.questionnaire import operations as ops
from navigator.questionnaire import token as tokens
from navigator.questionnaire.forms import build_form, to_form, to_value

STEPS_PER_PHASE = 12


def _answers_or_restart() -> engine.Answers | None:
    try:
        return tokens.decode(request.values.get("t"))
    except tokens.TokenError:
        return None


def _expired() -> Response:
    flash(
        _("Your answers could not be read: the link is too old or was changed. Please start again.")
    )
    return redirect(url_for("questionnaire.start"))


def _question_page(fact, answers: engine.Answers, remaining: int, form=None, status: int = 200):  # type: ignore[no-untyped-def]
    row = ops.fact_row(fact.key)
    if row is None:
        abort(404)
    choices = ops.choices(fact)
    if form is None:
        existing = answers.needs if fact.key == engine.NEEDS else answers.values.get(fact.key)
        data = {"answer": to_form(fact, existing)} if existing is not None else {}
        form = build_form(fact, choices, formdata=None, **data)
    form.t.data = tokens.encode(answers)
    form.fact.data = fact.key
    return (
        render_template(
            "questionnaire/step.html",
            fact=fact,
            row=row,
            form=form,
            remaining=remaining,
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
        return _question_page(fact, answers, 1)
    today = ops.today()
    results = engine.assess(catalog, answers, today)
    nxt = engine.next_question(catalog, answers, results, today)
    if nxt.fact is None:
        return redirect(url_for("questionnaire.plan", t=tokens.encode(answers)))
    return _question_page(nxt.fact, answers, nxt.remaining)


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
    if not form.validate_on_submit() and not (
        form.dont_know.data and not form.errors.get("csrf_token")
    ):
        return _question_page(fact, answers, 1, form=form, status=400)
    if fact.key == engine.NEEDS:
        needs = [] if form.dont_know.data else to_value(fact, form.answer.data)
        answers = tokens.with_needs(answers, needs)
    elif form.dont_know.data:
        answers = tokens.with_answer(answers, fact.key, None, skipped=True)
    else:
        answers = tokens.with_answer(answers, fact.key, to_value(fact, form.answer.data))
    return redirect(url_for("questionnaire.start", t=tokens.encode(answers)))


def plan():  # type: ignore[no-untyped-def]
    answers = _answers_or_restart()
    if answers is None:
        return _expired()
    catalog = ops.catalog()
    today = ops.today()
    result = build_plan(catalog, answers, today)
    show_all = request.args.get("all") == "1"
    # A plan is a short list to act on; in a big city a phase may match hundreds of
    # services, so each phase shows its first steps and links to the whole list.
    shown, hidden = [], {}
    for phase, phase_steps in result.phases():
        limit = len(phase_steps) if show_all else STEPS_PER_PHASE
        shown += phase_steps[:limit]
        hidden[phase] = len(phase_steps) - len(phase_steps[:limit])
    services = {
        s.id: s for s in queries.services_by_ids([st.service.id for st in shown], for_plan=True)
    }
    vocab = ops.explanation_vocabulary()
    token = tokens.encode(answers)
    steps = []
    for step in shown:
        service = services.get(step.service.id)
        if service is None:
            continue
        steps.append(
            {
                "step": step,
                "service": service,
                "explained": ops.explain_service(step.result, answers, vocab),
                "openings": [(p, opening_text(p)) for p in service.locations],
            }
        )
    share_url = url_for("questionnaire.plan", t=token, _external=True)
    qr_svg = Markup(qr_code(share_url, _("QR code: open this plan on another phone")))  # noqa: S704
    gaps = [
        {
            "need": localized_topic(gap.need),
            "alternatives": queries.services_by_ids([s.id for s in gap.alternatives]),
        }
        for gap in result.gaps
    ]
    return render_template(
        "questionnaire/plan.html",
        steps=steps,
        phases=[
            (phase, [s for s in steps if s["step"].phase == phase], hidden[phase])
            for phase, _list in result.phases()
        ],
        gaps=gaps,
        token=token,
        share_url=share_url,
        qr_svg=qr_svg,
        answer_rows=answer_rows(answers),
        phase_titles=PHASES,
    )


@lru_cache(maxsize=512)
def qr_code(url: str, title: str) -> str:
    """segno's own SVG (no user text inside but the escaped title). A fixed mask skips the
    search for the best of eight, which is most of the encoding time for a long URL."""
    return segno.make(url, error="l", mask=2).svg_inline(scale=3, title=title, omitsize=True)


def localized_topic(slug: str):  # type: ignore[no-untyped-def]
    topic = queries.topic_by_slug(slug)
    return localized(topic, "title") if topic else slug


def answer_rows(answers: engine.Answers) -> list[dict]:  # type: ignore[type-arg]
    """The person's answers in words, each with a link to change it."""
    catalog = ops.catalog()
    vocab = ops.explanation_vocabulary()  # option labels in the reader's language, cached
    rows = []
    for key in answers.order:
        fact = catalog.facts.get(key)
        row = ops.fact_row(key)
        if fact is None or row is None or key not in vocab:
            continue
        labels = vocab[key].options
        if key == engine.NEEDS:
            text = format_list([str(labels.get(n, n)) for n in answers.needs]) or _(
                "Nothing chosen"
            )
        elif key in answers.skipped:
            text = _("I don't know / prefer not to say")
        else:
            value = answers.values.get(key)
            if fact.kind == "boolean":
                text = _("Yes") if value else _("No")
            elif fact.kind == "multi":
                text = format_list([str(labels.get(v, v)) for v in value or []])
            elif fact.kind == "choice":
                text = str(labels.get(value, value))
            else:
                text = str(value)
        rows.append({"question": localized(row, "question"), "answer": text, "fact": key})
    return rows
