"""Public event pages, events on service, topic and organisation pages, the iCal feeds.

The suite's clock is Tuesday 24 November 2026, 10:30 in Demo City (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from sqlalchemy import select

from navigator.db import db
from navigator.events.models import Event

BERLIN = ZoneInfo("Europe/Berlin")


def page(client, path: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="/\w+/events/([a-z0-9-]+)"', html)


def test_the_list_shows_upcoming_dates_by_day_soonest_first(client):
    html = page(client, "/en/events")
    days = re.findall(r'<h2 id="day-\d+"><time datetime="([\d-]+)"', html)
    assert days == sorted(days) and days[0] == "2026-11-24"
    assert "2026-12-24" not in days  # the language café is cancelled on Christmas Eve
    assert "2027-01-02" not in days and "2027-01-09" in days  # the welcome day moved
    assert titles(html)[:2] == ["work-permit-info-sessions", "language-cafe-thursdays"]
    assert "city-welcome-festival" not in titles(html)  # June: beyond the next 90 days
    assert "6:00\u202fPM–7:30\u202fPM" in html or "6:00 PM–7:30 PM" in html
    assert 'href="/en/events.ics"' in html


def test_this_week_and_by_topic(client):
    week = page(client, "/en/events?when=week")
    assert set(titles(week)) == {"work-permit-info-sessions", "language-cafe-thursdays"}
    assert re.findall(r'<time datetime="([\d-]+)">', week) == ["2026-11-24", "2026-11-26"]
    family = page(client, "/en/events?topic=family")
    assert set(titles(family)) == {"parents-school-evening"}
    assert "Events: Family" in family
    assert client.get("/en/events?topic=no-such-topic").status_code == 404
    assert client.get("/en/events?topic=%3Cscript%3E").status_code == 404


def test_an_event_page_says_when_where_who_and_how(client):
    html = page(client, "/en/events/work-permit-info-sessions")
    listed = html.split('<ul class="event-dates">')[1].split("</ul>")[0]
    dates = re.findall(r'<li><time datetime="([^"]+)"', listed)
    assert [d[:10] for d in dates] == [
        "2026-11-24",
        "2026-12-08",
        "2027-01-05",
        "2027-01-12",
        "2027-01-19",
    ]
    assert "Extra date" in html  # 12 January, added
    assert re.search(r"Cancelled:.*2026-12-22", html, re.S)
    assert "For people who applied for asylum" in html
    assert (
        "You need to register." in html
        and "https://demo-city.example.org/refugee-council/evenings" in html
    )
    assert "<address>" in html and "Organised by" in html
    assert "Sample event modelled on" in html
    cafe = page(client, "/en/events/language-cafe-thursdays")
    assert "Open to everyone, whatever your residence status" in cafe
    assert "Bibliotheksplatz 1" in cafe
    assert "You do not need to register. Just come." in cafe
    assert client.get("/en/events/no-such-event").status_code == 404


@pytest.mark.parametrize(
    ("slug", "rhythm"),
    [
        ("language-cafe-thursdays", "Every week on Thursday"),
        ("welcome-day", "Every month on the first Saturday"),
        ("parents-school-evening", "Every month on the second Wednesday"),
        ("work-permit-info-sessions", "Every 2 weeks on Tuesday"),
        ("city-welcome-festival", "Once a year"),
    ],
)
def test_an_event_page_says_how_often_in_words(client, slug, rhythm):
    assert f'<p class="event-rhythm"><strong>{rhythm}</strong></p>' in page(
        client, f"/en/events/{slug}"
    )


def test_arabic_pages_are_right_to_left_with_marked_fallback(client, loaded):
    html = page(client, "/ar/events/welcome-day")
    assert '<html lang="ar" dir="rtl">' in html
    assert "يوم الترحيب بالسكان الجدد" in html  # the pack's Arabic translation
    assert "السبت" in page(client, "/ar/events")  # dates in Arabic
    # Without its Arabic text, the English one is shown, isolated and marked.
    with loaded.app_context():
        day = db.session.scalars(select(Event).where(Event.slug == "welcome-day")).one()
        del day.translations["ar"]
        db.session.commit()
    html = page(loaded.test_client(), "/ar/events/welcome-day")
    assert '<bdi lang="en" dir="ltr">Welcome day for new residents</bdi>' in html
    assert "fallback-notice" in html


def test_events_on_service_topic_and_organisation_pages(client):
    # The library's language café shares topics with its language-café service.
    service = page(client, "/en/services/language-cafe")
    assert "Upcoming events" in service and "language-cafe-thursdays" in service
    school = page(client, "/en/services/school-enrolment")  # same office, topic education
    assert titles(school) == ["parents-school-evening"]
    other = page(client, "/en/services/address-registration")  # no event of its organisation
    assert "Upcoming events" not in other
    topic = page(client, "/en/topics/community")
    assert {"language-cafe-thursdays", "welcome-day"} <= set(titles(topic))
    organisation = page(client, "/en/organisations/refugee-council")
    assert titles(organisation) == ["work-permit-info-sessions"]


def _calendar(client, path: str) -> icalendar.Calendar:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data)


def test_the_ical_feed_validates_and_keeps_local_time_across_dst(client):
    calendar = _calendar(client, "/en/events.ics")
    assert calendar["version"] == "2.0" and calendar["prodid"]
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Berlin"
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert {"language-cafe-thursdays", "welcome-day", "welcome-day-20270109T1000"} <= set(events)
    cafe = events["language-cafe-thursdays"]
    start = cafe.decoded("dtstart")
    assert (
        start == dt.datetime(2026, 9, 3, 17, tzinfo=BERLIN) and start.tzinfo.key == "Europe/Berlin"
    )
    assert cafe.decoded("dtend") - start == dt.timedelta(hours=2)
    rule = cafe["rrule"].to_ical().decode()
    cancelled = {d.dt.date() for d in cafe["exdate"].dts}
    assert cancelled == {dt.date(2026, 12, 24), dt.date(2026, 12, 31)}
    # What a calendar app does with it: 17:00 local before and after the March change.
    dates = rrulestr(f"RRULE:{rule}", dtstart=start.replace(tzinfo=None))
    spring = [d for d in dates.between(dt.datetime(2027, 3, 20), dt.datetime(2027, 4, 5))]
    assert [d.replace(tzinfo=BERLIN).astimezone(dt.UTC).hour for d in spring] == [16, 15]
    assert str(cafe["url"]).endswith("/en/events/language-cafe-thursdays")
    assert "Bibliotheksplatz 1" in str(cafe["location"])
    for event in calendar.walk("VEVENT"):  # the properties RFC 5545 requires
        assert event.get("uid") and event.get("dtstamp") and event.get("dtstart")


def test_until_is_written_in_utc_for_a_feed_with_a_time_zone(client):
    calendar = _calendar(client, "/en/events.ics?topic=family")
    (evening,) = calendar.walk("VEVENT")
    until = evening["rrule"]["UNTIL"][0]
    assert until == dt.datetime(2027, 6, 30, 21, 59, 59, tzinfo=dt.UTC)  # 23:59:59 CEST


@pytest.mark.parametrize("locale", ["ar", "de"])
def test_feeds_per_locale_and_topic(client, locale):
    calendar = _calendar(client, f"/{locale}/events.ics?topic=community")
    uids = {str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT")}
    assert {"language-cafe-thursdays", "welcome-day", "city-welcome-festival"} <= uids
    assert "work-permit-info-sessions" not in uids
    assert calendar["x-wr-calname"].params["LANGUAGE"] == locale
    urls = {str(e["url"]) for e in calendar.walk("VEVENT")}
    assert all(f"/{locale}/events/" in url for url in urls)
    assert client.get(f"/{locale}/events.ics?topic=nope").status_code == 404


def test_a_finished_series_leaves_the_feed(make_app, app):  # type: ignore[no-untyped-def]
    later = make_app(NOW=dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)).test_client()
    uids = {str(e["uid"]).split("@")[0] for e in _calendar(later, "/en/events.ics").walk("VEVENT")}
    assert "work-permit-info-sessions" not in uids  # its sixth evening was 19 January
    assert "language-cafe-thursdays" in uids


def test_pages_follow_a_change_of_where_events_are(loaded):
    """Service, topic and organisation pages skip the events query where no event is (a
    snapshot kept per content version); a change of an event's topics shows at once."""
    from navigator.directory.models import Service
    from navigator.pathway.source import content_changed

    client = loaded.test_client()
    with loaded.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == "language-cafe-thursdays"))
        event = event.one()
        mine = {t.id for t in event.topics}
        service = next(
            s
            for s in db.session.scalars(
                select(Service).where(
                    Service.organisation_id == event.organisation_id,
                    Service.status == "published",
                )
            )
            if s.topics and not mine & {t.id for t in s.topics}
        )
        slug, topic = service.slug, service.topics[0]
        title = event.localized("title", ("en",)).text
    assert title not in page(client, f"/en/services/{slug}")
    with loaded.app_context():
        found = db.session.scalars(select(Event).where(Event.slug == "language-cafe-thursdays"))
        event = found.one()
        event.topics.append(db.session.merge(topic))
        content_changed(db.session)
        db.session.commit()
    assert title in page(client, f"/en/services/{slug}")
