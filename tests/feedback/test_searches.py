"""Searches that found nothing: counted by normalised query, locale and day only, one row
per day and query; a search with results, or with contact details in it, counts nothing; a
database that refuses the count never breaks the results page. Their pages ask for
feedback too."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from navigator.db import db
from navigator.feedback.models import ZeroResultSearch
from tests.conftest import FIXED_NOW
from tests.feedback.conftest import links, send, stored

pytestmark = pytest.mark.usefixtures("no_feedback")


def counted(app) -> list[tuple[dt.date, str, str, int]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(select(ZeroResultSearch).order_by(ZeroResultSearch.id))
        return [(row.day, row.locale, row.query, row.count) for row in rows]


def test_zero_result_searches_are_counted_normalised_per_day(app):
    client = app.test_client()
    for query in ("Xylophon Ünterricht!", "  xylophon   UNTERRICHT ", "xylophon-unterricht"):
        response = client.get("/de/search", query_string={"q": query})
        assert response.status_code == 200
        assert not any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))
    client.get("/ar/search", query_string={"q": "xylophon unterricht"})
    today = FIXED_NOW.date()  # 10:30 in the city
    assert counted(app) == [
        (today, "de", "xylophon unterricht", 3),
        (today, "ar", "xylophon unterricht", 1),
    ]
    columns = {column.name for column in ZeroResultSearch.__table__.columns}
    assert columns == {"id", "day", "locale", "query", "count"}


def test_searches_with_results_count_nothing(app):
    response = app.test_client().get("/en/search", query_string={"q": "language"})
    assert response.status_code == 200
    assert "Language café" in response.text
    assert counted(app) == []
    assert not links(response.text)  # the feedback block is for searches that found nothing


def test_searches_holding_contact_details_are_not_counted(app):
    client = app.test_client()
    for query in ("ana@example.org", "0176 12345678", "+49 30 1234567 xylophon"):
        assert client.get("/en/search", query_string={"q": query}).status_code == 200
    assert counted(app) == []


def test_a_refused_count_never_breaks_the_search_page(app, monkeypatch):
    from navigator.directory import views

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(views.feedback, "record_zero_result", refuse)
    response = app.test_client().get("/en/search", query_string={"q": "xylophon"})
    assert response.status_code == 200
    assert "Need help now?" in response.text  # the page's topics and urgent help are there
    assert counted(app) == []


def test_a_search_that_found_nothing_asks_for_feedback(app):
    client = app.test_client()
    response = client.get("/en/search", query_string={"q": "Xylophon lessons"})
    assert "/en/feedback?page=search:Xylophon+lessons&helpful=no" in links(response.text)
    assert send(client, page="search:Xylophon lessons", helpful="no").status_code == 302
    [row] = stored(app)
    assert (row.page_kind, row.page_key) == ("search", "xylophon lessons")
    thanks = client.get("/en/feedback/thanks", query_string={"page": "search:Xylophon lessons"})
    assert 'href="/en/search?q=xylophon+lessons"' in thanks.text


def test_search_feedback_never_stores_contact_details(app):
    assert send(app.test_client(), page="search:ana@example.org", helpful="no").status_code == 302
    [row] = stored(app)
    assert (row.page_kind, row.page_key) == ("search", "")
