"""The adaptive questionnaire and the plan, through the web pages, as a newcomer uses them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.conftest import csrf_token


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


def current_fact(page: str) -> str:
    return hidden(page, "fact")


def answer(client, locale: str, page: str, value=None, action: str = "next"):  # type: ignore[no-untyped-def]
    data = {
        "csrf_token": csrf_token(page),
        "t": hidden(page, "t"),
        "fact": current_fact(page),
        action: "1",
    }
    if value is not None:
        data["answer"] = value
    return client.post(f"/{locale}/start", data=data)


def walk(client, locale: str, answers: dict) -> tuple[str, list[str]]:  # type: ignore[type-arg]
    """Answer like a person: known facts from `answers`, "I don't know" for the rest."""
    response = client.get(f"/{locale}/start")
    asked = []
    for _ in range(25):
        if response.status_code == 302:
            location = response.headers["Location"]
            response = client.get(location)
            if "/plan" in location:
                break
            continue
        page = response.get_data(as_text=True)
        assert response.status_code == 200, page[:500]
        fact = current_fact(page)
        asked.append(fact)
        if fact in answers:
            response = answer(client, locale, page, answers[fact])
        else:
            response = answer(client, locale, page, action="dont_know")
    assert response.status_code == 200
    return response.get_data(as_text=True), asked


def test_first_step_asks_what_you_need_with_progress(client):
    page = client.get("/en/start").get_data(as_text=True)
    assert "What do you need help with?" in page
    assert re.search(r"(About|Up to) \d+ questions left", page)
    assert "I don&#39;t know / prefer not to say" in page or "I don't know" in page
    assert 'name="csrf_token"' in page


def test_undocumented_adult_gets_shelter_health_and_legal_help(client):
    page, asked = walk(
        client,
        "en",
        {
            "needs": ["urgent-help", "health", "legal-help"],
            "residence_status": "no_permit",
            "age": "34",
        },
    )
    assert asked[0] == "needs"
    assert len(asked) <= 6
    for title in ("Emergency shelter", "Anonymous medical care"):
        assert title in page
    assert "legal-advice-residence" in page
    assert "Urgent help" in page  # always on the page
    assert "<svg" in page and "QR code" in page  # inline QR, no image request
    assert "Change my answers" in page


def test_plan_explains_why_in_english(client):
    page, _ = walk(
        client,
        "en",
        {"needs": ["language-learning"], "residence_status": "asylum_seeker", "age": "30"},
    )
    assert "Why?" in page
    # The condition as the service needs it, then the verdict in words.
    assert re.search(r"Your residence status: [^<]*</span> — <strong[^>]*>this is", page)
    assert "you said: Asylum seeker" in page
    assert "residence_status" not in re.sub(r'(name|href|value)="[^"]*"', "", page)


def test_plan_explains_why_in_arabic_without_english_or_internal_names(client):
    page, _ = walk(
        client,
        "ar",
        {"needs": ["language-learning"], "residence_status": "asylum_seeker", "age": "30"},
    )
    assert '<html lang="ar" dir="rtl">' in page
    lines = re.findall(r'<li class="outcome-[^"]+ depth-\d">(.*?)</li>', page, re.S)
    explanation = re.sub(r"<[^>]+>", " ", " ".join(lines))  # the text, not the markup
    assert explanation, "no explanation lines"
    assert "طالب لجوء" in explanation  # "asylum seeker" as the person answered
    assert not re.search(r"[A-Za-z]{3,}", explanation), explanation


def test_maybe_steps_name_what_would_decide_them(client):
    page, _ = walk(client, "en", {"needs": ["language-learning"]})
    assert "Maybe for you." in page
    assert "It depends on:" in page
    assert "Ask:" in page  # whom to ask: the provider or the welcome service


def test_validation_error_is_translated_keeps_input_and_is_not_a_500(client):
    page = client.get("/de/start").get_data(as_text=True)
    response = answer(client, "de", page, ["language-learning"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    while current_fact(page) != "age":
        response = answer(client, "de", page, action="dont_know")
        page = client.get(response.headers["Location"]).get_data(as_text=True)
    response = answer(client, "de", page, "1000000000")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'value="1000000000"' in body
    assert "Please enter a number" not in body  # German, not English
    assert 'role="alert"' in body
    assert current_fact(body) == "age"


def test_back_and_change_an_answer(client):
    page = client.get("/en/start").get_data(as_text=True)
    response = answer(client, "en", page, ["health"])
    step2 = client.get(response.headers["Location"]).get_data(as_text=True)
    assert current_fact(step2) != "needs"
    back = answer(client, "en", step2, action="back")
    again = client.get(back.headers["Location"]).get_data(as_text=True)
    assert current_fact(again) == "needs"
    # Change an answer from the plan: the edit link reopens that question with the answer.
    plan, _ = walk(client, "en", {"needs": ["health"], "residence_status": "student", "age": "22"})
    link = re.search(r'href="(/en/start\?t=[^"]+&amp;edit=age)"', plan)
    assert link
    edit = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert current_fact(edit) == "age" and 'value="22"' in edit


def test_share_link_reproduces_the_same_plan_on_another_device(app, client):
    plan, _ = walk(client, "en", {"needs": ["health"], "residence_status": "student", "age": "22"})
    share = re.search(
        r'class="share-link" dir="ltr" href="([^"]+)"|href="([^"]+)" class="share-link"', plan
    )
    assert share
    url = (share.group(1) or share.group(2)).replace("&amp;", "&")
    other_device = app.test_client()
    parts = urlsplit(url)  # absolute, under the configured public address
    again = other_device.get(f"{parts.path}?{parts.query}").get_data(as_text=True)
    steps = re.findall(r'class="step-number">\d+\.</span> <a href="([^"]+)"', plan)
    assert (
        steps and re.findall(r'class="step-number">\d+\.</span> <a href="([^"]+)"', again) == steps
    )


def test_tampered_token_gives_a_clear_message_and_a_fresh_start(client):
    plan, _ = walk(client, "en", {"needs": ["health"]})
    token = re.search(r"/en/plan\?t=([^&\"]+)", plan).group(1)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get(f"/en/plan?t={tampered}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/start")
    page = client.get("/en/start").get_data(as_text=True)
    assert "could not be read" in page
    assert "What do you need help with?" in page


def test_nothing_is_stored_on_the_server(app, client):
    from sqlalchemy import func, select

    from navigator.db import Base, db

    with app.app_context():
        before = {
            t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }
    walk(client, "en", {"needs": ["health"], "residence_status": "student", "age": "22"})
    with app.app_context():
        after = {
            t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }
    assert before == after


def test_missing_csrf_token_is_refused_but_keeps_the_answers(client):
    page = client.get("/en/start").get_data(as_text=True)
    response = client.post(
        "/en/start",
        data={"t": hidden(page, "t"), "fact": "needs", "answer": ["health"], "next": "1"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "expired" in body
    assert 'value="health" checked' in body or "checked" in body


def test_long_phases_show_their_first_steps_and_link_to_the_rest(client, monkeypatch):
    from navigator.questionnaire import views

    plan, _ = walk(client, "en", {"needs": ["health"], "residence_status": "student", "age": "22"})
    steps = len(re.findall(r'class="step-number"', plan))
    assert steps > 2
    monkeypatch.setattr(views, "STEPS_PER_PHASE", 1)
    token = re.search(r"/en/plan\?t=([^&\"]+)", plan).group(1)
    short = client.get(f"/en/plan?t={token}").get_data(as_text=True)
    assert len(re.findall(r'class="step-number"', short)) < steps
    link = re.search(r'href="(/en/plan\?t=[^"]*all=1[^"]*)"', short)
    assert link and "more service" in short
    full = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert len(re.findall(r'class="step-number"', full)) == steps
