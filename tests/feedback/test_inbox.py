"""The editors' feedback inbox: who sees what (permissions.allowed), filters, the status form
and its server-side check, links to the edit forms, the dashboard's lists, and purging."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.feedback import operations
from navigator.feedback.models import Feedback, ZeroResultSearch
from tests.conftest import FIXED_NOW, csrf_token

OWN_SERVICE, OTHER_SERVICE = "language-cafe", "gp-registration-help"
OWN_ORG, OTHER_ORG = "city-library", "health-department"
#: (page kind, key, kind, field, comment)
FEEDBACK = [
    ("service", OWN_SERVICE, "report", "hours", "own service hours"),
    ("service", OTHER_SERVICE, "report", "phone", "other service phone"),
    ("organisation", OWN_ORG, "not_helpful", None, "own organisation"),
    ("organisation", OTHER_ORG, "helpful", None, "other organisation"),
    ("topic", "housing", "not_helpful", None, "housing topic"),
    ("plan", "", "helpful", None, "a plan"),
    ("search", "xylophon", "not_helpful", None, "a search"),
    ("event", "language-cafe-thursdays", "report", "dates", "own event dates"),
    ("event", "work-permit-info-sessions", "report", "address", "other event address"),
]
ALL = {row[-1] for row in FEEDBACK}
OWN = {"own service hours", "own organisation", "own event dates"}

pytestmark = pytest.mark.usefixtures("no_feedback")


@pytest.fixture
def feedback(app):  # type: ignore[no-untyped-def]
    """comment -> id of one piece of feedback on each kind of page (own and other's)."""
    ids = {}
    with app.app_context():
        for number, (page_kind, key, kind, field, comment) in enumerate(FEEDBACK):
            row = operations.record(
                db.session,
                locale="de",
                page_kind=page_kind,
                page_key=key,
                kind=kind,
                field=field,
                comment=comment,
                region="DE",
                at=FIXED_NOW - dt.timedelta(hours=number),
            )
            ids[comment] = row.id
        db.session.commit()
    return ids


def comments(html: str) -> set[str]:
    return set(re.findall(r'<p class="feedback-comment"[^>]*>([^<]*)</p>', html))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", ALL), ("city_editor", ALL), ("author", ALL), ("organisation_editor", OWN)],
)
def test_each_account_sees_the_feedback_on_what_it_may_edit(signed_in, feedback, role, expected):
    response = signed_in(role).get("/editor/feedback")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert comments(response.text) == expected


@pytest.mark.parametrize("role", ["translator", "observer"])
def test_accounts_that_edit_nothing_have_no_inbox(signed_in, feedback, role):
    client = signed_in(role)
    assert client.get("/editor/feedback").status_code == 403
    assert 'href="/editor/feedback"' not in client.get("/editor/").text


def test_the_inbox_is_newest_first_and_links_to_the_edit_forms(signed_in, feedback):
    html = signed_in("city_editor").get("/editor/feedback").text
    order = re.findall(r'<p class="feedback-comment"[^>]*>([^<]*)</p>', html)
    assert order == [row[-1] for row in FEEDBACK]
    assert 'href="/editor/services/language-cafe/edit"' in html
    assert 'href="/editor/organisations/health-department/edit"' in html
    assert 'href="/editor/topics/housing/edit"' in html
    assert 'href="/editor/events/work-permit-info-sessions/edit"' in html
    assert 'href="/de/events/language-cafe-thursdays"' in html
    assert 'href="/de/services/language-cafe"' in html  # the public page, in its language
    assert 'href="/editor/feedback"' in html  # in the navigation
    scoped = signed_in("organisation_editor").get("/editor/feedback").text
    assert 'href="/editor/services/language-cafe/edit"' in scoped
    assert "gp-registration-help" not in scoped
    assert 'href="/editor/events/language-cafe-thursdays/edit"' in scoped
    assert "work-permit-info-sessions" not in scoped


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"page_kind": "service"}, {"own service hours", "other service phone"}),
        (
            {"kind": "report"},
            {"own service hours", "other service phone", "own event dates", "other event address"},
        ),
        ({"page_kind": "event"}, {"own event dates", "other event address"}),
        ({"page_kind": "organisation", "kind": "helpful"}, {"other organisation"}),
        ({"status": "resolved"}, set()),
        ({"status": "new", "page_kind": "plan"}, {"a plan"}),
        ({"page_kind": "service", "key": OWN_SERVICE}, {"own service hours"}),
        # Unknown values are no filter (and no error).
        ({"status": "bogus", "page_kind": "<script>"}, ALL),
        ({"page": "x"}, ALL),
    ],
)
def test_filters(signed_in, feedback, query, expected):
    response = signed_in("city_editor").get("/editor/feedback", query_string=query)
    assert response.status_code == 200
    assert comments(response.text) == expected


def test_a_page_past_the_end_is_not_found(signed_in, feedback):
    assert signed_in("admin").get("/editor/feedback?page=9").status_code == 404


def _status(app, feedback_id: int) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.get(Feedback, feedback_id).status


def test_the_status_changes_and_the_filters_are_kept(app, signed_in, feedback):
    client = signed_in("organisation_editor")
    page = client.get("/editor/feedback?kind=report").text
    response = client.post(
        f"/editor/feedback/{feedback['own service hours']}/status",
        data={
            "csrf_token": csrf_token(page),
            "status": "resolved",
            "next": "/editor/feedback?kind=report",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/editor/feedback?kind=report"
    assert _status(app, feedback["own service hours"]) == "resolved"
    assert "Feedback marked as “Resolved”." in client.get(response.headers["Location"]).text
    resolved = client.get("/editor/feedback?status=resolved").text
    assert comments(resolved) == {"own service hours"}


def test_a_crafted_status_post_on_another_organisations_feedback_is_refused(
    app, signed_in, feedback
):
    client = signed_in("organisation_editor")
    token = csrf_token(client.get("/editor/feedback").text)
    for comment in (
        "other service phone",
        "other organisation",
        "housing topic",
        "a plan",
        "other event address",
    ):
        response = client.post(
            f"/editor/feedback/{feedback[comment]}/status",
            data={"csrf_token": token, "status": "spam"},
        )
        assert response.status_code == 403, comment
        assert _status(app, feedback[comment]) == "new"


def test_status_posts_need_a_token_a_known_status_and_a_known_item(app, signed_in, feedback):
    client = signed_in("city_editor")
    item = feedback["a plan"]
    assert (
        client.post(f"/editor/feedback/{item}/status", data={"status": "read"}).status_code == 400
    )
    token = csrf_token(client.get("/editor/feedback").text)
    response = client.post(
        f"/editor/feedback/{item}/status",
        data={"csrf_token": token, "status": "deleted", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/editor/"
    assert "Please choose one of the statuses shown." in client.get("/editor/").text
    assert _status(app, item) == "new"
    missing = client.post("/editor/feedback/999999/status", data={"csrf_token": token})
    assert missing.status_code == 404


def _count_search(app, query: str, locale: str, times: int, days_ago: int = 0) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        day = FIXED_NOW.date() - dt.timedelta(days=days_ago)
        for _ in range(times):
            operations.record_zero_result(db.session, query=query, locale=locale, day=day)
        db.session.commit()


def test_the_dashboard_lists_the_most_reported_listings(app, signed_in, feedback):
    with app.app_context():
        for _ in range(2):
            operations.record(
                db.session,
                locale="en",
                page_kind="service",
                page_key=OTHER_SERVICE,
                kind="report",
                field="address",
                comment="",
                region="DE",
                at=FIXED_NOW,
            )
        db.session.commit()
    html = signed_in("city_editor").get("/editor/").text
    section = html[html.index("Most reported listings") :]
    assert section.index("/editor/services/gp-registration-help/edit") < section.index(
        "/editor/services/language-cafe/edit"
    )
    assert "3 reports" in section and "1 report" in section
    assert "page_kind=service&amp;key=gp-registration-help&amp;kind=report" in section
    own = signed_in("organisation_editor").get("/editor/").text
    own = own[own.index("Most reported listings") :]
    assert "/editor/services/language-cafe/edit" in own
    assert "gp-registration-help" not in own


def test_the_dashboard_lists_searches_that_found_nothing_per_locale(app, signed_in):
    _count_search(app, "kita anmeldung", "de", 12)
    _count_search(app, "kita anmeldung", "de", 3, days_ago=30)
    _count_search(app, "xylophon", "de", 2)
    _count_search(app, "ancient", "de", 50, days_ago=91)  # older than 90 days
    _count_search(app, "سكن طلاب", "ar", 1)
    for number in range(12):
        _count_search(app, f"rare {number:02d}", "en", 1)
    html = signed_in("city_editor").get("/editor/").text
    section = html[html.index("Searches that found nothing") :]
    assert section.index("kita anmeldung") < section.index("xylophon")
    assert "kita anmeldung</bdi> (15)" in section
    assert "xylophon</bdi> (fewer than 10)" in section  # small counts are not shown
    assert "ancient" not in section
    assert "سكن طلاب" in section
    assert "rare 09" in section and "rare 10" not in section  # ten per locale
    assert (
        "Searches that found nothing" not in signed_in("organisation_editor").get("/editor/").text
    )


def test_feedback_purge_deletes_what_is_past_its_retention(app):
    with app.app_context():
        for days in (366, 364):
            operations.record(
                db.session,
                locale="en",
                page_kind="plan",
                page_key="",
                kind="helpful",
                field=None,
                comment=f"{days} days old",
                region="DE",
                at=FIXED_NOW - dt.timedelta(days=days),
            )
        db.session.commit()
    _count_search(app, "old", "en", 1, days_ago=400)
    _count_search(app, "recent", "en", 1, days_ago=10)
    result = app.test_cli_runner().invoke(args=["feedback", "purge"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 feedback item(s) and 1 zero-result search count(s)" in result.output
    with app.app_context():
        assert list(db.session.scalars(select(Feedback.comment))) == ["364 days old"]
        assert list(db.session.scalars(select(ZeroResultSearch.query))) == ["recent"]


def test_the_retention_period_is_a_setting(make_app, app):
    short = make_app(DATABASE_URL=app.config["DATABASE_URL"], FEEDBACK_RETENTION_DAYS=30)
    _count_search(app, "recent", "en", 1, days_ago=31)
    result = short.test_cli_runner().invoke(args=["feedback", "purge"])
    assert "and 1 zero-result search count(s) older than 30 days" in result.output
    refused = make_app(DATABASE_URL=app.config["DATABASE_URL"], FEEDBACK_RETENTION_DAYS=0)
    result = refused.test_cli_runner().invoke(args=["feedback", "purge"])
    assert result.exit_code != 0
    assert "at least 1" in result.output
