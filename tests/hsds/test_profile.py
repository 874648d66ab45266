"""The navigator profile: merged schemas are JSON Schema 2020-12, the merged OpenAPI is 3.1,
the whole public API's document is valid, and the patches really are RFC 7386 patches."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from navigator.api.openapi import document
from navigator.hsds import profile


def test_every_merged_schema_is_a_valid_2020_12_schema():
    schemas = profile.merged_schemas()
    assert {"service", "organization", "location", "fact", "eligibility_rule"} <= set(schemas)
    for schema in schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_a_broken_patch_would_be_caught():
    broken = profile.merge(profile.core_schemas()["service"], {"properties": {"name": {"type": 7}}})
    with pytest.raises(SchemaError):
        Draft202012Validator.check_schema(broken)


def test_patches_add_the_profile_fields_and_keep_the_core():
    service = profile.merged_schemas()["service"]
    core = profile.core_schemas()["service"]
    assert set(core["properties"]) < set(service["properties"])
    for name in ("eligibility", "open_to_all", "text_locales", "translations", "summary"):
        assert name in service["properties"]
    assert set(core["required"]) < set(service["required"])
    # null in a patch removes (RFC 7386); arrays replace
    assert profile.merge({"a": 1, "b": [1, 2]}, {"a": None, "b": [3]}) == {"b": [3]}


def test_the_merged_hsds_openapi_is_valid_3_1_and_self_contained():
    merged = profile.merged_openapi()
    assert merged["openapi"].startswith("3.1")
    validate(merged)
    text = json.dumps(merged)
    assert "raw.githubusercontent.com" not in text
    assert '.json"' not in text.replace('/{name}.json"', "")  # no file references left


def test_the_whole_api_document_is_valid_and_has_every_endpoint():
    doc = document()
    validate(doc)
    assert doc["servers"] == [{"url": "/api/v1"}]
    assert {
        "/hsds/",
        "/hsds/services",
        "/hsds/services/{id}",
        "/hsds/organizations",
        "/hsds/organizations/{id}",
        "/hsds/service_at_locations",
        "/hsds/service_at_locations/{id}",
        "/hsds/taxonomies",
        "/hsds/taxonomy_terms",
        "/hsds/facts",
        "/hsds/profile",
        "/eligibility",
    } <= set(doc["paths"])
    assert set(doc["paths"]["/eligibility"]) == {"post"}


def test_the_validator_is_not_a_rubber_stamp():
    doc = document()
    doc["paths"]["/hsds/services"]["get"]["responses"] = {"200": {"content": {}}}
    with pytest.raises(OpenAPIValidationError):
        validate(doc)


def test_served_document_is_the_valid_one(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.json
    validate(served)
    assert "ar" in served["components"]["parameters"]["locale"]["schema"]["enum"]
    example = served["paths"]["/hsds/services/{id}"]["get"]["parameters"][0]["example"]
    assert client.get(f"/api/v1/hsds/services/{example}").status_code == 200


def test_profile_is_published_with_its_patches_and_schemas(client):
    body = client.get("/api/v1/hsds/profile").json
    assert body["hsds_version"] == "3.0"
    assert body["patches"]["schema"]["service"] == profile.patches()["service"]
    assert body["patches"]["openapi"] == profile.openapi_patch()
    url = body["schemas"]["service"]
    path = url.split("//", 1)[1].split("/", 1)[1]
    schema = client.get("/" + path)
    assert schema.status_code == 200
    assert schema.mimetype == "application/schema+json"
    assert schema.json["$id"] == url
    Draft202012Validator.check_schema(schema.json)
    assert client.get("/api/v1/hsds/profile/schema/nothing.json").status_code == 404
