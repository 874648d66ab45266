"""Editing in the browser's forms (through the test client): drafts stay private, publishing
changes the public page, search and plans at the next request; submissions wait for review;
the four-eyes rule; conflicts; restore; bad input loses nothing. These tests change content,
so they run on a database of their own."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Service
from navigator.editor.models import Revision
from tests.conftest import csrf_token
from tests.editor.conftest import email_of, sign_in

SLUG = "language-cafe"  # city-library's


def client_for(app, role: str = "city_editor", email: str | None = None):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email or email_of(role)).status_code == 302
    return client


class _Form(HTMLParser):
    """The values of the page's main form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, object] = {}
        self.depth = 0  # inside <form class="editor-form">
        self.textarea: str | None = None
        self.select: str | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form" and "editor-form" in (a.get("class") or ""):
            self.depth = 1
        if not self.depth:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit",):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    if a.get("value", "y") != "y":  # one of several choices: a list
                        self.data.setdefault(name, []).append(a.get("value"))  # type: ignore[union-attr]
                    else:
                        self.data[name] = a.get("value", "y")
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value")
            if "selected" in a:
                self.data[self.select] = a.get("value")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "form":
            self.depth = 0
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            self.data.setdefault(self.select, self.first_option)
            self.select = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self.textarea:
            self.data[self.textarea] = str(self.data[self.textarea]) + data


def form_data(page: str) -> dict[str, object]:
    parser = _Form()
    parser.feed(page)
    data = parser.data
    data.setdefault("topics", [])
    for name, value in list(data.items()):
        if isinstance(value, str) and name in ("description", "summary", "eligibility_summary"):
            data[name] = value.removeprefix("\n")
    return data


def title_on_public_page(app, slug: str = SLUG) -> str:  # type: ignore[no-untyped-def]
    page = app.test_client().get(f"/en/services/{slug}").text
    return re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip()


def test_a_draft_stays_private_until_published(editing_app):
    app = editing_app
    client = client_for(app)
    page = client.get(f"/editor/services/{SLUG}/edit").text
    data = form_data(page)
    assert data["title"] == title_on_public_page(app)
    data.update(title="Conversation café for everyone", action="save", note="clearer title")
    saved = client.post(f"/editor/services/{SLUG}/edit", data=data)
    assert saved.status_code == 302
    assert title_on_public_page(app) != "Conversation café for everyone"

    history = client.get(f"/editor/services/{SLUG}/history").text
    assert "Revision 2" in history and "draft" in history and "clearer title" in history
    assert "<ins>Conversation café for everyone</ins>" in history or "<ins>" in history
    revision_id = re.search(r"/editor/revisions/(\d+)/publish", history).group(1)
    token = csrf_token(history)
    published = client.post(f"/editor/revisions/{revision_id}/publish", data={"csrf_token": token})
    assert published.status_code == 302
    assert title_on_public_page(app) == "Conversation café for everyone"
    # Search finds the new word at once (this service's rows were re-indexed).
    assert f"/en/services/{SLUG}" in app.test_client().get("/en/search?q=everyone").text
    with app.app_context():
        revision = db.session.get(Revision, int(revision_id))
        assert revision.state == "published" and revision.publisher.email == email_of("city_editor")
        assert revision.data["revision"] == 2  # the source text changed: translations outdated


def test_an_author_submits_and_an_editor_publishes(editing_app):
    app = editing_app
    author = client_for(app, "author")
    data = form_data(author.get(f"/editor/services/{SLUG}/edit").text)
    assert 'value="publish"' not in author.get(f"/editor/services/{SLUG}/edit").text
    data.update(cost="Free, no registration needed", action="submit")
    assert author.post(f"/editor/services/{SLUG}/edit", data=data).status_code == 302
    # Publishing through a crafted form is refused for an author.
    data.update(action="publish")
    assert author.post(f"/editor/services/{SLUG}/edit", data=data).status_code == 403

    editor = client_for(app)
    dashboard = editor.get("/editor/").text
    assert "Waiting for review" in dashboard and SLUG in dashboard.split("Waiting for review")[1]
    history = editor.get(f"/editor/services/{SLUG}/history").text
    assert "waiting for review" in history
    revision_id = re.search(r"/editor/revisions/(\d+)/publish", history).group(1)
    editor.post(
        f"/editor/revisions/{revision_id}/publish", data={"csrf_token": csrf_token(history)}
    )
    assert "Free, no registration needed" in app.test_client().get(f"/en/services/{SLUG}").text
    assert "Waiting for review" not in editor.get("/editor/").text


def test_four_eyes_rule(editing_app):
    app = editing_app
    app.config["FOUR_EYES"] = True
    try:
        client = client_for(app)
        data = form_data(client.get(f"/editor/services/{SLUG}/edit").text)
        data.update(cost="Four eyes saw this", action="publish")
        response = client.post(f"/editor/services/{SLUG}/edit", data=data, follow_redirects=True)
        assert "four-eyes rule" in response.text
        assert "Four eyes saw this" not in app.test_client().get(f"/en/services/{SLUG}").text
        other = client_for(app, email="second.editor@editor-tests.example.org")
        history = other.get(f"/editor/services/{SLUG}/history").text
        revision_id = re.search(r"/editor/revisions/(\d+)/publish", history).group(1)
        other.post(
            f"/editor/revisions/{revision_id}/publish", data={"csrf_token": csrf_token(history)}
        )
        assert "Four eyes saw this" in app.test_client().get(f"/en/services/{SLUG}").text
    finally:
        app.config["FOUR_EYES"] = False


def test_a_conflict_is_shown_not_overwritten(editing_app):
    app = editing_app
    first, second = client_for(app), client_for(app, email="second.editor@editor-tests.example.org")
    mine = form_data(first.get(f"/editor/services/{SLUG}/edit").text)
    theirs = form_data(second.get(f"/editor/services/{SLUG}/edit").text)
    theirs.update(cost="Theirs", action="save")
    assert second.post(f"/editor/services/{SLUG}/edit", data=theirs).status_code == 302
    mine.update(cost="Mine", action="save")
    response = first.post(f"/editor/services/{SLUG}/edit", data=mine)
    assert response.status_code == 200 and "Someone saved a newer version" in response.text
    assert 'value="Mine"' in response.text  # nothing typed is lost
    again = form_data(response.text)
    again["action"] = "save"
    assert first.post(f"/editor/services/{SLUG}/edit", data=again).status_code == 302


def test_bad_input_keeps_what_was_typed_and_saves_nothing(editing_app):
    app = editing_app
    client = client_for(app)
    with app.app_context():
        before = len(db.session.scalars(select(Revision)).all())
    page = client.get("/editor/organisations/city-library/edit").text
    data = form_data(page)
    data.update(website="not a web address", name="", email="nope", action="publish")
    response = client.post("/editor/organisations/city-library/edit", data=data)
    assert response.status_code == 200
    assert "Please enter a web address like https://example.org." in response.text
    assert "Please enter a name." in response.text
    assert 'value="not a web address"' in response.text and 'value="nope"' in response.text
    assert 'aria-invalid="true"' in response.text
    with app.app_context():
        assert len(db.session.scalars(select(Revision)).all()) == before
    # Dates and language codes too, on the service form.
    data = form_data(client.get(f"/editor/services/{SLUG}/edit").text)
    data.update(valid_from="31.12.2026", languages="de, klingon", topics=[], action="save")
    response = client.post(f"/editor/services/{SLUG}/edit", data=data)
    assert "Please enter a date like 2026-12-31." in response.text
    assert "is not a language code" in response.text
    assert "Choose at least one topic." in response.text
    assert 'value="de, klingon"' in response.text


def test_preview_sanitises_and_saves_nothing(editing_app):
    app = editing_app
    client = client_for(app)
    data = form_data(client.get("/editor/organisations/city-library/edit").text)
    data.update(description="**Bold** <script>alert(1)</script>", action="preview")
    response = client.post("/editor/organisations/city-library/edit", data=data)
    assert response.status_code == 200
    preview = response.text.split('id="preview-heading"')[1].split("</section>")[0]
    assert "<strong>Bold</strong>" in preview and "<script>" not in preview
    with app.app_context():
        assert not db.session.scalars(
            select(Revision).where(Revision.kind == "organisations", Revision.state == "draft")
        ).all()


def test_organisation_name_reaches_its_services_search_rows(editing_app):
    app = editing_app
    client = client_for(app, "organisation_editor")
    data = form_data(client.get("/editor/organisations/city-library/edit").text)
    data.update(name="Bibliotheca Zanzibarica", action="publish")
    assert client.post("/editor/organisations/city-library/edit", data=data).status_code == 302
    found = app.test_client().get("/en/search?q=zanzibarica").text
    assert f"/en/services/{SLUG}" in found


def test_restore_an_old_revision_as_a_new_draft(editing_app):
    app = editing_app
    client = client_for(app)
    history = client.get(f"/editor/services/{SLUG}/history").text
    first_id = re.findall(r"/editor/revisions/(\d+)/restore", history)[-1]  # revision 1
    response = client.post(
        f"/editor/revisions/{first_id}/restore", data={"csrf_token": csrf_token(history)}
    )
    assert response.status_code == 302
    history = client.get(f"/editor/services/{SLUG}/history").text
    assert "restored from revision 1" in history
    with app.app_context():
        newest = db.session.scalars(
            select(Revision).where(Revision.key == SLUG).order_by(Revision.number.desc())
        ).first()
        first = db.session.scalars(
            select(Revision).where(Revision.key == SLUG, Revision.number == 1)
        ).one()
        assert newest.state == "draft"
        assert newest.data["title"] == first.data["title"]


def test_a_minor_change_keeps_translations_up_to_date(editing_app):
    app = editing_app
    client = client_for(app)
    with app.app_context():
        before = db.session.scalars(select(Service).where(Service.slug == SLUG)).one().revision
    data = form_data(client.get(f"/editor/services/{SLUG}/edit").text)
    data.update(summary=data["summary"] + " ", minor="y", action="publish")  # whitespace only
    data["summary"] = str(data["summary"]).strip() + "."
    client.post(f"/editor/services/{SLUG}/edit", data=data)
    with app.app_context():
        after = db.session.scalars(select(Service).where(Service.slug == SLUG)).one().revision
    assert after == before


@pytest.mark.parametrize("slug", ["health-insurance-advice", "public-writer"])
def test_saving_an_unchanged_form_changes_nothing(editing_app, slug):
    """Defaults the pack leaves out and a browser's CR LF line ends are not changes."""
    client = client_for(editing_app)
    data = form_data(client.get(f"/editor/services/{slug}/edit").text)
    for name in ("description", "summary", "eligibility_summary"):
        data[name] = str(data.get(name, "")).replace("\n", "\r\n")
    data["action"] = "save"
    assert client.post(f"/editor/services/{slug}/edit", data=data).status_code == 302
    history = client.get(f"/editor/services/{slug}/history").text
    assert "No change to the previous revision." in history, history.split("<ol", 1)[-1][:3000]


def test_documents_districts_prerequisites_and_channels(editing_app):
    app = editing_app
    client = client_for(app)
    page = "/editor/services/public-writer/edit"
    data = form_data(client.get(page).text)
    data.update(
        documents=["passport"],
        service_area=["north"],
        requires=["address-registration"],
        channels="Phone: +49 30 5555 0000\nweb: https://writer.example.org",
        action="publish",
    )
    assert client.post(page, data=data).status_code == 302, client.post(page, data=data).text
    with app.app_context():
        service = db.session.scalars(select(Service).where(Service.slug == "public-writer")).one()
        assert [d.slug for d in service.documents] == ["passport"]
        assert [a.slug for a in service.areas] == ["north"]
        assert [s.slug for s in service.requires] == ["address-registration"]
        assert [(c.type, c.value) for c in service.channels] == [
            ("phone", "+49 30 5555 0000"),
            ("web", "https://writer.example.org"),
        ]
    # In German the kinds are German, and what cannot be a channel is named.
    german = form_data(client.get(page, headers={"Accept-Language": "de"}).text)
    assert "Telefon: +49 30 5555 0000" in german["channels"]
    german.update(channels="Telefon: +49 30 1\nfax 0301234", action="save")
    response = client.post(page, data=german, headers={"Accept-Language": "de"})
    assert response.status_code == 200 and "fax 0301234" in response.text


def test_source_texts_keep_their_language_and_direction_in_an_arabic_back_office(editing_app):
    page = (
        client_for(editing_app)
        .get(f"/editor/services/{SLUG}/edit", headers={"Accept-Language": "ar"})
        .text
    )
    assert '<html lang="ar" dir="rtl">' in page
    for name in ("title", "summary", "description"):
        box = re.search(rf'<(?:input|textarea)[^>]*\bname="{name}"[^>]*>', page).group(0)
        assert 'lang="en"' in box and 'dir="ltr"' in box, box
    # Not every box is a text in the source language: a web address is not.
    assert not re.search(r'<input[^>]*name="url"[^>]*lang="en"', page)
