"""POST /api/v1/eligibility: the same engine as the pages, as JSON."""

from __future__ import annotations

import pytest


def post(client, payload):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/eligibility", json=payload)


def test_returns_statuses_explanations_and_the_next_question(client):
    response = post(client, {"locale": "en", "facts": {"age": 17}, "needs": ["work"]})
    assert response.status_code == 200
    body = response.json
    statuses = {s["slug"]: s["status"] for s in body["services"]}
    assert set(statuses.values()) <= {"eligible", "not_eligible", "unknown"}
    unknown = [s for s in body["services"] if s["status"] == "unknown"]
    assert unknown and all(s["deciding_facts"] for s in unknown)
    assert all("subject" in f and "id" in f for s in unknown for f in s["deciding_facts"])
    question = body["next_question"]
    assert question["id"] == "residence_status"
    assert question["text"] == "What is your residence status?"
    assert {"value": "asylum_seeker", "label": "Asylum seeker"} in question["options"]


def test_answers_in_the_requested_locale(client):
    body = post(client, {"locale": "ar", "facts": {"age": 17}, "needs": ["work"]}).json
    assert body["locale"] == "ar"
    assert body["next_question"]["text"] == "ما هو وضع إقامتك؟"
    texts = [line["text"] for s in body["services"] for line in s["explanation"]]
    assert texts and not any("Your" in t for t in texts)


def test_same_engine_as_the_pages(client):
    body = post(
        client,
        {
            "locale": "en",
            "facts": {"residence_status": "no_permit", "age": 34},
            "needs": ["health"],
        },
    ).json
    statuses = {s["slug"]: s["status"] for s in body["services"]}
    assert statuses["anonymous-medical-care"] == "eligible"
    medical = next(s for s in body["services"] if s["slug"] == "anonymous-medical-care")
    assert medical["open_to_all"] is True


def test_explanation_sentences_name_the_answer(client):
    body = post(
        client,
        {
            "locale": "en",
            "facts": {"residence_status": "asylum_seeker"},
            "needs": ["language-learning"],
        },
    ).json
    lines = [line for s in body["services"] for line in s["explanation"]]
    assert any(line["answer"] == "Asylum seeker" for line in lines)
    assert not any("residence_status" in line["text"] for line in lines)


def test_null_means_i_dont_know(client):
    body = post(client, {"facts": {"residence_status": None}, "needs": ["language-learning"]}).json
    assert body["next_question"] is None or body["next_question"]["id"] != "residence_status"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"locale": "xx"}, "locale"),
        ({"facts": {"age": 10**9}}, "facts.age"),
        ({"facts": {"age": -1}}, "facts.age"),
        ({"facts": {"months_since_arrival": -3}}, "facts.months_since_arrival"),
        ({"facts": {"age": "17"}}, "facts.age"),
        ({"facts": {"age": True}}, "facts.age"),
        ({"facts": {"residence_status": "martian"}}, "facts.residence_status"),
        ({"facts": {"registered_address": "yes"}}, "facts.registered_address"),
        ({"facts": {"children_ages": "under_3"}}, "facts.children_ages"),
        ({"facts": {"shoe_size": 42}}, "facts.shoe_size"),
        ({"facts": {"is_minor": True}}, "facts.is_minor"),
        ({"facts": []}, "facts"),
        ({"needs": "health"}, "needs"),
        ({"needs": ["no-such-topic"]}, "needs"),
        ({"extra": 1}, "extra"),
        ([1, 2], "body"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, payload, field):
    response = post(client, payload)
    assert response.status_code == 400
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]


def test_not_json_is_a_400(client):
    response = client.post("/api/v1/eligibility", data="{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["field"] == "body"


def test_wrong_method_is_a_json_405(client):
    response = client.get("/api/v1/eligibility")
    assert response.status_code == 405
    assert response.json["error"]["code"] == 405
