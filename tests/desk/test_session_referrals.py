"""A referral as a step of the desk session: the consent form posted with the session's
token, the receipt going back to the plan, and the hand-over (page and PDF) printing each
referral's consent and private link (issue 11, point 3)."""

from __future__ import annotations

import re

import pypdfium2
import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.desk import state
from navigator.questionnaire import token as tokens
from navigator.referrals.models import Referral
from tests.conftest import csrf_token
from tests.desk.conftest import Session, token_of

CONSENT = {
    "share_name": "y",
    "name": "Amal K.",
    "share_language": "y",
    "share_need": "y",
    "retention": "90",
    "consent": "y",
    "send": "y",
}


def _refer_buttons(html: str) -> list[str]:
    return re.findall(r'name="refer" value="([^"]+)"', html)


@pytest.fixture
def planned(desk):  # type: ignore[no-untyped-def]
    session = Session(desk, staff="de", visitor="ar")
    session.answer(["housing", "health"])
    session.answer("international_protection")
    session.post(show_plan="y")
    assert session.response.status_code == 200
    return session


def _service_of(html: str) -> str:
    match = re.search(r'name="service" type="hidden" value="([^"]+)"', html)
    assert match, "the page is not the session's consent form"
    return match.group(1)


def _refer(session: Session, service: str | None = None) -> str:
    """Open the consent form from the plan for `service` (the first step's by default)."""
    service = service or _refer_buttons(session.html)[0]
    response = session.post("/desk/sessions/refer", refer=service)
    assert response.status_code == 200, response.text[:500]
    return service


def _session_of(app, html: str) -> state.DeskSession:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return state.unseal(token_of(html))


def test_each_plan_step_refers_within_the_session(planned, app):
    buttons = _refer_buttons(planned.html)
    assert buttons, "every plan step offers a referral"
    assert 'target="_blank"' not in planned.html  # no second tab that the session cannot see
    service = _refer(planned)
    html = planned.html
    assert _service_of(html) == service
    # The consent form in the visitor's language first, then the staff's.
    html = html[html.index("<main") :]
    assert html.index('lang="ar" dir="rtl"') < html.index('lang="de" dir="ltr"')
    assert 'name="consent"' in html and 'name="send" type="hidden" value="y"' in html
    # The housing need travels from the session's answers, not from the browser.
    assert 'name="share_need"' in html
    # The session is intact in the form.
    assert _session_of(app, html).answers == _session_of(app, planned.html).answers


def test_sending_keeps_the_referral_in_the_session_and_goes_back_to_the_plan(planned, app):
    service = _refer(planned)
    response = planned.post("/desk/sessions/refer", service=service, **CONSENT)
    assert response.status_code == 200, response.text[:500]
    receipt = response.text
    link = re.search(r'<code dir="ltr">([^<]+/ar/referral/([\w-]+))</code>', receipt)
    assert link, "the receipt shows the private link"
    session = _session_of(app, receipt)
    assert len(session.referrals) == 1 and session.referrals[0].link == link.group(2)
    with app.app_context():
        referral = db.session.get(Referral, session.referrals[0].id)
        assert referral.service.slug == service and referral.retention_days == 90
        assert referral.consent_locale == "ar" and referral.staff_locale == "de"
    # "Back to the plan" posts the session with its referral; the plan lists it.
    planned.post(show_plan="y")
    plan = planned.response.text
    assert planned.response.status_code == 200
    assert "session-referrals-heading" in plan
    assert len(_session_of(app, plan).referrals) == 1


def test_the_hand_over_prints_each_referral_s_consent_and_private_link(planned, app):
    service = _refer(planned)
    planned.post("/desk/sessions/refer", service=service, **CONSENT)
    link = re.search(r'<code dir="ltr">([^<]+/ar/referral/[\w-]+)</code>', planned.html).group(1)
    planned.post(show_plan="y")
    plan_html = planned.html
    planned.post("/desk/sessions/handover")
    html = planned.response.text
    section = html[html.index('class="handover-referral"') :]
    section = section[: section.index("</section>")]
    # The consent in both languages, the visitor's first: with whom, what, until when.
    arabic, german = section.index('lang="ar" dir="rtl"'), section.index('lang="de" dir="ltr"')
    assert arabic < german
    assert "zugestimmt" in section  # "… you agreed …", in German on the staff's side
    assert section.count("<li>") == 2 * 3  # name, language, need: named, in both languages
    assert "Amal" not in section  # what is shared is named, never printed from the record
    assert link in section and "<svg" in section  # the private link and its QR code
    # The PDF prints it too.
    response = planned.client.post(
        "/desk/sessions/handover.pdf",
        data={"csrf_token": csrf_token(plan_html), "t": token_of(plan_html)},
    )
    assert response.status_code == 200
    document = pypdfium2.PdfDocument(response.data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert link.split("/referral/")[1] in re.sub(r"\s+", "", text)


def _count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return len(db.session.scalars(select(Referral.id)).all())


def test_a_consent_form_with_errors_loses_nothing(planned, app):
    before = _count(app)
    service = _refer(planned)
    data = {**CONSENT, "consent": "", "name": "Amal K."}
    response = planned.post("/desk/sessions/refer", service=service, **data)
    assert response.status_code == 400
    assert 'value="Amal K."' in response.text
    assert _service_of(response.text) == service
    assert _session_of(app, response.text).referrals == ()
    assert _count(app) == before  # nothing is sent without the consent box


def test_an_expired_form_token_keeps_the_consent_form_as_typed(planned, app):
    service = _refer(planned)
    form = {
        "csrf_token": "expired",
        "t": token_of(planned.html),
        "service": service,
        **CONSENT,
        "name": "Kept Name",
    }
    response = planned.client.post("/desk/sessions/refer", data=form)
    assert response.status_code == 400
    assert 'value="Kept Name"' in response.text and _service_of(response.text) == service
    planned.response = response  # sending it again with the new form token sends it
    again = planned.post("/desk/sessions/refer", service=service, **{**CONSENT, "name": "Kept"})
    assert again.status_code == 200 and "/ar/referral/" in again.text


def test_cancel_goes_back_to_the_plan_with_nothing_sent(planned, app):
    _refer(planned)
    assert 'formaction="/desk/sessions/step"' in planned.html
    response = planned.post(show_plan="y")
    assert response.status_code == 200 and _session_of(app, response.text).referrals == ()


def test_another_centre_s_referral_is_not_printed(planned, app):
    """A session token names referrals by id; the hand-over shows only those this account
    may see (a token is the server's own, but the check is the same as everywhere)."""
    service = _refer(planned)
    planned.post("/desk/sessions/refer", service=service, **CONSENT)
    with app.test_request_context():
        session = state.unseal(token_of(planned.html))
        with app.app_context():
            referral = db.session.get(Referral, session.referrals[0].id)
            referral.location_id = None
            referral.sent_by_id = None
            db.session.commit()
        forged = state.seal(session)
    response = planned.client.post(
        "/desk/sessions/handover",
        data={"csrf_token": csrf_token(planned.html), "t": forged},
    )
    assert response.status_code == 200 and 'class="handover-referral"' not in response.text


def test_a_token_with_malformed_referrals_is_refused(app):
    with app.test_request_context():
        good = state.DeskSession(staff="de", visitor="ar").with_referral(7, "a" * 40)
        assert state.unseal(state.seal(good)).referrals == good.referrals
        payload = tokens.unseal(state.seal(good))
        for bad in (["x"], [[7]], [["7", "link"]], [[7, ""]], [[7, "a" * 101]], "7", [[7, 8]]):
            payload["desk"]["referrals"] = bad
            with pytest.raises(tokens.TokenError):
                state.unseal(tokens.seal(payload))
        many = state.DeskSession(staff="de", visitor="ar")
        for number in range(state.REFERRALS_MAX + 5):
            many = many.with_referral(number, "link")
        assert len(many.referrals) == state.REFERRALS_MAX
