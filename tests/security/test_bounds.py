"""Every input is bounded and every token the server issues renders: repeated needs,
unknown facts and junk values never grow a token past the pack's size, and the plan (with
its QR code) always renders."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.pathway import engine
from navigator.pathway.catalog import FactSpec
from navigator.questionnaire import operations as ops
from navigator.questionnaire import token as tokens
from navigator.questionnaire.bounds import bounded, fits
from tests.conftest import csrf_token

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


def token_in(location: str) -> str:
    return parse_qs(urlsplit(location).query)["t"][0]


def catalog(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return ops.catalog()


def plan_renders(client, token: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/en/plan", query_string={"t": token})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<svg" in page  # the QR code of the share link
    return page


def post_needs(client, needs: list[str]):  # type: ignore[no-untyped-def]
    page = client.get("/en/start").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "t": hidden(page, "t"), "fact": "needs", "next": "1"}
    return client.post("/en/start", data={**data, "answer": needs})


@pytest.mark.parametrize("copies", [2000, 3000])
def test_repeated_needs_count_once(client, copies):
    response = post_needs(client, ["health"] * copies + ["housing"] * 10)
    assert response.status_code == 302
    assert len(response.headers["Location"]) < 1000  # 3,000 copies made a 414 before
    with client.application.test_request_context():
        answers = tokens.decode(token_in(response.headers["Location"]))
    assert answers.needs == ("health", "housing")
    plan_renders(client, token_in(response.headers["Location"]))


def test_unknown_needs_are_refused_by_the_form(client):
    response = post_needs(client, ["health", "no-such-topic"])
    assert response.status_code == 400


def test_a_token_carrying_junk_is_cut_to_what_the_pack_can_ask(app, client):
    junk = engine.Answers(
        needs=("health", "health", "no-such-topic", "housing") * 50,
        needs_asked=True,
        values={
            "age": 10**9,  # over the maximum
            "months_since_arrival": 12,
            "residence_status": "martian",
            "employment": ["employed"],  # a list for a choice
            "registered_address": "yes",  # a string for a boolean
            "children_ages": ["under_3", "under_3", "age_6_11"],
            "is_minor": True,  # derived: never answered
            "shoe_size": 42,  # no such fact
            "language_level": "basic",
        },
        skipped=frozenset({"housing", "no-such-fact", "is_adult", "language_level"}),
        order=("needs", "shoe_size", "age", "housing", "needs", "language_level") * 20,
    )
    clean = bounded(junk, catalog(app))
    assert clean.needs == ("health", "housing")
    assert clean.values == {
        "months_since_arrival": 12,
        "children_ages": ["under_3", "age_6_11"],
        "language_level": "basic",
    }
    assert clean.skipped == frozenset({"housing"})
    assert clean.order == ("housing", "needs", "language_level")  # where each came last
    with app.test_request_context():
        token = tokens.encode(junk)
    page = plan_renders(client, token)
    assert "martian" not in page and "shoe_size" not in page
    # the share link (and its QR code) carries the bounded answers
    share = re.search(
        r'<a href="([^"]+)" class="share-link"|class="share-link"[^>]*href="([^"]+)"', page
    )
    assert share
    with app.test_request_context():
        again = tokens.decode(token_in((share[1] or share[2]).replace("&amp;", "&")))
    assert again == clean


def largest_answers(app) -> engine.Answers:  # type: ignore[no-untyped-def]
    """Every need, and every question answered with its longest answer."""
    cat = catalog(app)
    values: dict[str, Any] = {}
    for fact in cat.asked:
        if fact.key == engine.NEEDS:
            continue
        if fact.kind == "multi":
            values[fact.key] = list(fact.options)
        elif fact.kind == "choice":
            values[fact.key] = max(fact.options, key=len)
        elif fact.kind == "number":
            top = fact.maximum if fact.maximum is not None else 10**6
            values[fact.key] = int(top) if float(top).is_integer() else top
        elif fact.kind == "boolean":
            values[fact.key] = True
        else:
            values[fact.key] = "2026-11-24"
    needs = tuple(cat.facts[engine.NEEDS].options)
    return engine.Answers(needs, True, values, frozenset(), (engine.NEEDS, *values))


def test_the_largest_legitimate_answers_render_with_their_qr_code(app, client):
    answers = largest_answers(app)
    assert bounded(answers, catalog(app)) == answers  # legitimate: nothing is cut
    with app.test_request_context():
        token = tokens.encode(answers)
    assert len(token) <= tokens.MAX_TOKEN_LENGTH
    plan_renders(client, token)
    response = client.get("/en/plan", query_string={"t": token, "all": "1", "page": "2"})
    assert response.status_code == 200
    assert client.get("/en/start", query_string={"t": token}).status_code in (200, 302)


# --------------------------------------------------------------- any questionnaire submissions

JUNK = st.sampled_from(["", "x" * 300, "-1", "1e309", "NaN", "١٧", "2026-02-30", "<b>", "yes"])


def submission(fact_keys: list[str], options: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    answer = st.one_of(
        st.lists(st.sampled_from(options), max_size=40),  # repeats, as a hand-made form may
        st.lists(JUNK, max_size=3),
        st.integers(-5, 10**7).map(lambda n: [str(n)]),
    )
    return st.fixed_dictionaries(
        {
            "fact": st.sampled_from([*fact_keys, "is_minor", "shoe_size"]),
            "action": st.sampled_from(["next", "next", "next", "dont_know", "back"]),
            "answer": answer,
        }
    )


@pytest.fixture(scope="module")
def vocabulary(app):  # type: ignore[no-untyped-def]
    cat = catalog(app)
    keys = [f.key for f in cat.asked]
    options = sorted({o for f in cat.asked for o in f.options} | {"yes", "no", "17", "2026-01-01"})
    return keys, options


@SETTINGS
@given(data=st.data())
def test_any_sequence_of_submissions_gives_a_token_whose_plan_renders(app, vocabulary, data):
    keys, options = vocabulary
    client = app.test_client()
    page = client.get("/en/start").get_data(as_text=True)
    csrf, token = csrf_token(page), hidden(page, "t")
    for step in data.draw(st.lists(submission(keys, options), min_size=1, max_size=8)):
        form = {"csrf_token": csrf, "t": token, "fact": step["fact"], step["action"]: "1"}
        response = client.post("/en/start", data={**form, "answer": step["answer"]})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 302:
            token = token_in(response.headers["Location"])
            assert len(token) <= tokens.MAX_TOKEN_LENGTH
    plan_renders(client, token)


# --------------------------------------------------------------------------------- the API


def api(client, payload):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/eligibility", json=payload)


def test_the_api_counts_a_repeated_need_once(client):
    once = api(client, {"needs": ["health"], "facts": {"children_ages": ["under_3"]}}).json
    many = api(
        client, {"needs": ["health"] * 2000, "facts": {"children_ages": ["under_3"] * 500}}
    ).json
    assert many == once


def test_the_api_pages_its_services(client, monkeypatch):
    from navigator.api import views

    whole = api(client, {}).json
    assert whole["page"] == 1 and whole["next"] is None
    assert whole["total"] == len(whole["services"]) == sum(whole["counts"].values())
    monkeypatch.setattr(views, "PAGE_SIZE", 10)
    seen, page = [], 1
    while page:
        body = api(client, {"page": page}).json
        assert len(body["services"]) <= 10 and body["per_page"] == 10
        assert body["counts"] == whole["counts"] and body["total"] == whole["total"]
        seen += body["services"]
        page = body["next"]
    assert seen == whole["services"]
    beyond = api(client, {"page": 999}).json
    assert beyond["services"] == [] and beyond["next"] is None


@pytest.mark.parametrize("page", [0, -1, 1.5, "2", True, None, 10**9])
def test_a_bad_page_is_a_400_naming_it(client, page):
    response = api(client, {"page": page})
    assert response.status_code == 400
    assert response.json["error"]["field"] == "page"


@pytest.mark.parametrize("value", ["2026-02-30", "2026-1-1x", "tomorrow!!", 20260101, None])
def test_a_date_answer_must_be_a_real_date(value):
    from navigator.api.views import InputError, _check_value

    fact = FactSpec("arrival_date", "date")
    assert fits(fact, "2026-02-28")
    assert not fits(fact, value)
    if value is not None:  # null is "I don't know" in the API
        with pytest.raises(InputError):
            _check_value(fact, value, "facts.arrival_date")


# ------------------------------------------------------------------------ the whole plan


def test_the_whole_plan_comes_a_page_at_a_time(client, monkeypatch):
    from navigator.questionnaire import plan_view, views

    response = post_needs(client, ["health", "work", "housing"])
    token = token_in(response.headers["Location"])
    full = client.get("/en/plan", query_string={"t": token, "all": "1"}).get_data(as_text=True)
    everything = re.findall(r'class="step-number">(\d+)\.</span> <a href="([^"]+)"', full)
    assert len(everything) > 5
    monkeypatch.setattr(plan_view, "ALL_PAGE_SIZE", 2)
    monkeypatch.setattr(views, "STEPS_PER_PHASE", 1)
    short = client.get("/en/plan", query_string={"t": token}).get_data(as_text=True)
    more = re.findall(r'href="(/en/plan\?[^"]*all=1[^"]*)#phase-([a-z-]+)"', short)
    assert more
    for link, phase in more:  # "show more" opens the page where that phase goes on
        target = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
        assert f'id="phase-{phase}"' in target
    seen, url = [], f"/en/plan?t={token}&all=1"
    while url:
        page = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
        steps = re.findall(r'class="step-number">(\d+)\.</span> <a href="([^"]+)"', page)
        assert 1 <= len(steps) <= 2
        seen += steps
        following = re.search(r'rel="next" href="([^"]+)"', page)
        url = following[1] if following else None
    assert seen == everything  # numbered on from page to page, nothing left out
    for odd in ("0", "-3", "abc", "99999999", "٣"):
        response = client.get("/en/plan", query_string={"t": token, "all": "1", "page": odd})
        assert response.status_code == 200
