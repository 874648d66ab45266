"""The desk side: the bilingual consent form, only consented fields stored, encryption at
rest, the receipt, the welcome centre's list, audit events on reads."""

from __future__ import annotations

from sqlalchemy import select, text

from navigator.db import db
from navigator.editor.models import AuditEvent
from navigator.referrals import crypto
from navigator.referrals.models import Referral
from tests.conftest import csrf_token
from tests.referrals.conftest import FULL, new_url, send_referral


def _newest(app) -> Referral:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalars(select(Referral).order_by(Referral.id.desc()).limit(1)).first()


def test_the_consent_form_speaks_both_languages_visitor_first(as_):
    page = as_("desk").get(new_url(visitor="ar")).text
    arabic, german = page.index('lang="ar" dir="rtl"'), page.index('lang="de" dir="ltr"')
    assert arabic < german
    # every field that may be shared is listed, with the organisation and the periods
    for field in (
        'name="share_name"',
        'name="share_contact"',
        'name="share_language"',
        'name="share_need"',
        'name="share_note"',
        'name="consent"',
    ):
        assert field in page
    assert page.count('name="retention"') == 3


def test_nothing_is_saved_without_the_consent_checkbox(app, as_):
    before = _newest(app)
    response, token = send_referral(as_("desk"), {**FULL, "consent": ""})
    assert response.status_code == 400
    assert "Nothing is sent without the visitor" in response.text
    assert 'value="Amal K."' in response.text  # nothing typed is lost
    assert token is None
    after = _newest(app)
    assert (after.id if after else None) == (before.id if before else None)


def test_ticked_fields_must_be_filled_and_valid(as_):
    data = {**FULL, "name": "", "contact": "not an address"}
    response, _token = send_referral(as_("desk"), data)
    assert response.status_code == 400
    assert "Please enter a name or pseudonym." in response.text
    assert "Please enter an e-mail address" in response.text


def test_only_consented_fields_are_stored(app, as_):
    data = {
        "share_contact": "y",
        "contact_channel": "phone",
        "contact": "+49 30 1234567",
        # typed but not ticked: must not be stored
        "name": "Hidden Name",
        "note": "Hidden note",
        "retention": "90",
        "consent": "y",
    }
    response, token = send_referral(as_("desk"), data)
    assert response.status_code == 200 and token
    referral = _newest(app)
    with app.app_context():
        referral = db.session.get(Referral, referral.id)
        assert referral.shared_fields == ("contact",)
        assert referral.name is None and referral.note is None and referral.language is None
        assert referral.topic_id is None  # the need was not ticked
        assert referral.contact == "+49 30 1234567"
        assert referral.keep_until.isoformat() == "2027-02-22"  # 24 Nov 2026 + 90 days
        assert referral.mail_token is None  # no e-mail address: no copy of the link
        raw = db.session.execute(text("SELECT * FROM referral WHERE id = :id"), {"id": referral.id})
        assert "Hidden" not in str(raw.one())


def test_personal_fields_are_encrypted_at_rest(app, as_):
    response, token = send_referral(as_("desk"))
    assert response.status_code == 200
    referral = _newest(app)
    with app.app_context():
        row = db.session.execute(
            text("SELECT name, contact, language, note, token_hash FROM referral WHERE id = :id"),
            {"id": referral.id},
        ).one()
        for value, plain in zip(
            row[:4], ("Amal K.", "amal@example.org", "ar", "Prefers"), strict=True
        ):
            assert value.startswith("gAAAAA") and value != plain  # a Fernet token
            assert crypto.decrypt(value).startswith(plain)
            # A random token may hold "ar" by chance; longer words never show through.
            assert len(plain) < 6 or plain not in value
        assert crypto.decrypt(row.name) == "Amal K."
        assert row.token_hash == crypto.token_hash(token) and token not in row.token_hash


def test_the_receipt_shows_what_was_shared_until_when_with_link_and_qr(as_):
    response, token = send_referral(as_("desk"))
    page = response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert f"/ar/referral/{token}" in page
    assert "<svg" in page  # the QR code
    assert "Amal K." in page and "amal@example.org" in page
    assert page.index('lang="ar" dir="rtl"') < page.index('lang="de" dir="ltr"')


def test_the_desk_list_shows_statuses_without_personal_fields(as_):
    client = as_("desk")
    send_referral(client)
    page = client.get("/desk/referrals").text
    assert "Sent" in page or "Gesendet" in page
    assert "Amal K." not in page and "amal@example.org" not in page


def test_another_welcome_centre_sees_neither_the_list_entry_nor_the_details(app, as_):
    send_referral(as_("desk"))
    referral = _newest(app)
    other = as_("other_desk")
    assert f"/desk/referrals/{referral.id}" not in other.get("/desk/referrals").text
    assert other.get(f"/desk/referrals/{referral.id}").status_code == 403


def test_opening_the_details_on_the_desk_is_audit_logged(app, as_):
    client = as_("desk")
    send_referral(client)
    referral = _newest(app)
    page = client.get(f"/desk/referrals/{referral.id}")
    assert page.status_code == 200 and "Amal K." in page.text
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "referral_read")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event.target == f"referral:{referral.id}" and event.detail["page"] == "desk"
        assert "Amal" not in str(event.detail)
        sent = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "referral_sent", AuditEvent.target == f"referral:{referral.id}"
            )
        ).one()
        assert "Amal" not in str(sent.detail)


def test_unknown_service_or_locale_is_a_404(as_):
    client = as_("desk")
    assert client.get(new_url(service="no-such-service")).status_code == 404
    assert client.get(new_url(visitor="xx")).status_code == 404


def test_the_form_needs_a_csrf_token(as_):
    client = as_("desk")
    assert client.post(new_url(), data=FULL).status_code == 400
    assert csrf_token(client.get(new_url()).text)
