"""Feedback status changes in the audit log: who changed which feedback on which page, from
what to what, shown on the administrators' audit page; nothing written when nothing
changed or the change was refused, and never a search's words."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from navigator.db import db
from navigator.editor.models import AuditEvent
from navigator.feedback import operations
from navigator.feedback.models import Feedback
from tests.conftest import FIXED_NOW, csrf_token

pytestmark = pytest.mark.usefixtures("no_feedback")


def _feedback(app, page_kind: str = "service", page_key: str = "language-cafe") -> int:  # type: ignore[no-untyped-def]
    """A new piece of feedback. SQLite may give it the id of one deleted before (see
    `no_feedback`): `_lines` reads only the log written after it."""
    with app.app_context():
        row = operations.record(
            db.session,
            locale="ar",
            page_kind=page_kind,
            page_key=page_key,
            kind="report" if page_kind == "service" else "not_helpful",
            field="phone" if page_kind == "service" else None,
            comment="the number is wrong",
            region="DE",
            at=FIXED_NOW - dt.timedelta(hours=1),
        )
        db.session.commit()
        return row.id


@pytest.fixture(autouse=True)
def log_start(app) -> int:  # type: ignore[no-untyped-def]
    """The id of the log's last line before the test."""
    with app.app_context():
        return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def _lines(app, feedback_id: int, after: int) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.target == f"feedback:{feedback_id}", AuditEvent.id > after)
                .order_by(AuditEvent.id)
            )
        )


def _mark(client, feedback_id: int, status: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get("/editor/feedback").text)
    return client.post(
        f"/editor/feedback/{feedback_id}/status", data={"csrf_token": token, "status": status}
    )


def test_each_status_change_is_a_line_with_who_where_and_from_what_to_what(
    app, signed_in, accounts, log_start
):
    item = _feedback(app)
    client = signed_in("organisation_editor")  # language-cafe is their organisation's
    assert _mark(client, item, "read").status_code == 302
    assert _mark(client, item, "resolved").status_code == 302
    lines = _lines(app, item, log_start)
    assert [(line.action, line.email) for line in lines] == [
        ("feedback_status", accounts["organisation_editor"]),
        ("feedback_status", accounts["organisation_editor"]),
    ]
    assert [line.detail for line in lines] == [
        {"page": "service:language-cafe", "before": "new", "after": "read"},
        {"page": "service:language-cafe", "before": "read", "after": "resolved"},
    ]
    with app.app_context():
        assert db.session.get(Feedback, item).status == "resolved"


def test_admins_see_and_filter_the_changes_on_the_audit_page(app, signed_in, accounts):
    item = _feedback(app)
    assert _mark(signed_in("city_editor"), item, "spam").status_code == 302
    admin = signed_in("admin")
    choices = admin.get("/editor/audit").text
    assert '<option value="feedback_status">Changed the status of feedback</option>' in choices
    page = admin.get("/editor/audit?action=feedback_status").text
    table = page.split("<table", 1)[1]
    assert "Changed the status of feedback" in table
    assert "from “New” to “Spam”" in table
    assert f"feedback:{item}" in table and "service:language-cafe" in table
    assert accounts["city_editor"] in table
    assert "Signed in" not in table  # only the action asked for
    # In the admin's language, the statuses are named as the inbox names them there.
    admin.post("/editor/language", data={"csrf_token": csrf_token(choices), "locale": "ar"})
    arabic = admin.get("/editor/audit?action=feedback_status").text.split("<table", 1)[1]
    assert "جديدة" in arabic and "مزعجة (سبام)" in arabic


def test_no_change_no_line(app, signed_in, log_start):
    item = _feedback(app)
    client = signed_in("city_editor")
    assert _mark(client, item, "new").status_code == 302  # the status it has already
    assert _mark(client, item, "deleted").status_code == 302  # not a status: refused
    assert _lines(app, item, log_start) == []


def test_a_refused_change_writes_no_line(app, signed_in, log_start):
    item = _feedback(app, page_key="gp-registration-help")  # another organisation's
    assert _mark(signed_in("organisation_editor"), item, "spam").status_code == 403
    assert _lines(app, item, log_start) == []
    with app.app_context():
        assert db.session.get(Feedback, item).status == "new"


def test_the_log_keeps_no_search_words(app, signed_in, log_start):
    """Feedback and its searches are purged after the retention days; the append-only log
    must not keep what someone searched for."""
    item = _feedback(app, page_kind="search", page_key="wohnung muller strasse")
    assert _mark(signed_in("city_editor"), item, "read").status_code == 302
    (line,) = _lines(app, item, log_start)
    assert line.detail == {"page": "search", "before": "new", "after": "read"}
    assert "muller" not in signed_in("admin").get("/editor/audit?action=feedback_status").text
