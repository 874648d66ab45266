"""Site search finds upcoming published events too: by their title, summary, topic words or
organiser in the reader's language, with the next date and a link to the event's page."""

from __future__ import annotations

import datetime as dt
import re
import shutil

from sqlalchemy import select
from sqlalchemy.orm import Session

from navigator import migrate
from navigator.content.loader import load_pack
from navigator.db import db, make_engine
from navigator.directory import search
from navigator.directory.models import Service
from navigator.events.models import Event
from tests.conftest import DEMO_PACK, csrf_token
from tests.editor.conftest import editing_app  # noqa: F401 - the fixture
from tests.editor.test_editing import form_data
from tests.events.test_editor import client_for

CAFE = "language-cafe-thursdays"


def page_of(client, locale: str, query: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/{locale}/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def events_found(client, locale: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(rf'href="/{locale}/events/([a-z0-9-]+)"', page_of(client, locale, query))


def test_an_event_is_found_by_its_arabic_title_with_its_next_date(client):
    page = page_of(client, "ar", "مقهى اللغات")
    assert f'href="/ar/events/{CAFE}"' in page
    assert "مقهى اللغات مساء كل خميس" in page  # the card's title, in Arabic
    # The clock is Tuesday 24 November 2026: the next café is on Thursday the 26th.
    assert '<time datetime="2026-11-26T17:00:00+01:00">' in page
    # The language-café service is still found beside it, and both are counted.
    assert 'href="/ar/services/language-cafe"' in page


def test_events_are_found_in_german_english_and_by_topic_or_organiser(client):
    assert CAFE in events_found(client, "de", "Sprachcafé")
    assert CAFE in events_found(client, "de", "sprachcafe")
    assert CAFE in events_found(client, "en", "language café")
    # "Neighbours" is not in its text: the festival is found by its topic's keywords.
    assert "city-welcome-festival" in events_found(client, "en", "neighbours")
    page = page_of(client, "en", "language café")
    assert re.search(r'role="status">2 results for', page)
    # Like a service, an event is found by words of its description and who it is for.
    assert CAFE in events_found(client, "en", "volunteers conversation")
    assert CAFE in events_found(client, "en", "whatever your level of German")


def test_a_misspelled_event_title_is_corrected(client):
    page = page_of(client, "en", "festivall")
    assert "Did you mean" in page
    assert 'href="/en/events/city-welcome-festival"' in page


def test_events_past_their_last_date_are_not_shown(make_app):
    # Parents' evenings end in June 2027; in August the index still holds them, the page not.
    later = make_app(NOW=dt.datetime(2027, 8, 2, 9, 0, tzinfo=dt.UTC))
    with later.app_context():
        assert search.search(db.session, "parents", ["en"], kind="event")
    assert "parents-school-evening" not in events_found(later.test_client(), "en", "parents")
    assert "parents-school-evening" in events_found(make_app().test_client(), "en", "parents")


def test_a_search_that_finds_only_events_is_not_counted_as_finding_nothing(client):
    page = page_of(client, "en", "festival welcome")
    assert 'href="/en/events/city-welcome-festival"' in page
    assert "Try another word" not in page
    assert "Need help now?" not in page


def _publish(app, slug: str, **changes: object) -> None:  # type: ignore[no-untyped-def]
    client = client_for(app)
    page = client.get(f"/editor/events/{slug}/edit").text
    data = form_data(page)
    data.update(csrf_token=csrf_token(page), action="publish", **changes)
    response = client.post(f"/editor/events/{slug}/edit", data=data)
    assert response.status_code == 302, response.text


def test_publishing_an_edited_title_in_the_back_office_updates_search(editing_app):  # noqa: F811
    public = editing_app.test_client()
    assert CAFE not in events_found(public, "en", "tandem")
    _publish(editing_app, CAFE, title="Tandem evening: language café")
    assert CAFE in events_found(public, "en", "tandem")
    page = page_of(public, "en", "tandem")
    assert "Tandem evening: language café" in page


def test_an_event_taken_back_to_draft_or_archived_is_not_found(editing_app):  # noqa: F811
    public = editing_app.test_client()
    assert "welcome-day" in events_found(public, "en", "welcome day")
    _publish(editing_app, "welcome-day", status="draft")
    assert "welcome-day" not in events_found(public, "en", "welcome day")
    _publish(editing_app, "welcome-day", status="published")
    assert "welcome-day" in events_found(public, "en", "welcome day")
    _publish(editing_app, "welcome-day", status="archived")
    assert "welcome-day" not in events_found(public, "en", "welcome day")


def test_organisation_names_in_event_rows_follow_a_published_rename(editing_app):  # noqa: F811
    public = editing_app.test_client()
    assert "parents-school-evening" not in events_found(public, "en", "zebrahaus")
    client = client_for(editing_app)
    page = client.get("/editor/organisations/city-library/edit")
    assert page.status_code == 200, "the organisation editor moved"
    data = form_data(page.text)
    data.update(csrf_token=csrf_token(page.text), action="publish", name="Zebrahaus Library")
    assert client.post("/editor/organisations/city-library/edit", data=data).status_code == 302
    assert CAFE in events_found(public, "en", "zebrahaus")


def test_migration_0015_downgrades_and_upgrades_keeping_service_rows(
    fresh_session, fresh_database_url
):
    load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    services = search.search(fresh_session, "café", ["en"])
    assert services and search.search(fresh_session, "café", ["en"], kind="event") == [
        fresh_session.scalars(select(Event.id).where(Event.slug == CAFE)).one()
    ]
    fresh_session.close()
    migrate.downgrade(fresh_database_url, "0014")
    migrate.upgrade(fresh_database_url)
    engine = make_engine(fresh_database_url)
    try:
        with Session(engine) as session:
            assert search.search(session, "café", ["en"]) == services
            assert search.search(session, "café", ["en"], kind="event") == []  # until a load
            search.rebuild(session, session.scalars(select(Service)).all())
            assert search.search(session, "café", ["en"], kind="event")
    finally:
        engine.dispose()


def test_a_content_load_re_indexes_an_edited_event(fresh_session, tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(DEMO_PACK, pack)
    load_pack(fresh_session, pack)
    fresh_session.commit()
    assert search.search(fresh_session, "polyglot", ["en"], kind="event") == []
    path = pack / "events" / f"{CAFE}.md"
    path.write_text(
        path.read_text().replace(
            "title: Language café on Thursday evenings", "title: Polyglot café on Thursdays"
        )
    )
    load_pack(fresh_session, pack)
    fresh_session.commit()
    cafe = fresh_session.scalars(select(Event.id).where(Event.slug == CAFE)).one()
    assert search.search(fresh_session, "polyglot", ["en"], kind="event") == [cafe]
