"""Keeping listings fresh: due listings on the dashboard, "Confirm still correct" without a
revision, needs the rules leave uncovered, and reminders by e-mail (real SMTP on loopback)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from navigator.db import db
from navigator.directory.models import City, Service
from navigator.editor import freshness
from navigator.editor.models import AuditEvent, Revision
from navigator.facts.models import Persona
from navigator.pathway.source import content_changed
from tests.conftest import FIXED_NOW, csrf_token
from tests.editor.conftest import email_of, sign_in

SLUG = "language-cafe"  # city-library's
TODAY = FIXED_NOW.date()


def _client(app, role: str = "city_editor"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of(role)).status_code == 302
    return client


def test_due_listings_and_confirm_still_correct(editing_app):
    app = editing_app
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        service.last_reviewed = TODAY - dt.timedelta(days=app.config["REVIEW_AFTER_DAYS"] + 1)
        content_changed(db.session)
        db.session.commit()
        version = db.session.scalar(select(City.content_version))
        revisions_before = db.session.scalar(select(func.count()).select_from(Revision))
    client = _client(app, "organisation_editor")
    page = client.get("/editor/").text
    assert "1 due for a check" in page or "due for a check" in page
    row = page.split(f"/editor/services/{SLUG}/edit")[0].rsplit("<tr", 1)[1]
    assert 'class="due"' in row
    response = client.post(
        f"/editor/services/{SLUG}/confirm",
        data={"csrf_token": csrf_token(page), "next": "/editor/"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/editor/"
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        assert service.last_reviewed == TODAY
        assert db.session.scalar(select(func.count()).select_from(Revision)) == revisions_before
        assert db.session.scalar(select(City.content_version)) > version
        assert db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "confirm", AuditEvent.target == f"services:{SLUG}"
            )
        ).first()
    public = app.test_client().get(f"/en/services/{SLUG}").text
    assert "Last checked" in public and "November 24, 2026" in public


def test_needs_the_rules_leave_uncovered_are_listed(editing_app):
    app = editing_app
    with app.app_context():
        persona = next(
            p
            for p in db.session.scalars(select(Persona).order_by(Persona.position))
            if (p.data or {}).get("needs")
        )
        need = persona.data["needs"][0]
        assert (persona.key, need) not in {(u.persona, u.need) for u in freshness.uncovered(TODAY)}
        from navigator.directory.models import Topic
        from navigator.directory.models.service import service_topic

        topic = db.session.scalars(select(Topic).where(Topic.slug == need)).one()
        family = [topic.id, *(child.id for child in topic.children)]
        ids = select(service_topic.c.service_id).where(service_topic.c.topic_id.in_(family))
        hidden = db.session.scalars(
            select(Service).where(Service.id.in_(ids), Service.status == "published")
        ).all()
        for service in hidden:
            service.status = "archived"
        content_changed(db.session)
        db.session.commit()
        try:
            found = {(u.persona, u.need) for u in freshness.uncovered(TODAY)}
            assert (persona.key, need) in found
            page = _client(app).get("/editor/").text
            assert "Needs left without a service" in page and persona.key in page
        finally:
            for service in hidden:
                service.status = "published"
            content_changed(db.session)
            db.session.commit()
    # Organisation editors see their own listings, not the city-wide check.
    assert (
        "Needs left without a service"
        not in _client(app, "organisation_editor").get("/editor/").text
    )


def test_reminders_by_email(editing_app, smtp_server):
    host, port, inbox = smtp_server
    app = editing_app
    app.config.update(MAIL_SERVER=host, MAIL_PORT=port)
    try:
        with app.app_context():
            long_ago = TODAY - dt.timedelta(days=app.config["REVIEW_AFTER_DAYS"] + 30)
            for service in db.session.scalars(select(Service)):
                service.last_reviewed = (
                    long_ago if service.slug in (SLUG, "gp-registration-help") else TODAY
                )
            content_changed(db.session)
            db.session.commit()
        result = app.test_cli_runner().invoke(args=["editors", "remind"])
        assert result.exit_code == 0, result.output
        by_address = {str(message["To"]): message for message in inbox.messages}
        # The library's editor gets the library's listing; city editors get the listings of
        # organisations with no editor of their own (the health department's).
        library = by_address[email_of("organisation_editor")].get_content()
        assert f"/editor/services/{SLUG}/edit" in library and "gp-registration-help" not in library
        city = by_address[email_of("city_editor")].get_content()
        assert "gp-registration-help" in city and SLUG not in city
        assert email_of("author") not in by_address
    finally:
        app.config.update(MAIL_SERVER="")


def test_reminders_need_a_mail_server(editing_app):
    result = editing_app.test_cli_runner().invoke(args=["editors", "remind"])
    assert result.exit_code != 0 and "MAIL_SERVER" in result.output
