"""The partner's inbox and status workflow, the visitor's private link and withdrawal, the
purge with time moved, e-mails through a real SMTP server, and key rotation."""

from __future__ import annotations

import datetime as dt

from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import select, text

from navigator.db import db
from navigator.editor.models import AuditEvent
from navigator.referrals import crypto
from navigator.referrals.models import Referral
from tests.conftest import FIXED_NOW, csrf_token
from tests.referrals.conftest import OTHER_SERVICE, email, send_referral


def _newest(app) -> Referral:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalars(select(Referral).order_by(Referral.id.desc()).limit(1)).first()


def _sent(app, as_, **kwargs):  # type: ignore[no-untyped-def]
    response, token = send_referral(as_("desk"), **kwargs)
    assert response.status_code == 200
    return _newest(app), token


def _audit(app, action: str, target: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action, AuditEvent.target == target)
        ).all()


def test_the_inbox_shows_an_organisation_its_own_referrals_only(app, as_):
    mine, _token = _sent(app, as_)
    theirs, _token = _sent(app, as_, service=OTHER_SERVICE, need="")
    page = as_("partner").get("/editor/referrals").text
    assert f"/editor/referrals/{mine.id}" in page
    assert f"/editor/referrals/{theirs.id}" not in page
    assert "Amal K." not in page  # no personal fields in the list
    assert as_("partner").get(f"/editor/referrals/{theirs.id}").status_code == 403
    assert as_("other_partner").get(f"/editor/referrals/{mine.id}").status_code == 403


def test_city_editors_see_the_overview_but_not_the_details(app, as_):
    referral, _token = _sent(app, as_)
    client = as_("city_editor")
    page = client.get("/editor/referrals").text
    assert "Amal K." not in page
    assert f"/editor/referrals/{referral.id}" not in page
    assert client.get(f"/editor/referrals/{referral.id}").status_code == 403
    for name in ("translator", "observer", "author", "desk"):
        assert as_(name).get("/editor/referrals").status_code == 403, name


def test_the_partner_reads_the_consented_fields_and_the_read_is_audit_logged(app, as_):
    referral, _token = _sent(app, as_)
    page = as_("partner").get(f"/editor/referrals/{referral.id}")
    assert page.status_code == 200
    assert "Amal K." in page.text and "amal@example.org" in page.text
    assert "Prefers mornings" in page.text
    events = _audit(app, "referral_read", f"referral:{referral.id}")
    assert [e.email for e in events] == [email("partner")]


def test_declining_needs_a_reason_and_the_history_keeps_who_and_why(app, as_):
    referral, _token = _sent(app, as_)
    client = as_("partner")
    url = f"/editor/referrals/{referral.id}"
    token = csrf_token(client.get(url).text)
    refused = client.post(url, data={"csrf_token": token, "status": "declined", "reason": ""})
    assert refused.status_code == 400
    assert "Please say why the referral is declined." in refused.text
    assert _newest(app).status == "sent"
    done = client.post(url, data={"csrf_token": token, "status": "declined", "reason": "Full"})
    assert done.status_code == 302
    with app.app_context():
        stored = db.session.get(Referral, referral.id)
        assert stored.status == "declined"
        assert [(c.status, c.reason) for c in stored.history] == [
            ("sent", None),
            ("declined", "Full"),
        ]
        assert stored.history[-1].account.email == email("partner")
        raw = db.session.execute(
            text(
                "SELECT reason FROM referral_status WHERE referral_id = :id AND status = 'declined'"
            ),
            {"id": referral.id},
        ).scalar_one()
        assert "Full" not in raw  # encrypted
    assert _audit(app, "referral_status", f"referral:{referral.id}")
    # the desk sees the new status
    assert "Declined" in as_("desk").get("/desk/referrals").text


def test_an_unknown_status_is_refused_with_a_message(app, as_):
    referral, _token = _sent(app, as_)
    client = as_("partner")
    url = f"/editor/referrals/{referral.id}"
    token = csrf_token(client.get(url).text)
    response = client.post(url, data={"csrf_token": token, "status": "sent"})
    assert response.status_code == 400
    assert "Please choose one of the statuses shown." in response.text


def test_the_visitor_sees_the_status_in_their_language_and_can_withdraw(app, as_):
    referral, token = _sent(app, as_)
    visitor = app.test_client()
    page = visitor.get(f"/ar/referral/{token}")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "Amal K." in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    # without the form's CSRF token nothing happens
    assert visitor.post(f"/ar/referral/{token}/withdraw").status_code == 400
    assert _newest(app).purged_on is None
    response = visitor.post(
        f"/ar/referral/{token}/withdraw", data={"csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(Referral, referral.id)
        assert stored.purge_reason == "withdrawn"
        assert (stored.name, stored.contact, stored.language, stored.note) == (None,) * 4
        assert stored.token_hash is None and stored.mail_token is None
        # the anonymous outcome stays
        assert stored.organisation_id and stored.service_id and stored.topic_id
        assert stored.status == "sent"
    assert _audit(app, "referral_withdrawn", f"referral:{referral.id}")
    gone = visitor.get(f"/ar/referral/{token}")
    assert gone.status_code == 404 and 'lang="ar"' in gone.text


def test_unknown_tokens(app):
    client = app.test_client()
    for token in ("nothing-like-a-token-at-all", "x" * 300, "%C3%A9" * 10):
        response = client.get(f"/de/referral/{token}")
        assert response.status_code == 404
        assert '<html lang="de"' in response.text
    assert client.post("/de/referral/unknown-token-123456/withdraw").status_code == 404


def test_purge_removes_personal_fields_after_the_retention_period(app, as_):
    referral, token = _sent(app, as_)  # 30 days: kept until 24 Dec 2026
    runner = app.test_cli_runner()
    app.config["NOW"] = FIXED_NOW + dt.timedelta(days=30)
    result = runner.invoke(args=["referrals", "purge"])
    assert result.exit_code == 0
    assert _newest(app).purged_on is None  # the last day is still kept
    app.config["NOW"] = FIXED_NOW + dt.timedelta(days=31)
    result = runner.invoke(args=["referrals", "purge"])
    assert result.exit_code == 0 and "purged the personal details of" in result.output
    assert int(result.output.split("of ")[1].split()[0]) >= 1
    with app.app_context():
        stored = db.session.get(Referral, referral.id)
        assert stored.purge_reason == "expired" and stored.purged_on.isoformat() == "2026-12-25"
        assert stored.name is None and stored.contact is None and stored.note is None
        assert all(change.at.hour == 0 and change.at.minute == 0 for change in stored.history)
        assert (stored.consent_at.hour, stored.consent_at.minute) == (0, 0)  # days only
        assert stored.service_id and stored.status == "sent"
    again = runner.invoke(args=["referrals", "purge"])
    assert again.output.strip() == "purged the personal details of 0 referral(s)"
    assert app.test_client().get(f"/en/referral/{token}").status_code == 404
    with app.app_context():
        assert db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "referral_purge")
        ).first()


def test_purge_needs_no_key_and_decrypts_nothing(app, as_, monkeypatch):
    """A purge only blanks the personal fields: it works after the key that encrypted them
    is gone, and never opens one."""
    first = _next_id(app)
    app.config["REFERRAL_KEYS"] = (Fernet.generate_key(),)
    try:
        referral, _token = _sent(app, as_)
        with app.app_context():  # a reason for the history, encrypted too
            stored = db.session.get(Referral, referral.id)
            stored.history[0].reason = "kept"
            db.session.commit()
        app.config["REFERRAL_KEYS"] = (Fernet.generate_key(),)  # the old key is lost

        def refuse(stored: str) -> str:
            raise AssertionError("the purge decrypted a personal field")

        monkeypatch.setattr(crypto, "decrypt", refuse)
        app.config["NOW"] = FIXED_NOW + dt.timedelta(days=31)
        result = app.test_cli_runner().invoke(args=["referrals", "purge"])
        assert result.exit_code == 0, result.output
        monkeypatch.undo()
        with app.app_context():
            row = db.session.execute(
                text("SELECT name, contact, note, purged_on FROM referral WHERE id = :id"),
                {"id": referral.id},
            ).one()
            assert row.name is None and row.contact is None and row.note is None
            assert row.purged_on is not None
            reasons = db.session.execute(
                text("SELECT reason FROM referral_status WHERE referral_id = :id"),
                {"id": referral.id},
            ).scalars()
            assert all(reason is None for reason in reasons)
    finally:
        _forget_since(app, first)


def test_e_mails_to_the_partner_and_to_the_visitor(app, as_, smtp_server):
    host, port, inbox = smtp_server
    app.config.update(MAIL_SERVER=host, MAIL_PORT=port, MAIL_DEFAULT_SENDER="nav@example.org")
    referral, token = _sent(app, as_)
    assert [m["To"] for m in inbox.messages] == [email("partner")]
    partner_mail = inbox.messages[0].get_content()
    assert f"/editor/referrals/{referral.id}" in partner_mail
    assert "Amal" not in partner_mail and "amal@example.org" not in partner_mail
    client = as_("partner")
    url = f"/editor/referrals/{referral.id}"
    client.post(url, data={"csrf_token": csrf_token(client.get(url).text), "status": "accepted"})
    assert [m["To"] for m in inbox.messages][1:] == ["amal@example.org"]
    visitor_mail = inbox.messages[1].get_content()
    assert f"/ar/referral/{token}" in visitor_mail


def test_a_mail_server_that_fails_never_loses_the_referral(app, as_):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens there
    response, token = send_referral(as_("desk"))
    assert response.status_code == 200 and token
    assert "could not be told by e-mail" in response.text
    assert _newest(app).token_hash == crypto.token_hash(token)


def _next_id(app) -> int:  # type: ignore[no-untyped-def]
    newest = _newest(app)
    return (newest.id if newest else 0) + 1


def _forget_since(app, first_id: int) -> None:  # type: ignore[no-untyped-def]
    """Delete the referrals a test made with keys of its own (no later test can read them)."""
    app.config["REFERRAL_KEYS"] = ()
    with app.app_context():
        db.session.execute(text("DELETE FROM referral WHERE id >= :id"), {"id": first_id})
        db.session.commit()


def test_key_rotation_old_keys_decrypt_new_key_encrypts(app, as_):
    old = Fernet.generate_key()
    first = _next_id(app)
    app.config["REFERRAL_KEYS"] = (old,)
    try:
        referral, _token = _sent(app, as_)
        new = Fernet.generate_key()
        app.config["REFERRAL_KEYS"] = (new, old)
        with app.app_context():
            stored = db.session.get(Referral, referral.id)
            assert stored.name == "Amal K."  # the old key still opens it
        second, _token = _sent(app, as_)
        with app.app_context():
            raw = db.session.execute(
                text("SELECT name FROM referral WHERE id = :id"), {"id": second.id}
            ).scalar_one()
            assert Fernet(new).decrypt(raw.encode()) == b"Amal K."
            assert MultiFernet([Fernet(new)]).decrypt(raw.encode())
    finally:
        _forget_since(app, first)


def test_rotate_keys_reencrypts_so_the_old_key_can_go(app, as_):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    first = _next_id(app)
    app.config["REFERRAL_KEYS"] = (old, crypto.derive_key(app.config["SECRET_KEY"]))
    try:
        referral, _token = _sent(app, as_)
        app.config["REFERRAL_KEYS"] = (new, old, crypto.derive_key(app.config["SECRET_KEY"]))
        result = app.test_cli_runner().invoke(args=["referrals", "rotate-keys"])
        assert result.exit_code == 0 and "with the newest key" in result.output
        app.config["REFERRAL_KEYS"] = (new,)
        with app.app_context():
            raw = db.session.execute(
                text("SELECT name, note FROM referral WHERE id = :id"), {"id": referral.id}
            ).one()
            assert [Fernet(new).decrypt(v.encode()) for v in raw] == [
                b"Amal K.",
                b"Prefers mornings",
            ]
    finally:
        # Every kept referral now needs `new`: back to the suite's key for the next tests.
        app.config["REFERRAL_KEYS"] = (crypto.derive_key(app.config["SECRET_KEY"]), new, old)
        app.test_cli_runner().invoke(args=["referrals", "rotate-keys"])
        _forget_since(app, first)
