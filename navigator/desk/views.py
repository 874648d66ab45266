"""The front desk's pages. Every page after the start answers a POST that carries the
session's encrypted token; nothing of a session is stored (state.py)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from navigator.core.errors import error_page
from navigator.core.templating import localized
from navigator.core.urls import external_url
from navigator.desk import bilingual, pdf, state
from navigator.desk.forms import StartForm
from navigator.desk.languages import speaking
from navigator.desk.state import DeskSession
from navigator.editor.permissions import allowed, require
from navigator.i18n import L_, _, native_name
from navigator.pathway import engine
from navigator.pathway.catalog import FactSpec
from navigator.questionnaire import flow
from navigator.questionnaire import operations as ops
from navigator.questionnaire import token as tokens
from navigator.questionnaire.bounds import bounded
from navigator.questionnaire.forms import StepForm, build_form
from navigator.referrals import views as referral_pages
from navigator.referrals.forms import ConsentForm

Page = str | Response | tuple[str, int] | tuple[Response, int]


def welcome_centre() -> dict[str, Any] | None:
    """The signed-in account's welcome centre (its name and address), if it has one."""
    location = getattr(current_user, "location", None)
    if location is None:
        return None
    return {
        "name": localized(location, "name"),
        "address": f"{location.street}, {location.postcode} {location.city}",
    }


def _start_page(form: StartForm, status: int = 200) -> tuple[str, int]:
    return render_template("desk/start.html", form=form, centre=welcome_centre()), status


@login_required
def start() -> Page:
    require("desk")
    return _start_page(StartForm(formdata=None))


@login_required
def new_session() -> Page:
    """`/desk/sessions/new?staff=de&visitor=ar`: an empty session's first question."""
    require("desk")
    form = StartForm(request.args)
    session = state.open_session(form.staff.data, form.visitor.data) if form.validate() else None
    if session is None:
        return _start_page(form, 400)
    with speaking(session.staff):
        return _next_page(session)


def _posted_session() -> DeskSession | None:
    try:
        session = state.unseal(request.form.get("t"))
    except tokens.TokenError:
        return None
    # Only what this pack can ask (the content may have changed during the session).
    return session.with_answers(bounded(session.answers, ops.catalog()))


def _unreadable() -> tuple[str, int]:
    flash(
        _(
            "The session could not be read: it was changed or is too old. "
            "Please start a new session."
        )
    )
    return _start_page(StartForm(formdata=None), 400)


@login_required
def step() -> Page:
    """Answer, skip, go back, change an earlier answer, or see the plan now."""
    require("desk")
    session = _posted_session()
    if session is None:
        return _unreadable()
    if "interpreter" in request.form:
        session = session.with_interpreter(request.form["interpreter"])
    with speaking(session.staff):
        return _step(session)


def _step(session: DeskSession) -> Page:
    catalog = ops.catalog()
    answers = session.answers
    edit = request.form.get("edit")
    if edit:
        return _question_page(session, _asked(catalog.facts.get(edit)), None)
    if request.form.get("show_plan"):
        return _plan_page(session)
    key = request.form.get("fact")
    if key:
        fact = _asked(catalog.facts.get(key))
        form = build_form(fact, ops.choices(fact), formdata=request.form)
        if form.back.data:
            session = session.with_answers(tokens.without_last(answers)[0])
        elif not flow.accepted(form):
            # The same question again, with what was chosen and what to do instead.
            nxt = flow.next_question(answers)
            return _question_page(session, fact, nxt, form=form, status=400)
        else:
            session = session.with_answers(flow.answered(fact, form, answers))
    return _next_page(session)


def expired_form(error: Exception) -> Any:
    """A desk page whose form token expired (a long conversation, a break): the session is
    in the posted token, so nothing is lost. The page the staff were on comes back with a
    new form token and the last choice not applied; only for desk staff, and only with a
    session token the server made (anyone else gets the app's "form expired" page)."""
    session = _posted_session() if allowed(current_user, "desk") else None
    if session is None or request.endpoint == "desk.close":
        return error_page(
            400,
            L_("This form has expired"),
            L_("For your safety the form has expired. Please go back and try again."),
        )
    if "interpreter" in request.form:
        session = session.with_interpreter(request.form["interpreter"])
    with speaking(session.staff):
        context = _consent_context(session) if request.endpoint == "desk.refer" else None
        if context is not None and request.form.get("send"):
            # The consent form again with all that was typed; sending it again sends it.
            form = referral_pages.consent_form(context, posted=True)
            form.validate()
            return _consent_page(session, form, context)[0], 400
        flash(
            _(
                "This page was open for a long time, so your last choice was not saved. "
                "Nothing else is lost: please choose again."
            )
        )
        fact = ops.catalog().facts.get(request.form.get("fact") or "")
        if request.endpoint == "desk.step" and fact is not None and fact.asked:
            page = _question_page(session, fact, flow.next_question(session.answers))
        else:
            page = _next_page(session)
    body = page[0] if isinstance(page, tuple) else page
    return body, 400


def _asked(fact: FactSpec | None) -> FactSpec:
    if fact is None or not fact.asked:
        abort(400)
    return fact


def _next_page(session: DeskSession) -> Page:
    nxt = flow.next_question(session.answers)
    if nxt.fact is None:
        return _plan_page(session)
    return _question_page(session, nxt.fact, nxt)


def _question_page(
    session: DeskSession,
    fact: FactSpec,
    nxt: engine.NextQuestion | None,
    form: StepForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """One question in both languages. `nxt`: the engine's view of this step (None when an
    earlier answer is being changed)."""
    if ops.fact_row(fact.key) is None:
        abort(404)
    if form is None:
        form = flow.answered_form(fact, session.answers)
    token = state.seal(session)
    form.t.data = token
    form.fact.data = fact.key
    progress = (
        nxt if nxt is not None and nxt.fact is not None and nxt.fact.key == fact.key else None
    )
    visitor, staff = bilingual.question(session, fact)
    return render_template(
        "desk/question.html",
        session=session,
        sides=(visitor, staff),
        fact=fact,
        form=form,
        progress=progress,
        stop_offer=flow.stop_offer(session.answers, progress),
        token=token,
        can_go_back=bool(session.answers.order),
        languages=_languages(session),
    ), status


def _languages(session: DeskSession) -> dict[str, str]:
    return {"staff": native_name(session.staff), "visitor": native_name(session.visitor)}


def _plan_page(session: DeskSession) -> str:
    session, plan = bilingual.plan_shown(session)
    return render_template(
        "desk/plan.html",
        session=session,
        sides=bilingual.sides(session),
        plan=plan,
        referrals=referral_pages.session_referrals(session),
        token=state.seal(session),
        languages=_languages(session),
    )


@login_required
def refer() -> Page:
    """A referral with the visitor's consent, as a step of the session: the consent form
    (from a plan step's "Refer" button), then, once sent, the receipt; the session keeps the
    referral, so the hand-over prints its consent and private link."""
    require("desk")
    session = _posted_session()
    if session is None:
        return _unreadable()
    if "interpreter" in request.form:  # the plan page's note, when it was changed there
        session = session.with_interpreter(request.form["interpreter"])
    with speaking(session.staff):
        context = _consent_context(session)
        if context is None:
            abort(404)
        posted = bool(request.form.get("send"))
        form = referral_pages.consent_form(context, posted=posted)
        if not posted:
            return _consent_page(session, form, context)
        if not form.validate():
            return _consent_page(session, form, context, 400)
        referral, link = referral_pages.send_consented(form, context, session.staff)
        session = session.with_referral(referral.id, link)
        return referral_pages.receipt_page(
            referral, link, context, session.staff, desk_token=state.seal(session)
        )


def _consent_context(session: DeskSession) -> dict[str, Any] | None:
    """The posted service's consent context (None for a service the site does not have),
    for the need it serves among the visitor's."""
    service = request.form.get("service") or request.form.get("refer") or ""
    need = bilingual.need_served(session, service)
    return referral_pages.consent_context(service, need, session.visitor)


def _consent_page(
    session: DeskSession, form: ConsentForm, context: dict[str, Any], status: int = 200
) -> tuple[str, int]:
    desk = {"t": state.seal(session), "service": context["service"].slug}
    return referral_pages.consent_page(form, context, session.staff, desk=desk), status


def _handover(session: DeskSession, *, for_pdf: bool) -> str:
    visitor, staff = bilingual.sides(session)
    titles = bilingual.paired(
        session,
        lambda side: {
            "title": _("Your plan"),
            "qr": _("Scan this code to open the same plan on your phone."),
            "link": _("Link to this plan"),
            "centre": _("Welcome centre"),
            "kept": _("We did not store your answers. Only this paper and the code keep them."),
        },
    )
    with speaking(session.visitor):
        public_url = external_url("questionnaire.plan", t=tokens.encode(session.answers))
    return render_template(
        "desk/handover.html",
        session=session,
        sides=(visitor, staff),
        titles=titles,
        plan=bilingual.plan_parts(session, printed=True),
        public_url=public_url,
        qr_svg=bilingual.qr(public_url, titles[0]["qr"]),
        referrals=referral_pages.session_referrals(session),
        token=state.seal(session),
        centre=welcome_centre(),
        for_pdf=for_pdf,
        today=ops.today(),
    )


@login_required
def handover() -> Page:
    """The printable bilingual hand-over of the session's plan."""
    require("desk")
    session = _posted_session()
    if session is None:
        return _unreadable()
    with speaking(session.staff):
        return _handover(session, for_pdf=False)


@login_required
def handover_pdf() -> Page:
    """The same hand-over as a PDF download."""
    require("desk")
    session = _posted_session()
    if session is None:
        return _unreadable()
    with speaking(session.staff):
        html = _handover(session, for_pdf=True)
        try:
            document = pdf.render(html)
        except pdf.PdfUnavailable:
            message = _(
                "This server cannot make PDF files (WeasyPrint is not installed). "
                "Print the hand-over page instead."
            )
            return render_template(
                "desk/no_pdf.html", message=message, token=state.seal(session)
            ), 503
    response = make_response(document)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="plan.pdf"'
    return response


@login_required
def close() -> Response:
    """Forget the session: nothing was stored, so leaving its pages is all it takes."""
    require("desk")
    flash(_("The session is closed. Nothing of it was kept."))
    return redirect(url_for("desk.start"))
