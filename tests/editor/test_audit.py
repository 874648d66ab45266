"""The audit log: append-only on both databases, filterable by administrators."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from navigator.db import db
from navigator.editor import audit
from navigator.editor.models import AuditEvent


def test_the_log_refuses_updates_and_deletes(app):
    with app.app_context():
        event = audit.record("export", None, email="(test)", target="pack:demo")
        db.session.commit()
        for statement in (
            update(AuditEvent).where(AuditEvent.id == event.id).values(action="login"),
            delete(AuditEvent).where(AuditEvent.id == event.id),
        ):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.get(AuditEvent, event.id).action == "export"
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text("DELETE FROM audit_event"))
        db.session.rollback()


def test_admins_filter_the_log(app, signed_in, accounts):
    client = signed_in("admin")
    page = client.get("/editor/audit?action=login").text
    assert accounts["admin"] in page
    assert "Signed in" in page and "Failed sign-in" not in page.split("<table", 1)[-1]
    only_mine = client.get(f"/editor/audit?email={accounts['admin']}").text
    assert accounts["observer"] not in only_mine.split("<table", 1)[-1]
    future = client.get("/editor/audit?since=2999-01-01").text
    assert "0 events" in future


def test_bad_filters_get_a_message_not_an_error(signed_in):
    client = signed_in("admin")
    response = client.get("/editor/audit?since=yesterday&until=31.12.2026&action=nonsense&page=x")
    assert response.status_code == 200
    assert "Please enter a date like 2026-12-31." in response.text
    assert 'value="yesterday"' in response.text  # kept as typed
    assert client.get("/editor/audit?page=99999").status_code == 404


@pytest.mark.parametrize("name", ["_external", "_method", "_scheme", "_anchor", "endpoint"])
def test_reserved_names_in_the_query_do_not_reach_url_for(app, signed_in, name):
    client = signed_in("admin")
    with app.app_context():
        for _ in range(60):  # more than one page, so the pager builds its links
            audit.record("export", None, email="(test)", target="pack:demo")
        db.session.commit()
    response = client.get(f"/editor/audit?{name}=POST&action=export")
    assert response.status_code == 200
    assert "page=2" in response.text and name not in response.text.split("pager", 1)[-1]
