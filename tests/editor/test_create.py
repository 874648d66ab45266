"""New listings from the back office: a service starts as a draft newcomers cannot see, in
the creator's organisation only; the city's shared objects (organisations, topics,
documents) are created by those not limited to one organisation; a taken web address is
explained and nothing typed is lost; `content load` will not silently archive a service
created here."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.content.loader import PackConflict, load_pack
from navigator.db import db
from navigator.directory.models import Location, Service
from navigator.editor.create import slug_from
from tests.conftest import DEMO_PACK, csrf_token
from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data


def test_names_become_web_addresses():
    assert slug_from("Café für alle!") == "cafe-fur-alle"
    assert slug_from("  Job club -- North ") == "job-club-north"
    assert slug_from("مقهى اللغة") == ""


def test_an_organisation_editor_creates_a_service_and_publishes_it(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("organisation_editor")).status_code == 302
    dashboard = client.get("/editor/").text
    assert "/editor/services/new" in dashboard and "/editor/topics/new" not in dashboard
    page = client.get("/editor/services/new").text
    data = form_data(page)
    assert data["organisation"] == "city-library"  # their only organisation, chosen
    data.update(name="Homework club", summary="Help with homework for pupils.", topic="education")
    created = client.post("/editor/services/new", data=data)
    assert created.status_code == 302 and created.location.endswith(
        "/editor/services/homework-club/edit"
    )
    reader = editing_app.test_client()
    assert reader.get("/en/services/homework-club").status_code == 404  # a draft
    edit = form_data(client.get("/editor/services/homework-club/edit").text)
    assert edit["status"] == "draft" and edit["title"] == "Homework club"
    edit.update(status="published", open_to_all="y", description="Every **Tuesday**.")
    edit["action"] = "publish"
    assert client.post("/editor/services/homework-club/edit", data=edit).status_code == 302
    public = reader.get("/en/services/homework-club")
    assert public.status_code == 200 and "Help with homework for pupils." in public.text
    assert "homework-club" in reader.get("/en/search?q=homework").text
    history = client.get("/editor/services/homework-club/history").text
    assert "created in the back office" in history and email_of("organisation_editor") in history

    # Loading the files, which do not have it, would archive it: refused, nothing written.
    with editing_app.app_context():
        with pytest.raises(PackConflict) as caught:
            load_pack(db.session, DEMO_PACK)
        db.session.rollback()
        assert any("homework-club" in str(p) for p in caught.value.problems)
        service = db.session.scalars(select(Service).where(Service.slug == "homework-club"))
        assert service.one().status == "published"


def test_no_service_in_another_organisation_even_by_a_crafted_form(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("organisation_editor")).status_code == 302
    data = form_data(client.get("/editor/services/new").text)
    data.update(name="Not ours", summary="x", topic="health", organisation="health-department")
    assert client.post("/editor/services/new", data=data).status_code == 403
    organisation = {
        "csrf_token": data["csrf_token"],
        "name": "Mine now",
        "organisation_kind": "ngo",
    }
    assert client.post("/editor/organisations/new", data=organisation).status_code == 403


def test_a_taken_address_and_missing_fields_are_explained_and_kept(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    data = form_data(client.get("/editor/services/new").text)
    data.update(name="Language café", summary="", organisation="city-library", topic="")
    page = client.post("/editor/services/new", data=data)
    assert page.status_code == 200
    assert "“language-cafe” is taken" in page.text
    assert "Please enter a summary." in page.text and "Choose at least one topic." in page.text
    assert 'value="Language café"' in page.text
    data.update(name="مقهى اللغة", summary="Talk.", topic="community")
    page = client.post("/editor/services/new", data=data)
    assert "Please choose a web address in Latin letters." in page.text
    data.update(slug="arabic-language-cafe")
    assert client.post("/editor/services/new", data=data).status_code == 302


@pytest.mark.parametrize(
    ("kind", "fields", "edit_page"),
    [
        (
            "organisations",
            {"name": "Youth Aid", "organisation_kind": "ngo"},
            "/editor/organisations/youth-aid/edit",
        ),
        ("topics", {"name": "Sports"}, "/editor/topics/sports/edit"),
        ("documents", {"name": "School report"}, "/editor/documents/school-report/edit"),
        (
            "locations",
            {
                "name": "Youth Aid office",
                "street": "Ring 1",
                "postcode": "10999",
                "city": "Demo City",
            },
            "/editor/locations/youth-aid-office/edit",
        ),
    ],
)
def test_a_city_editor_creates_the_citys_objects(editing_app, kind, fields, edit_page):
    client = editing_app.test_client()
    assert sign_in(client, email_of("city_editor")).status_code == 302
    page = client.get(f"/editor/{kind}/new").text
    created = client.post(f"/editor/{kind}/new", data={"csrf_token": csrf_token(page), **fields})
    assert created.status_code == 302 and created.location.endswith(edit_page)
    assert client.get(edit_page).status_code == 200


def test_an_organisations_new_location_is_chosen_on_its_places_page(editing_app):
    client = editing_app.test_client()
    assert sign_in(client, email_of("organisation_editor")).status_code == 302
    page = client.get("/editor/locations/new").text
    fields = {
        "name": "Library branch East",
        "street": "Ostweg 2",
        "postcode": "10900",
        "city": "Demo City",
    }
    created = client.post("/editor/locations/new", data={"csrf_token": csrf_token(page), **fields})
    assert created.status_code == 302 and created.location.endswith("/editor/")
    places = "/editor/services/language-cafe/places"
    data = form_data(client.get(places).text)
    assert "library-branch-east" in client.get(places).text
    data.update({"places-0-location": "library-branch-east", "action": "publish"})
    assert client.post(places, data=data).status_code == 302
    # Now theirs: one of their services is offered there.
    assert client.get("/editor/locations/library-branch-east/edit").status_code == 200
    with editing_app.app_context():
        assert db.session.scalars(
            select(Location).where(Location.slug == "library-branch-east")
        ).one()
