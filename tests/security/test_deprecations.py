"""The questionnaire must keep working on the WTForms versions pyproject allows."""

from __future__ import annotations

import warnings

import pytest

from navigator.pathway import engine
from navigator.questionnaire import operations as ops


@pytest.mark.xfail(
    strict=True,
    reason=(
        "navigator/questionnaire/forms.py build_form passes RadioField/CheckboxesField choices "
        "as (value, label) tuples; WTForms 3.3 deprecates this and 3.4 (allowed by "
        "pyproject's wtforms<4) removes it, which would break every question page."
    ),
)
def test_every_question_page_renders_without_deprecation_warnings(app):
    client = app.test_client()
    with app.app_context():
        asked = [f.key for f in ops.catalog().asked]
    assert engine.NEEDS in asked and "residence_status" in asked
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for key in asked:
            response = client.get(f"/en/start?edit={key}")
            assert response.status_code == 200, key
