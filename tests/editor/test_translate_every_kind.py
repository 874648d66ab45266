"""The side-by-side editor for every translatable kind (issue 10, points 1 and 2): a fact's
question and answer options, a residence status, and the city's notice, public holidays and
emergency numbers are translated like a service — one box per text, published as a
revision of their object, shown to newcomers at once."""

from __future__ import annotations

from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import City, EmergencyNumber, Holiday
from navigator.editor import revisions
from navigator.facts.models import Fact, ResidenceStatus
from tests.editor.conftest import email_of, sign_in
from tests.editor.test_editing import form_data


def _client(app, role):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, email_of(role)).status_code == 302
    return client


def test_a_question_and_its_answer_options(editing_app):
    translator = _client(editing_app, "translator")  # translates into Arabic
    page_url = "/editor/translations/ar/facts/children_ages"
    page = translator.get(page_url)
    assert page.status_code == 200
    assert "Question" in page.text and "Answer “under_3”" in page.text
    assert "Under 3 years" in page.text  # the source beside the box
    data = form_data(page.text)
    assert data["question"] and data["options.under_3"]  # the translation as it is
    data["options.under_3"] = "أقل من ثلاث سنوات"
    data["action"] = "machine"  # questions are not labelled publicly: saved as reviewed
    assert translator.post(page_url, data=data).status_code == 302
    with editing_app.app_context():
        fact = db.session.scalars(select(Fact).where(Fact.key == "children_ages")).one()
        row = fact.translations["ar"]
        assert row.options["under_3"] == "أقل من ثلاث سنوات" and not row.machine
        assert row.source_revision == fact.revision
        assert list(row.options) == fact.option_values  # every option kept, in order
        assert "translation into ar" in revisions.history("facts", "children_ages")[0].note
    listed = translator.get("/editor/translations/ar?kind=facts").text
    assert page_url in listed
    history = _client(editing_app, "city_editor").get("/editor/facts/children_ages/history")
    assert history.status_code == 200 and "translations.ar.options.under_3" in history.text


def test_a_residence_status(editing_app):
    editor = _client(editing_app, "city_editor")
    page_url = "/editor/translations/fr/statuses/asylum_seeker"
    data = form_data(editor.get(page_url).text)
    data["label"] = "Demandeur ou demandeuse d’asile"
    assert editor.post(page_url, data=data).status_code == 302
    with editing_app.app_context():
        status = db.session.scalars(
            select(ResidenceStatus).where(ResidenceStatus.value == "asylum_seeker")
        ).one()
        assert status.translations["fr"].label == "Demandeur ou demandeuse d’asile"
    # An organisation's editor does not translate the city's own lists.
    org = _client(editing_app, "organisation_editor")
    assert org.get(page_url).status_code == 403


def test_the_citys_notice_holidays_and_numbers(editing_app):
    translator = _client(editing_app, "translator")
    page_url = "/editor/translations/ar/city/city"
    page = translator.get(page_url).text
    assert "Notice on the home page" in page and "Public holiday on" in page
    assert "What the number 112 is for" in page
    data = form_data(page)
    # Its numbers and links must stay (the checks every translation gets).
    refused = translator.post(page_url, data={**data, "notice": "مدينة تجريبية."})
    assert refused.status_code == 200 and "There is a problem" in refused.text
    data["notice"] = "تنبيه: " + str(data["notice"]).strip()
    data["holidays.2026-12-25"] = "عيد الميلاد"
    data["emergency_numbers.emergency"] = "الشرطة والإطفاء والإسعاف (مجانًا، ليلًا ونهارًا)"
    assert translator.post(page_url, data=data).status_code == 302
    with editing_app.app_context():
        by_date = {h.date.isoformat(): h for h in db.session.scalars(select(Holiday))}
        assert by_date["2026-12-25"].translations["ar"].name == "عيد الميلاد"
        number = db.session.scalars(
            select(EmergencyNumber).where(EmergencyNumber.key == "emergency")
        ).one()
        assert number.translations["ar"].label.startswith("الشرطة والإطفاء")
        city = db.session.scalars(select(City)).one()
        assert city.translations["ar"].source_revision == city.revision
    assert "تنبيه: " in editing_app.test_client().get("/ar/").text
    # The locale's list sends a holiday's and a number's texts to the city's editor.
    listed = translator.get("/editor/translations/ar?kind=holidays").text
    assert page_url in listed
