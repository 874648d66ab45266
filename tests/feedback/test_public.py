"""The public side of feedback, through the test client with no JavaScript: links on every
kind of public page, the form (yes / no / wrong information, comment), CSRF, validation that
loses nothing typed, masking, what is (not) stored, unknown pages, the rate limit."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.feedback.models import Feedback
from navigator.feedback.privacy import EMAIL_REMOVED, PHONE_REMOVED
from navigator.pathway.engine import Answers
from navigator.questionnaire import token as tokens
from tests.conftest import csrf_token
from tests.feedback.conftest import SERVICE, form_page, links, send, stored

pytestmark = pytest.mark.usefixtures("no_feedback")


def test_public_pages_stay_cacheable_and_link_to_the_feedback_page(app):
    client = app.test_client()
    client.set_cookie("locale", "en")  # a returning reader: no language cookie to set
    response = client.get("/en/services/language-cafe")
    assert response.status_code == 200
    # No form, so no session: every reader gets the same page, from any cache.
    assert "Set-Cookie" not in response.headers
    assert 'name="csrf_token"' not in response.text
    assert response.headers["ETag"]
    assert "public" in response.headers["Cache-Control"]
    assert links(response.text) == [
        f"/en/feedback?page={SERVICE}&helpful=yes",
        f"/en/feedback?page={SERVICE}&helpful=no",
        f"/en/feedback?page={SERVICE}&report=1",
    ]


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/de/organisations/city-library", "organisation:city-library"),
        ("/ar/topics/housing", "topic:housing"),
    ],
)
def test_organisation_and_topic_pages_have_the_links(app, path, page):
    response = app.test_client().get(path)
    locale = path.split("/")[1]
    assert f"/{locale}/feedback?page={page}&report=1" in links(response.text)
    assert response.headers["ETag"]


def test_the_page_cache_still_keeps_a_page_with_the_links(app, make_app):
    cached = make_app(DATABASE_URL=app.config["DATABASE_URL"], PAGE_CACHE_SIZE=8)
    client = cached.test_client()
    first = client.get("/en/services/language-cafe")
    assert links(first.text)
    assert len(cached.extensions["navigator.pages"]) == 1


def test_the_feedback_page_is_personal_and_preselects_the_answer(app):
    response = form_page(app.test_client(), helpful="no")
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    html = response.text
    assert 'name="csrf_token"' in html
    assert '<input checked id="helpful-1" name="helpful" type="radio" value="no">' in html
    assert "Language café" in html  # the page it is about, linked back
    assert 'href="/en/services/language-cafe"' in html
    assert "Please do not write your name, phone number, e-mail address" in html
    assert 'aria-describedby="comment-hint"' in html
    assert '<legend class="visually-hidden">Was this page helpful?</legend>' in html


@pytest.mark.parametrize(("answer", "kind"), [("yes", "helpful"), ("no", "not_helpful")])
def test_yes_and_no_are_stored_and_thanked(app, answer, kind):
    client = app.test_client()
    response = send(client, helpful=answer, comment="The map helped.")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/feedback/thanks?page={SERVICE}"
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200
    assert 'href="/en/services/language-cafe"' in thanks.text
    assert thanks.headers["Cache-Control"] == "no-store"
    [row] = stored(app)
    assert (row.page_kind, row.page_key, row.kind, row.field) == (
        "service",
        "language-cafe",
        kind,
        None,
    )
    assert (row.comment, row.status, row.locale) == ("The map helped.", "new", "en")


def test_sending_ends_a_session_that_held_only_the_form(app):
    client = app.test_client()
    response = send(client, helpful="yes")
    cookie = app.config["SESSION_COOKIE_NAME"]
    assert any(c.startswith(f"{cookie}=;") for c in response.headers.getlist("Set-Cookie")), (
        "the session cookie is removed"
    )
    assert client.get_cookie(cookie) is None


def test_a_report_names_the_wrong_field(app):
    client = app.test_client()
    page = form_page(client, report="1").text
    assert "Which information is wrong?" in page
    for value in ("address", "hours", "phone", "eligibility", "other"):
        assert f'value="{value}"' in page
    assert 'value="dates"' not in page  # a service has opening hours, not dates
    response = send(client, report="1", field="hours", comment="Closed on Mondays now.")
    assert response.status_code == 302
    assert "report=1" in response.headers["Location"]
    assert "check this information" in client.get(response.headers["Location"]).text
    [row] = stored(app)
    assert (row.kind, row.field, row.comment) == ("report", "hours", "Closed on Mondays now.")


EVENT = "event:language-cafe-thursdays"


def test_an_event_page_takes_reports_of_wrong_dates(app):
    public = app.test_client().get("/ar/events/language-cafe-thursdays")
    assert f"/ar/feedback?page={EVENT}&report=1" in links(public.text)
    assert public.headers["ETag"]  # still one cacheable page for everyone
    client = app.test_client()
    page = form_page(client, page=EVENT, report="1").text
    assert "Language café on Thursday evenings" in page
    assert 'href="/en/events/language-cafe-thursdays"' in page
    assert 'value="dates"' in page and "Dates and times" in page
    assert 'value="hours"' not in page  # an event has dates, not opening hours
    refused = send(client, page=EVENT, report="1", field="hours", comment="Typed and kept")
    assert refused.status_code == 400 and "Typed and kept</textarea>" in refused.text
    response = send(client, page=EVENT, report="1", field="dates", comment="It is on Fridays.")
    assert response.status_code == 302
    [row] = stored(app)
    assert (row.page_kind, row.page_key, row.field) == ("event", "language-cafe-thursdays", "dates")
    unknown = app.test_client().get("/en/feedback", query_string={"page": "event:no-such-event"})
    assert unknown.status_code == 404


def test_a_report_without_a_field_keeps_the_comment(app):
    response = send(app.test_client(), report="1", comment="Wrong <b>street</b>")
    assert response.status_code == 400
    assert "Please choose which information is wrong." in response.text
    assert "Wrong &lt;b&gt;street&lt;/b&gt;</textarea>" in response.text
    assert 'href="#field-field"' in response.text
    assert stored(app) == []


def test_no_answer_and_a_too_long_comment_are_explained(app):
    long = "x" * 1001
    response = send(app.test_client(), comment=long)
    assert response.status_code == 400
    assert "Please choose “Yes” or “No”." in response.text
    assert "Please shorten your comment to 1000 characters or fewer." in response.text
    assert long + "</textarea>" in response.text
    assert stored(app) == []


def test_a_post_without_the_csrf_token_is_refused_and_keeps_the_text(app):
    client = app.test_client()
    response = client.post(
        "/en/feedback", data={"page": SERVICE, "helpful": "no", "comment": "Still here"}
    )
    assert response.status_code == 400
    assert "the form had expired" in response.text
    assert "Still here</textarea>" in response.text
    response = client.post(
        "/en/feedback",
        data={"page": SERVICE, "helpful": "no", "csrf_token": "forged", "comment": "x"},
    )
    assert response.status_code == 400
    assert stored(app) == []


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Write to ana.maria+x@example.org please", f"Write to {EMAIL_REMOVED} please"),
        ("MAIL: Ömer@beispiel.de.", f"MAIL: {EMAIL_REMOVED}."),
        ("Call +49 30 1234567 today", f"Call {PHONE_REMOVED} today"),
        ("mobile 0176 12345678", f"mobile {PHONE_REMOVED}"),
        ("(030) 123 456 78 or 030/1234567", f"{PHONE_REMOVED} or {PHONE_REMOVED}"),
        ("0049 30 12345678", PHONE_REMOVED),
        ("+49 (0) 30 123 456-78", PHONE_REMOVED),
        ("Ukraine: +380 44 123 4567", f"Ukraine: {PHONE_REMOVED}"),
        ("رقمي ٠١٧٦١٢٣٤٥٦٧٨ شكرا", f"رقمي {PHONE_REMOVED} شكرا"),
        # What reports are about stays: hours, dates, house numbers and postcodes.
        (
            "Open 10:00-14:00 since 12.03.2026, Hauptstraße 12, 10115 Berlin",
            "Open 10:00-14:00 since 12.03.2026, Hauptstraße 12, 10115 Berlin",
        ),
    ],
)
def test_contact_details_are_masked_before_storing(app, typed, kept):
    assert send(app.test_client(), helpful="no", comment=typed).status_code == 302
    [row] = stored(app)
    assert row.comment == kept


def test_nothing_about_the_sender_is_stored(app):
    client = app.test_client()
    send(client, helpful="no", comment="Nothing personal\x00 here")
    # The table has no column for an address, a session or a token…
    columns = {column.name for column in Feedback.__table__.columns}
    assert columns == {
        "id",
        "created_at",
        "locale",
        "page_kind",
        "page_key",
        "kind",
        "field",
        "comment",
        "status",
    }
    # …and no value holds the client's address; the time is kept to the hour only.
    [row] = stored(app)
    values = [str(getattr(row, name)) for name in columns]
    assert not any("127.0.0.1" in value for value in values)
    assert row.comment == "Nothing personal here"
    assert (row.created_at.minute, row.created_at.second) == (0, 0)


def _plan_token(app) -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return tokens.encode(Answers(values={"age": 30}, order=("age",)))


def test_plan_feedback_stores_no_token_and_leads_back_to_the_plan(app):
    client = app.test_client()
    token = _plan_token(app)
    plan = client.get("/en/plan", query_string={"t": token})
    assert plan.status_code == 200
    assert f"/en/feedback?page=plan&helpful=no&t={token}" in links(plan.text)
    page = form_page(client, page="plan", helpful="no", t=token).text
    assert f'value="{token}"' in page  # rides along in the form, to lead back
    response = client.post(
        "/en/feedback",
        data={"csrf_token": csrf_token(page), "page": "plan", "helpful": "no", "t": token},
    )
    assert response.status_code == 302
    thanks = client.get(response.headers["Location"])
    assert f'href="/en/plan?t={token}"' in thanks.text
    [row] = stored(app)
    assert (row.page_kind, row.page_key) == ("plan", "")
    with app.app_context():
        values = db.session.execute(select(Feedback.__table__)).one()
    assert not any(token in str(value) for value in values)


def test_a_forged_plan_token_is_dropped(app):
    page = form_page(app.test_client(), page="plan", t="not-a-token").text
    assert '<input id="t" name="t" type="hidden" value="">' in page
    assert 'href="/en/start"' in page


@pytest.mark.parametrize(
    "page",
    [
        "service:no-such-service",
        "service:",
        "service",
        "organisation:../../etc",
        "topic:no-such-topic",
        "plan:someone",
        "search:",
        "search:   !!",
        "https://evil.example/",
        "//evil.example",
        "",
        "service:" + "a" * 400,
    ],
)
def test_unknown_pages_are_not_found(app, page):
    client = app.test_client()
    assert client.get("/en/feedback", query_string={"page": page}).status_code == 404
    assert client.get("/en/feedback/thanks", query_string={"page": page}).status_code == 404


def test_posting_for_an_unknown_page_is_not_found(app):
    response = send(app.test_client(), helpful="yes")
    assert response.status_code == 302
    client = app.test_client()
    token = csrf_token(form_page(client).text)
    response = client.post(
        "/en/feedback",
        data={"csrf_token": token, "page": "service:no-such-service", "helpful": "no"},
    )
    assert response.status_code == 404
    assert len(stored(app)) == 1


def test_unpublished_services_are_not_found(app):
    from navigator.directory.models import Service

    def set_status(status: str) -> None:
        with app.app_context():
            service = db.session.scalars(
                select(Service).where(Service.slug == "gp-registration-help")
            ).one()
            service.status = status
            db.session.commit()

    page = {"page": "service:gp-registration-help"}
    assert app.test_client().get("/en/feedback", query_string=page).status_code == 200
    set_status("draft")
    try:
        assert app.test_client().get("/en/feedback", query_string=page).status_code == 404
    finally:
        set_status("published")


def test_feedback_is_rate_limited(app, make_app):
    limited = make_app(
        DATABASE_URL=app.config["DATABASE_URL"],
        RATELIMIT_ENABLED=True,
        FEEDBACK_RATE_LIMIT="2 per hour",
        RATELIMIT_KEY_PREFIX=f"feedback-test-{uuid.uuid4().hex}",
    )
    client = limited.test_client()
    for _ in range(2):
        assert send(client, helpful="yes").status_code == 302
    refused = send(client, helpful="yes")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert form_page(client).status_code == 200  # reading the form is not limited
    assert len(stored(app)) == 2
