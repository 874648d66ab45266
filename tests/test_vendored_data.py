"""Third-party data the project carries: complete, licensed, and usable offline.

A fresh clone must have everything the tests and the app read (issue 7, point 11), so the
suite never reaches outside the clone or to the network.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from navigator.config import ROOT

JSONLOGIC = ROOT / "tests" / "data" / "jsonlogic"
HSDS = ROOT / "navigator" / "standards" / "hsds-3.0"
# Example file -> the HSDS object schema it is an instance of.
HSDS_EXAMPLES = {
    "service_full": "service",
    "organization_full": "organization",
    "location": "location",
    "service_at_location_full": "service_at_location",
    "taxonomy": "taxonomy",
    "taxonomy_term": "taxonomy_term",
}


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hsds_registry() -> Registry:
    # The object schemas refer to each other by file name ("phone.json"); resolve those
    # from the vendored files only, never by fetching.
    resources = {
        path.name: Resource.from_contents(_json(path), default_specification=DRAFT202012)
        for path in (HSDS / "schema").glob("*.json")
        if path.name != "openapi.json"
    }
    return Registry().with_resources(resources.items())


@pytest.mark.parametrize("folder", [JSONLOGIC, HSDS], ids=["jsonlogic", "hsds-3.0"])
def test_each_vendored_folder_has_its_licence_and_source_note(folder: Path) -> None:
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    assert len(licence) > 500
    for what in ("Origin", "Version", "Licence", "Vendored"):
        assert what in source, f"{folder}/SOURCE.md does not say its {what}"


def test_hsds_schemas_are_valid_json_schemas() -> None:
    paths = [*(HSDS / "schema").glob("*.json"), *(HSDS / "schema" / "compiled").glob("*.json")]
    assert len(paths) >= 20
    for path in paths:
        if path.name == "openapi.json":
            assert _json(path)["openapi"].startswith("3.")  # type: ignore[index]
            continue
        jsonschema.Draft202012Validator.check_schema(_json(path))  # type: ignore[arg-type]


@pytest.mark.parametrize(("example", "schema"), HSDS_EXAMPLES.items())
def test_hsds_examples_validate_offline(hsds_registry: Registry, example: str, schema: str) -> None:
    validator = jsonschema.Draft202012Validator(
        _json(HSDS / "schema" / f"{schema}.json"),  # type: ignore[arg-type]
        registry=hsds_registry,
        format_checker=jsonschema.FormatChecker(),
    )
    instance = _json(HSDS / "examples" / f"{example}.json")
    assert list(validator.iter_errors(instance)) == []
    # And the validator really checks: an object without its required id is refused.
    broken = {k: v for k, v in instance.items() if k != "id"}  # type: ignore[union-attr]
    assert any("'id' is a required property" in e.message for e in validator.iter_errors(broken))


def test_self_contained_service_schema_accepts_the_example() -> None:
    schema = _json(HSDS / "schema" / "compiled" / "service_with_definitions.json")
    instance = _json(HSDS / "examples" / "service_full.json")
    jsonschema.validate(instance, schema, cls=jsonschema.Draft202012Validator)  # type: ignore[arg-type]
