"""Translators' pages (issue 10, points 1 and 2): coverage of every locale, a locale's texts
by state and organisation, and the side-by-side editor — word diff of the source for an
outdated text, links, numbers and lists checked against the source, RTL while editing,
saving publishes the translation up to date (and keeps a waiting draft)."""

from __future__ import annotations

import copy
import re

from sqlalchemy import select

from navigator.content import canonical
from navigator.db import db
from navigator.directory.models import Service
from navigator.editor import revisions
from navigator.editor.models import Account
from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data

SLUG = "language-cafe"  # the city library's
OTHER = "gp-registration-help"  # the health department's
PAGE = f"/editor/translations/ar/services/{SLUG}"


def _client(app, role):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of(role)).status_code == 302
    return client


def _publish_source_change(app, **changes) -> None:  # type: ignore[no-untyped-def]
    """An editor changes the service's English texts (not a minor change)."""
    with app.app_context():
        editor = db.session.scalars(
            select(Account).where(Account.email == email_of("city_editor"))
        ).one()
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        data = copy.deepcopy(revisions.snapshot("services", service))
        data.update(changes)
        draft = revisions.save("services", service, canonical.tidy("services", data), editor)
        revisions.publish(draft, editor)
        db.session.commit()


def test_coverage_of_every_locale_and_only_the_translators_own(editing_app):
    page = _client(editing_app, "city_editor").get("/editor/translations").text
    assert page.count('href="/editor/translations/') >= 11 * 4  # 11 locales, 3 states + name
    assert "/editor/translations/fa" in page and "/editor/translations/ar" in page
    translator = _client(editing_app, "translator")
    page = translator.get("/editor/translations").text
    assert "/editor/translations/ar" in page and "/editor/translations/fa" not in page
    assert translator.get("/editor/translations/fa").status_code == 403
    assert translator.get("/editor/translations/xx").status_code == 404
    assert translator.get(f"/editor/translations/fa/services/{SLUG}").status_code == 403


def test_an_outdated_text_shows_what_changed_and_is_brought_up_to_date(editing_app):
    _publish_source_change(
        editing_app,
        summary="Practise German and other languages over coffee, every Tuesday.",
    )
    translator = _client(editing_app, "translator")
    listed = translator.get("/editor/translations/ar?state=outdated&kind=services").text
    assert f"/editor/translations/ar/services/{SLUG}" in listed
    page = translator.get(PAGE).text
    assert "Outdated" in page and "<del>week.</del>" in page and "<ins>Tuesday.</ins>" in page
    assert re.search(
        r'<textarea[^>]*dir="rtl"[^>]*lang="ar"|<textarea[^>]*lang="ar"[^>]*dir="rtl"', page
    )
    data = form_data(page)
    data["summary"] = "تدرّب على الألمانية ولغات أخرى مع فنجان قهوة، كل يوم ثلاثاء."
    assert translator.post(PAGE, data=data).status_code == 302
    page = translator.get(PAGE).text
    assert "Up to date" in page and "<del>" not in page
    assert "كل يوم ثلاثاء" in editing_app.test_client().get(f"/ar/services/{SLUG}").text
    upto = translator.get("/editor/translations/ar?state=outdated&kind=services").text
    assert f"/editor/translations/ar/services/{SLUG}" not in upto
    history = _client(editing_app, "city_editor").get(f"/editor/services/{SLUG}/history").text
    assert "translation into ar" in history


def test_links_numbers_and_lists_must_match_the_source(editing_app):
    translator = _client(editing_app, "translator")
    data = form_data(translator.get(PAGE).text)
    before = data["description"]
    # The Arabic description loses a list item and gains a phone number the source lacks.
    data["description"] = before.rsplit("\n- ", 1)[0] + "\n\nاتصل على 030 1234 5678."
    refused = translator.post(PAGE, data=data)
    assert refused.status_code == 200
    assert "The number 03012345678 is not in the source text." in refused.text
    assert "keep the same lists and headings" in refused.text
    assert "اتصل على 030 1234 5678." in refused.text  # kept as typed
    with editing_app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        assert "030 1234" not in service.translations["ar"].description


def test_a_waiting_draft_keeps_the_translation(editing_app):
    with editing_app.app_context():
        author = db.session.scalars(select(Account).where(Account.email == email_of("author")))
        author = author.one()
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        data = copy.deepcopy(revisions.snapshot("services", service))
        data["languages"] = ["de", "en", "ar", "uk"]
        revisions.save("services", service, canonical.tidy("services", data), author, submit=True)
        db.session.commit()
    translator = _client(editing_app, "translator")
    data = form_data(translator.get(PAGE).text)
    data["cost"] = "مجاني تمامًا"
    assert translator.post(PAGE, data=data).status_code == 302
    with editing_app.app_context():
        waiting = revisions.pending("services", SLUG)
        assert waiting is not None and waiting.state == "submitted"
        assert waiting.data["translations"]["ar"]["cost"] == "مجاني تمامًا"
        editor = db.session.scalars(
            select(Account).where(Account.email == email_of("city_editor"))
        ).one()
        revisions.publish(waiting, editor)
        db.session.commit()
        service = db.session.scalars(select(Service).where(Service.slug == SLUG)).one()
        assert service.translations["ar"].cost == "مجاني تمامًا"
        assert service.languages == ["de", "en", "ar", "uk"]


def test_an_organisation_editor_translates_only_its_own_listings(editing_app):
    client = _client(editing_app, "organisation_editor")
    listed = client.get("/editor/translations/fa?kind=services").text
    assert f"/editor/translations/fa/services/{SLUG}" in listed
    assert f"/services/{OTHER}" not in listed
    assert client.get(f"/editor/translations/fa/services/{OTHER}").status_code == 403
    assert client.get(f"/editor/translations/fa/services/{SLUG}").status_code == 200


def test_download_translate_and_upload_in_the_back_office(editing_app):
    """A translator downloads the Arabic XLIFF, an agency translates one unit, the upload is
    checked and published; a broken file is explained per unit and writes nothing. A file
    larger than the 64 KB every other form may send is accepted from a signed-in editor."""
    from translate.storage import xliff

    from navigator.content import exchange

    translator = _client(editing_app, "translator")
    page = translator.get("/editor/translations/ar").text
    assert "/editor/translations/ar/export?format=po" in page
    download = translator.get("/editor/translations/ar/export?format=xliff")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert len(download.data) > 64 * 1024
    store = exchange.Xliff12File.parsestring(download.data)
    unit = next(u for u in store.getunits() if u.getid().endswith(f"services/{SLUG}/cost"))
    unit.target = "مجاني، بلا تسجيل"
    upload_page = translator.get("/editor/translations/ar/import").text
    token = form_data(upload_page)["csrf_token"]

    def upload(data: bytes):  # type: ignore[no-untyped-def]
        return translator.post(
            "/editor/translations/ar/import",
            data={"csrf_token": token, "file": (__import__("io").BytesIO(data), "ar.xlf")},
            content_type="multipart/form-data",
        )

    broken = bytes(store).replace(f"services/{SLUG}/title".encode(), b"services/nothing/title")
    refused = upload(broken)
    assert refused.status_code == 200 and "Nothing was imported" in refused.text
    assert "services/nothing/title: there is no service" in refused.text
    done = upload(bytes(store))
    assert done.status_code == 302, done.text[:2000]
    assert "مجاني، بلا تسجيل" in editing_app.test_client().get(f"/ar/services/{SLUG}").text
    assert xliff  # the toolkit reads what the app writes
    # A file for another language is refused.
    other = translator.get("/editor/translations/ar/export?format=po").data.replace(
        b'"Language: ar\\n"', b'"Language: fa\\n"'
    )
    assert "This file is for another language (fa)." in upload(other).text
