"""HSDS 3.0's tables, and nested HSDS objects ⇄ table rows (flatten / unflatten).

The tables and their columns are the standard's own (`schema/compiled/tabular.json`): a
column is a property that is not an array. A nested object becomes a row of its table with
a foreign key to the object it was nested in (a phone under a service gets `service_id`),
and the same object nested in several places (a phone of a service, its location and its
contact) is one row with all those keys. Un-flattening builds the nested objects back from
the keys, keeping every column, so table rows → objects → table rows is exact; two HSDS
publications are *equivalent* when their flattened tables are equal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

STANDARD = Path(__file__).resolve().parent.parent / "standards" / "hsds-3.0"
SCHEMAS = STANDARD / "schema"

#: an array property → the table of its items
ARRAYS = {
    "phones": "phone",
    "schedules": "schedule",
    "service_areas": "service_area",
    "service_at_locations": "service_at_location",
    "languages": "language",
    "funding": "funding",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "contacts": "contact",
    "attributes": "attribute",
    "metadata": "metadata",
    "addresses": "address",
    "accessibility": "accessibility",
    "locations": "location",
    "programs": "program",
    "organization_identifiers": "organization_identifier",
    "services": "service",
}
#: (table, property) of a single nested object → (its table, the column naming it)
SINGLES = {
    ("service", "organization"): ("organization", "organization_id"),
    ("service", "program"): ("program", "program_id"),
    ("service_at_location", "location"): ("location", "location_id"),
    ("service_at_location", "service"): ("service", "service_id"),
    ("attribute", "taxonomy_term"): ("taxonomy_term", "taxonomy_term_id"),
    ("taxonomy_term", "taxonomy_detail"): ("taxonomy", "taxonomy_id"),
}
#: tables whose rows may belong to an object of any table: (id column, table column)
POLYMORPHIC = {
    "attribute": ("link_id", "link_entity"),
    "metadata": ("resource_id", "resource_type"),
}
#: the publication's top-level lists (the HSDS API's collections), by table
TOP_LEVEL = {
    "service": "services",
    "organization": "organizations",
    "taxonomy": "taxonomies",
    "taxonomy_term": "taxonomy_terms",
}
#: array properties that un-flattening leaves out, whatever the keys say: they would nest
#: the publication inside itself (an organization's services are top-level already)
NOT_NESTED = {("organization", "services"), ("organization", "locations")}

Rows = dict[str, dict[str, dict[str, Any]]]  # table → id → row (column → value)


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    order: int
    #: column name → the field's definition in tabular.json
    columns: dict[str, dict[str, Any]]
    arrays: tuple[str, ...]
    required: tuple[str, ...]


@cache
def tables() -> dict[str, Table]:
    """The standard's tables in its order (organization, program, service, …)."""
    compiled = json.loads((SCHEMAS / "compiled" / "tabular.json").read_text(encoding="utf-8"))
    found = []
    for entry in compiled["properties"].values():
        item = entry["items"]
        props = item["properties"]
        found.append(
            Table(
                name=item["name"],
                path=item["path"],
                order=item["datapackage_metadata"]["order"],
                columns={k: v for k, v in props.items() if v.get("type") != "array"},
                arrays=tuple(k for k, v in props.items() if v.get("type") == "array"),
                required=(*item.get("required", ()), *item.get("tabular_required", ())),
            )
        )
    return {t.name: t for t in sorted(found, key=lambda t: t.order)}


def to_cell(value: Any) -> str:
    """A value as its CSV cell: numbers without a needless ".0", no value as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def from_cell(table: str, column: str, cell: str) -> Any:
    """A CSV cell as the JSON value its field holds ("" is no value)."""
    if cell == "":
        return None
    if tables()[table].columns.get(column, {}).get("type") == "number":
        try:
            number = float(cell)
        except ValueError:
            return cell  # left for validation to report
        return int(number) if number.is_integer() else number
    return cell


def _fk(child: str, parent: str) -> str | None:
    if child in POLYMORPHIC:
        return POLYMORPHIC[child][0]
    column = f"{parent}_id"
    return column if column in tables()[child].columns else None


def flatten(
    publication: dict[str, list[dict[str, Any]]],
    keep: Mapping[str, Collection[str]] | None = None,
) -> Rows:
    """Nested HSDS objects (lists under "services", "organizations", … or under a table's
    name) → rows per table, each object once however often it is nested. `keep`: fields
    of a profile ({table: names}) kept beside the standard's columns (JSON only: the
    tables have no place for them)."""
    rows: Rows = defaultdict(dict)
    known = tables()
    extra = keep or {}

    def visit(table: str, obj: dict[str, Any], parent: tuple[str, str] | None) -> None:
        columns = known[table].columns
        kept = extra.get(table, ())
        row = {k: v for k, v in obj.items() if (k in columns or k in kept) and v is not None}
        if parent is not None:
            fk = _fk(table, parent[0])
            if fk is not None:
                row.setdefault(fk, parent[1])
            if table in POLYMORPHIC:
                row.setdefault(POLYMORPHIC[table][1], parent[0])
        for prop, value in obj.items():
            if (table, prop) in SINGLES and isinstance(value, dict) and value.get("id"):
                child, column = SINGLES[(table, prop)]
                row.setdefault(column, value["id"])
                visit(child, value, None)
                owner = obj.get("organization_id") or (obj.get("organization") or {}).get("id")
                if child == "program" and owner:
                    # A service's programme is its organization's (the table requires the key).
                    rows["program"][value["id"]].setdefault("organization_id", owner)
            elif prop in ARRAYS and prop in known[table].arrays and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and item.get("id"):
                        visit(ARRAYS[prop], item, (table, obj["id"]))
        merged = rows[table].setdefault(obj["id"], {})
        for column, value in row.items():
            merged.setdefault(column, value)

    by_list = {v: k for k, v in TOP_LEVEL.items()}
    for name, objects in publication.items():
        table = by_list.get(name, name)
        if table in known:
            for obj in objects:
                if isinstance(obj, dict) and obj.get("id"):
                    visit(table, obj, None)
    return {t: rows[t] for t in known if rows.get(t)}


def unflatten(rows: Rows) -> dict[str, list[dict[str, Any]]]:
    """Rows per table → the nested publication: full services and organizations, the
    taxonomies and their terms, and under a table's name any row no object reached."""
    known = tables()
    children: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for table, by_id in rows.items():
        for row in by_id.values():
            for parent in known:
                fk = _fk(table, parent)
                if fk is None or not row.get(fk):
                    continue
                entity = row.get(POLYMORPHIC[table][1]) if table in POLYMORPHIC else None
                if entity in known and entity != parent:
                    continue  # the id is of another table's object
                children[(table, parent, row[fk])].append(row)

    def build(table: str, row: dict[str, Any], ancestors: frozenset[tuple[str, str]]) -> Any:
        here = ancestors | {(table, row["id"])}
        obj = dict(row)
        for (owner, prop), (child, column) in SINGLES.items():
            target = rows.get(child, {}).get(row.get(column) or "")
            if owner == table and target is not None and (child, target["id"]) not in here:
                obj[prop] = build(child, target, here)
        for prop in known[table].arrays:
            child = ARRAYS.get(prop)
            if child is None or (table, prop) in NOT_NESTED:
                continue
            items = [
                build(child, r, here)
                for r in children.get((child, table, row["id"]), [])
                if (child, r["id"]) not in here
            ]
            if items:
                obj[prop] = items
        return obj

    publication: dict[str, list[dict[str, Any]]] = {
        name: [build(table, row, frozenset()) for row in rows.get(table, {}).values()]
        for table, name in TOP_LEVEL.items()
    }
    reached = flatten(publication)
    for table, by_id in rows.items():
        missing = [row for key, row in by_id.items() if key not in reached.get(table, {})]
        if missing:
            publication.setdefault(TOP_LEVEL.get(table, table), []).extend(missing)
    return {k: v for k, v in publication.items() if v}
