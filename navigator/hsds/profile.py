"""The navigator profile of HSDS 3.0: JSON Merge Patches (RFC 7386) over the core schemas.

An HSDS profile is a set of patches to the core schemas and the core OpenAPI document
(https://docs.openreferral.org/en/latest/hsds/profiles.html). Ours lives in
`navigator/standards/navigator-profile/` (`schema/*.json`, `openapi.json`, README); the core
is vendored in `navigator/standards/hsds-3.0/`. Both are merged here, at runtime, with the
`json-merge-patch` library: a patch adds or replaces keys, `null` removes one, an array
replaces the core's whole array.

`merged_schemas(base)` gives every object's merged JSON Schema (2020-12) with `$id`s under
`base`, so their relative `$ref`s ("phone.json") resolve among themselves;
`registry(base)` holds them for `jsonschema`. `merged_openapi()` is the HSDS OpenAPI 3.1
document with the profile applied and every schema embedded under `components/schemas`
(the core's references to raw.githubusercontent.com become local ones), so nothing is
fetched from the network.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import json_merge_patch
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARDS = Path(__file__).resolve().parent.parent / "standards"
CORE = STANDARDS / "hsds-3.0" / "schema"
PROFILE = STANDARDS / "navigator-profile"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
PROFILE_NAME = "Newcomer Navigator profile"
#: the base URI the merged schemas name themselves by when not served (tests, exports)
DEFAULT_BASE = "https://newcomer-navigator.invalid/api/v1/hsds/profile/schema/"
REF = re.compile(r"^([a-z_]+)\.json$")


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def core_schemas() -> dict[str, dict[str, Any]]:
    """HSDS 3.0's object schemas by name ("service", "phone", …)."""
    return {p.stem: _read(p) for p in sorted(CORE.glob("*.json")) if p.stem != "openapi"}


@cache
def patches() -> dict[str, dict[str, Any]]:
    """The profile's schema patches (and its own new schemas) by name."""
    return {p.stem: _read(p) for p in sorted((PROFILE / "schema").glob("*.json"))}


@cache
def openapi_patch() -> dict[str, Any]:
    return _read(PROFILE / "openapi.json")  # type: ignore[no-any-return]


def merge(document: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch of a copy of `document` (neither argument changes)."""
    return json_merge_patch.merge(copy.deepcopy(document), copy.deepcopy(patch))


@cache
def _merged() -> dict[str, dict[str, Any]]:
    core = core_schemas()
    profile = patches()
    return {
        name: merge(core.get(name, {}), profile.get(name, {}))
        for name in sorted(set(core) | set(profile))
    }


def merged_schemas(base: str = DEFAULT_BASE) -> dict[str, dict[str, Any]]:
    """Every merged schema by name, declared JSON Schema 2020-12, `$id` = base + name.json."""
    return {
        name: {"$schema": DIALECT, "$id": f"{base}{name}.json", **copy.deepcopy(schema)}
        for name, schema in _merged().items()
    }


def registry(base: str = DEFAULT_BASE) -> Registry:  # type: ignore[type-arg]
    schemas = merged_schemas(base)
    return Registry().with_resources(  # type: ignore[no-any-return]
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in schemas.values()
    )


def _local_refs(node: Any) -> Any:
    """ "phone.json" → "#/components/schemas/phone", and the core document's absolute
    raw.githubusercontent.com references to the same."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                name = value.rsplit("/", 1)[-1]
                match = REF.match(name)
                if match:
                    value = f"#/components/schemas/{match.group(1)}"
            out[key] = _local_refs(value)
        return out
    if isinstance(node, list):
        return [_local_refs(item) for item in node]
    return node


@cache
def _openapi() -> dict[str, Any]:
    document = merge(_read(CORE / "openapi.json"), openapi_patch())
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in _merged().items():
        schemas[name] = copy.deepcopy(schema)
    return _local_refs(document)  # type: ignore[no-any-return]


def merged_openapi() -> dict[str, Any]:
    """The HSDS OpenAPI 3.1 document with the profile applied, self-contained."""
    return copy.deepcopy(_openapi())
