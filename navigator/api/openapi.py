"""GET /api/v1/openapi.json — the whole public API as one OpenAPI 3.1 document.

The HSDS endpoints come from the HSDS 3.0 OpenAPI document merged with the navigator
profile (`navigator.hsds.profile.merged_openapi`), moved under `/hsds`; the eligibility
endpoint is described here. Served relative to `/api/v1` (`servers`), so the same document
is right on every host.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from flask import Response, jsonify

from navigator.hsds import profile

ERROR = {"$ref": "#/components/responses/BadRequest"}
STATUS = {"type": "string", "enum": ["eligible", "not_eligible", "unknown"]}
LINE = {
    "type": "object",
    "properties": {
        "text": {"type": "string"},
        "verdict": {"type": ["string", "null"]},
        "outcome": {"type": ["string", "null"]},
        "answer": {"type": ["string", "null"]},
        "depth": {"type": "integer"},
    },
    "required": ["text", "depth"],
}
ELIGIBILITY = {
    "post": {
        "operationId": "assessEligibility",
        "summary": "Which services a person is eligible for, with the reasons (the pages' engine).",
        "description": (
            "Nothing is stored. `facts` are answers keyed by fact id (see /hsds/facts), "
            "`needs` topic slugs. At most 50 services a page; `next` is the page after."
        ),
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "locale": {"type": "string"},
                            "facts": {"type": "object"},
                            "needs": {"type": "array", "items": {"type": "string"}},
                            "page": {"type": "integer", "minimum": 1, "maximum": 10000},
                        },
                        "additionalProperties": False,
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "The services, their status and explanation, the next question.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "locale": {"type": "string"},
                                "counts": {
                                    "type": "object",
                                    "additionalProperties": {"type": "integer"},
                                },
                                "services": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "slug": {"type": "string"},
                                            "title": {"type": "string"},
                                            "status": STATUS,
                                            "open_to_all": {"type": "boolean"},
                                            "explanation": {"type": "array", "items": LINE},
                                            "deciding_facts": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "properties": {
                                                        "id": {"type": "string"},
                                                        "subject": {"type": "string"},
                                                    },
                                                },
                                            },
                                        },
                                        "required": ["slug", "title", "status"],
                                    },
                                },
                                "page": {"type": "integer"},
                                "per_page": {"type": "integer"},
                                "total": {"type": "integer"},
                                "next": {"type": ["integer", "null"]},
                                "next_question": {"type": ["object", "null"]},
                            },
                            "required": ["locale", "counts", "services", "page", "total"],
                        }
                    }
                },
            },
            "400": ERROR,
            "413": {
                "description": "The request is too large.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
            "429": {"$ref": "#/components/responses/TooManyRequests"},
        },
    }
}


@cache
def _document() -> dict[str, Any]:
    hsds = profile.merged_openapi()
    document = {key: value for key, value in hsds.items() if key != "paths"}
    document["info"] = {
        **hsds["info"],
        "title": "Newcomer Navigator public API",
        "summary": "The eligibility engine and the directory as HSDS 3.0 (navigator profile).",
    }
    document["servers"] = [{"url": "/api/v1"}]
    paths = {
        ("/hsds" + path if path != "/" else "/hsds/"): item for path, item in hsds["paths"].items()
    }
    paths["/eligibility"] = ELIGIBILITY
    document["paths"] = paths
    return document


def document() -> dict[str, Any]:
    return copy.deepcopy(_document())


def served() -> dict[str, Any]:
    """The document as this deployment serves it: its locales as the `locale` values, and
    a real id as each `{id}`'s example."""
    from navigator.hsds import queries, views
    from navigator.hsds.mapping import TAXONOMY_KEY, hsds_id
    from navigator.i18n import active_locales

    result = document()
    locales = list(active_locales())
    result["components"]["parameters"]["locale"]["schema"]["enum"] = locales
    body = result["paths"]["/eligibility"]["post"]["requestBody"]["content"]
    body["application/json"]["schema"]["properties"]["locale"]["enum"] = locales
    index = queries.index(views.today())
    examples = {
        "services": next(iter(index.by_uuid), None),
        "organizations": next(iter(index.organisations), None),
        "service_at_locations": next(iter(index.places), None),
        "taxonomies": hsds_id("taxonomy", TAXONOMY_KEY),
        "taxonomy_terms": next(iter(index.topics_by_uuid), None),
    }
    for kind, example in examples.items():
        if example is None:
            continue
        for parameter in result["paths"][f"/hsds/{kind}/{{id}}"]["get"]["parameters"]:
            if parameter.get("name") == "id":
                parameter["example"] = example
    return result


def openapi() -> Response:
    return jsonify(served())
