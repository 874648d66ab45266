"""Public pages: locale negotiation, languages, fallback, RTL, content of each page."""

from __future__ import annotations

import re

import pytest

from navigator.config import ALL_LOCALES


def html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_root_negotiates_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/fa/")


def test_root_falls_back_to_default_for_unknown_languages(client):
    response = client.get("/", headers={"Accept-Language": "sw"})
    assert response.headers["Location"].endswith("/en/")


def test_cookie_wins_over_accept_language_and_is_set_by_visiting(client):
    client.get("/uk/")
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.headers["Location"].endswith("/uk/")


def test_unknown_locale_is_404(client):
    assert client.get("/xx/").status_code == 404


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_home_in_every_locale_has_lang_dir_topics_search_and_urgent_link(client, locale):
    page = html(client.get(f"/{locale}/"))
    expected_dir = "rtl" if locale in ("ar", "fa") else "ltr"
    assert f'<html lang="{locale}" dir="{expected_dir}">' in page
    assert f'href="/{locale}/urgent"' in page
    assert 'role="search"' in page
    assert f'href="/{locale}/topics/health"' in page
    assert "Sample data" in page or 'class="sample-banner"' in page


def test_home_is_translated(client):
    assert "Urgent help" in html(client.get("/en/"))
    arabic = html(client.get("/ar/"))
    assert "Urgent help" not in arabic
    assert "Skip to main content" not in arabic


def test_language_picker_shows_native_names_and_keeps_the_page(client):
    page = html(client.get("/en/services/welcome-centre"))
    assert 'href="/ar/services/welcome-centre"' in page
    assert 'href="/uk/services/welcome-centre"' in page
    assert ">العربية<" in page and ">Українська<" in page and ">Deutsch<" in page
    assert ">فارسی<" in page


def test_search_picker_keeps_the_query(client):
    page = html(client.get("/en/search?q=doctor"))
    assert 'href="/de/search?q=doctor"' in page


def test_topic_page_lists_services_including_subtopics(client):
    page = html(client.get("/en/topics/health"))
    assert "Anonymous medical care" in page
    assert "/en/topics/mental-health" in page


def test_service_page_shows_everything_a_newcomer_needs(client):
    page = html(client.get("/en/services/welcome-centre"))
    for heading in ("Who is it for?", "What it is", "Where and when", "Good to know"):
        assert heading in page
    assert "Open to everyone" in page
    assert re.search(r"Open now until|Closed now|By appointment only", page)
    assert "Opening hours" in page and "Monday" in page
    assert "Languages spoken" in page and "Arabic" in page
    assert "Cost" in page and "Provided by" in page and "Last checked" in page
    assert "What to bring" in page or "Contact" in page


def test_service_page_open_status_uses_city_time_zone(client):
    # The tests pin the clock to Tuesday 24 Nov 2026, 10:30 in Demo City (09:30 UTC).
    page = html(client.get("/en/services/emergency-shelter"))
    assert "Open now" in page


def test_service_page_in_arabic_has_arabic_weekdays_and_times(client):
    page = html(client.get("/ar/services/welcome-centre"))
    assert "الاثنين" in page  # Monday, from CLDR
    assert 'dir="rtl"' in page


def test_untranslated_content_falls_back_says_so_and_is_marked_with_its_language(client):
    # Lithuanian translates only a few services; organisations stay in English.
    page = html(client.get("/lt/services/language-cafe"))
    assert '<html lang="lt"' in page
    assert '<span lang="en">' in page
    assert 'class="fallback-notice"' in page
    translated = html(client.get("/lt/services/welcome-centre"))
    assert 'class="fallback-notice"' not in translated


def test_fallback_chain_uses_the_deployment_default_first(make_app):
    app = make_app(DEFAULT_LOCALE="de")
    page = html(app.test_client().get("/lt/services/language-cafe"))
    assert '<span lang="de">' in page


def test_organisation_page(client):
    page = html(client.get("/en/services/welcome-centre"))
    match = re.search(r'href="/en/organisations/([a-z0-9-]+)"', page)
    assert match
    org = html(client.get(f"/en/organisations/{match.group(1)}"))
    assert "Welcome Centre" in org
    assert "Services" in org


def test_urgent_page_lists_emergency_numbers_and_services(client):
    page = html(client.get("/en/urgent"))
    assert 'href="tel:112"' in page
    assert "Emergency shelter" in page or "shelter" in page.lower()


def test_missing_pages_are_translated_404s(client):
    response = client.get("/ar/services/no-such-service")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in body
    assert "Page not found" not in body
    assert "Page not found" in client.get("/en/topics/nope").get_data(as_text=True)


def test_internal_errors_render_a_translated_500(app):
    from navigator.directory import views

    client = app.test_client()
    original = views.queries.top_topics
    try:
        views.queries.top_topics = lambda: 1 / 0  # type: ignore[assignment]
        app.config["PROPAGATE_EXCEPTIONS"] = False
        response = client.get("/uk/")
    finally:
        views.queries.top_topics = original
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert '<html lang="uk"' in body
    assert "Something went wrong on our side" not in body


def test_pages_make_no_third_party_requests(client):
    for url in ("/en/", "/ar/services/welcome-centre", "/en/urgent", "/en/start"):
        page = html(client.get(url))
        for attr in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', page):
            assert attr.startswith("/"), (url, attr)


def test_pages_work_without_javascript(client):
    for url in ("/en/", "/en/services/welcome-centre", "/en/start"):
        # Only data for search engines (schema.org JSON-LD), which browsers never run.
        tags = re.findall(r"<script[^>]*>", html(client.get(url)))
        assert all(tag == '<script type="application/ld+json">' for tag in tags), tags


def test_print_stylesheet_hides_navigation(client):
    with client.get("/static/navigator.css") as response:
        css = response.get_data(as_text=True)
    print_block = css[css.index("@media print") :]
    assert ".site-header" in print_block and "display: none" in print_block


def test_stale_listing_warns_the_reader(client):
    # Reviewed more than a year before the pinned clock (24 Nov 2026).
    assert "last checked more than a year ago" in html(
        client.get("/en/services/undocumented-shelter")
    )
    assert "last checked more than a year ago" not in html(
        client.get("/en/services/welcome-centre")
    )


def test_sample_services_say_which_practice_they_model(client):
    page = html(client.get("/en/services/youth-counselling"))
    assert "Sample service modelled on" in page
    assert "Helsinki" in page
