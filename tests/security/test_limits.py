"""Oversized bodies and absurd numbers get a clear refusal, never a crash."""

from __future__ import annotations

import json
import re

import pytest

from navigator.i18n import _, force_locale
from tests.conftest import csrf_token
from tests.security.conftest import answer_input, field_errors

ARABIC = re.compile(r"[\u0600-\u06FF]")


def _translated(app, locale: str, message: str) -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context(f"/{locale}/"), force_locale(locale):
        return _(message)


def _h1(html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert match, "no heading"
    return match.group(1).strip()


# Oversized bodies ------------------------------------------------------------------------


def test_the_body_limit_is_configured(app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit and 4 * 1024 <= limit <= 1024 * 1024


@pytest.mark.parametrize("locale", ["en", "de", "ar"])
def test_oversized_form_post_gets_a_translated_413_page(app, locale):
    limit = app.config["MAX_CONTENT_LENGTH"]
    client = app.test_client()
    response = client.post(f"/{locale}/start", data={"answer": "9" * (limit + 10), "fact": "age"})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert f'<html lang="{locale}"' in html
    title = _translated(app, locale, "Too large")
    message = _translated(app, locale, "What you sent is too large.")
    assert _h1(html) == title
    assert message in html
    if locale != "en":
        assert title != "Too large" and message != "What you sent is too large."
    if locale == "ar":
        assert ARABIC.search(title) and 'dir="rtl"' in html
    assert "Content-Security-Policy" in response.headers


def test_oversized_multipart_upload_is_refused(app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    import io

    response = app.test_client().post(
        "/en/start",
        data={"answer": (io.BytesIO(b"x" * (limit + 1)), "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


def test_body_just_under_the_limit_is_not_413(app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    client = app.test_client()
    token = csrf_token(client.get("/en/start").get_data(as_text=True))
    filler = "9" * (limit - 500)
    response = client.post(
        "/en/start", data={"csrf_token": token, "fact": "age", "answer": filler, "t": ""}
    )
    assert response.status_code == 400  # a clear "enter a number from 0 to 120" instead


def test_oversized_api_body_gets_a_json_413(app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"facts": {"age": 30}, "needs": ["health"] * (limit // 8)})
    assert len(body) > limit
    response = app.test_client().post(
        "/api/v1/eligibility", data=body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == 413 and error["message"]


# Absurd numbers through the questionnaire ------------------------------------------------


def _answer(app, locale: str, fact: str, value: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    token = csrf_token(client.get(f"/{locale}/start").get_data(as_text=True))
    return client.post(
        f"/{locale}/start",
        data={"csrf_token": token, "fact": fact, "answer": value, "t": "", "next": "Next"},
    )


ABSURD_AGES = [
    "1000000000",
    "-3",
    "1e308",
    "1e999999",
    "-1e999999",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "120.5",
    "-0.0001",
    "1" * 1000,
]


@pytest.mark.parametrize("value", ABSURD_AGES)
def test_questionnaire_refuses_absurd_ages_clearly_and_keeps_the_value(app, value):
    response = _answer(app, "en", "age", value)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert errors == ["Please enter a number from 0 to 120."]
    box = answer_input(html)
    assert f'value="{value}"' in box, box
    assert 'aria-invalid="true"' in box


@pytest.mark.parametrize("value", ["1000000000", "NaN", "Infinity", "-3"])
def test_questionnaire_number_error_is_in_arabic(app, value):
    response = _answer(app, "ar", "age", value)
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert len(errors) == 1
    assert ARABIC.search(errors[0]) and "120" in errors[0], errors


@pytest.mark.parametrize("value", ["-1", "-0.5", "601", "1e9"])
def test_questionnaire_refuses_impossible_months_since_arrival(app, value):
    response = _answer(app, "en", "months_since_arrival", value)
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == ["Please enter a number from 0 to 600."]


@pytest.mark.parametrize(
    ("fact", "value"),
    [("age", "0"), ("age", "120"), ("age", "٣٠"), ("months_since_arrival", "600")],
)
def test_questionnaire_accepts_the_edges(app, fact, value):
    response = _answer(app, "en", fact, value)
    assert response.status_code == 302
    assert "/en/start?t=" in response.headers["Location"]


def test_questionnaire_refuses_a_fraction_of_a_year_and_keeps_it(app):
    response = _answer(app, "en", "age", "30.5")
    assert response.status_code == 400
    assert 'value="30.5"' in response.get_data(as_text=True)


# Absurd numbers through the API ----------------------------------------------------------


def _api(client, raw: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/eligibility", data=raw, content_type="application/json")


@pytest.mark.parametrize(
    "raw_age",
    ["1000000000", "-3", "1e308", "-1e308", "1e400", "NaN", "Infinity", "-Infinity",
     '"NaN"', '"Infinity"', '"30"', "true", "[30]", '{"v": 30}', "120.0001"],
)  # fmt: skip
def test_api_refuses_absurd_ages_naming_the_field(client, raw_age):
    response = _api(client, f'{{"facts": {{"age": {raw_age}}}}}')
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["field"] == "facts.age"
    assert error["message"]


@pytest.mark.parametrize("raw", ["-1", "-0.5", "601", "1e9", "NaN"])
def test_api_refuses_impossible_months_since_arrival(client, raw):
    response = _api(client, f'{{"facts": {{"months_since_arrival": {raw}}}}}')
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "facts.months_since_arrival"


def test_api_accepts_the_edges_and_unknown_answers(client):
    for body in ({"facts": {"age": 0}}, {"facts": {"age": 120}}, {"facts": {"age": None}}):
        response = client.post("/api/v1/eligibility", json=body)
        assert response.status_code == 200, body
        assert response.get_json()["services"]
