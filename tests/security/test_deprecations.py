"""The questionnaire must keep working on the WTForms versions pyproject allows: no
deprecated API (tuple choices were deprecated in WTForms 3.3 and go in 3.4)."""

from __future__ import annotations

import warnings

from navigator.pathway import engine
from navigator.questionnaire import operations as ops


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
