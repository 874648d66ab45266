"""Write and read HSDS 3.0 publications: JSON, and the tabular data package (CSV files with
a `datapackage.json`), each validated against the standard's schemas.

A publication is a dict of top-level lists of nested HSDS objects: "services" (full service
objects, as `examples/service_full.json`), "organizations", "taxonomies", "taxonomy_terms"
(and, read from tables, any row no object reached, under its table's name). JSON is checked
with jsonschema against `schema/*.json`; the tables with frictionless against the table
schemas of the data package written from `schema/compiled/tabular.json`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from navigator.hsds.tables import (
    SCHEMAS,
    TOP_LEVEL,
    Rows,
    flatten,
    from_cell,
    tables,
    to_cell,
    unflatten,
)

PROFILE = "https://openreferral.org/specification/3.0/profile"
#: tabular.json's extra types ("datapackage_type") and the JSON Schema formats Table Schema has
_TYPES = {"date": "date", "datetime": "datetime", "time": "time"}
_FORMATS = {"uuid": "uuid", "email": "email", "uri": "uri"}


class PublicationError(Exception):
    """The publication cannot be read or does not follow the standard: nothing was done."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the HSDS publication")
        self.problems = problems


# -- validation -------------------------------------------------------------------------


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (p.name, Resource.from_contents(_load(p), default_specification=DRAFT202012))
        for p in sorted(SCHEMAS.glob("*.json"))
    )


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validator(table: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        _load(SCHEMAS / f"{table}.json"),
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def json_problems(publication: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Each object of the publication's lists checked against its table's schema."""
    problems = []
    by_list = {name: table for table, name in TOP_LEVEL.items()}
    for name, objects in publication.items():
        table = by_list.get(name, name)
        if table not in tables():
            problems.append(f"{name}: not an HSDS collection")
            continue
        for index, obj in enumerate(objects):
            for error in _validator(table).iter_errors(obj):
                where = "/".join(str(p) for p in error.absolute_path)
                ident = obj.get("id", index) if isinstance(obj, dict) else index
                problems.append(f"{name}[{ident}]{'/' + where if where else ''}: {error.message}")
    return problems


def datapackage(name: str = "hsds", title: str = "") -> dict[str, Any]:
    """The data package descriptor: one tabular resource per HSDS table, with its fields,
    types, formats, enumerations and required columns, and `id` as the primary key."""
    resources = []
    for table in tables().values():
        fields = []
        for column, spec in table.columns.items():
            field: dict[str, Any] = {
                "name": column,
                "type": _TYPES.get(spec.get("datapackage_type", ""), spec.get("type", "string")),
            }
            if spec.get("format") in _FORMATS:
                field["format"] = _FORMATS[spec["format"]]
            if field["type"] == "time":
                field["format"] = "any"  # the standard's own examples write "10:00"
            constraints = {}
            if column in table.required:
                constraints["required"] = True
            if spec.get("constraints", {}).get("unique") and column == "id":
                constraints["unique"] = True
            if "enum" in spec:
                constraints["enum"] = spec["enum"]
            if constraints:
                field["constraints"] = constraints
            if spec.get("title"):
                field["title"] = spec["title"]
            fields.append(field)
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["id"]},
            }
        )
    package: dict[str, Any] = {"name": name, "profile": "tabular-data-package"}
    if title:
        package["title"] = title
    package["resources"] = resources
    return package


def table_problems(root: Path) -> list[str]:
    """The standard's CSV files at `root` checked against the standard's table schemas
    (columns, types, formats, enumerations, required values, unique ids) with frictionless.
    A package's own datapackage.json is not trusted to say what HSDS is."""
    from frictionless import Package

    descriptor = datapackage()
    descriptor["resources"] = [r for r in descriptor["resources"] if (root / r["path"]).is_file()]
    if not descriptor["resources"]:
        return [f"{root}: none of HSDS's tables (services.csv, organizations.csv, …)"]
    report = Package(descriptor, basepath=str(root)).validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            where = task.name
            if getattr(error, "row_number", None):
                where += f" row {error.row_number}"
            if getattr(error, "field_name", None):
                where += f" {error.field_name}"
            problems.append(f"{where}: {error.message}")
    problems += [error.message for error in report.errors]
    return problems


# -- writing ----------------------------------------------------------------------------


@dataclass
class Written:
    files: list[Path]
    rows: dict[str, int]


def write_json(publication: dict[str, list[dict[str, Any]]], out: Path) -> list[Path]:
    """One file per top-level list (services.json, organizations.json, …), each a JSON
    array of full objects; refused (nothing written) when an object breaks the schema."""
    problems = json_problems(publication)
    if problems:
        raise PublicationError(problems)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in [*TOP_LEVEL.values(), *(n for n in publication if n not in TOP_LEVEL.values())]:
        path = out / f"{name}.json"
        text = json.dumps(publication.get(name, []), ensure_ascii=False, indent=2)
        path.write_text(text + "\n", encoding="utf-8")
        written.append(path)
    return written


def write_tables(publication: dict[str, list[dict[str, Any]]], out: Path, **meta: str) -> Written:
    """The tabular data package: every table's CSV (header only when empty) with the
    standard's columns, and datapackage.json; validated after writing."""
    return write_rows(flatten(publication), out, **meta)


#: midnight at the end of a day: HSDS's JSON (and the API) may say "24:00", a table's
#: `time` cell cannot hold it and gets the day's last second (read back as "24:00")
MIDNIGHT = {"24:00": "23:59:59", "24:00:00": "23:59:59"}


def _time_cell(value: Any) -> str:
    cell = to_cell(value)
    return MIDNIGHT.get(cell, cell)


def write_rows(rows: Rows, out: Path, **meta: str) -> Written:
    out.mkdir(parents=True, exist_ok=True)
    files, counts = [], {}
    for table in tables().values():
        path = out / table.path
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        cells = [
            _time_cell if spec.get("datapackage_type") == "time" else to_cell
            for spec in table.columns.values()
        ]
        for row in rows.get(table.name, {}).values():
            writer.writerow(
                [cell(row.get(c)) for cell, c in zip(cells, table.columns, strict=True)]
            )
        path.write_text(buffer.getvalue(), encoding="utf-8")
        files.append(path)
        counts[table.name] = len(rows.get(table.name, {}))
    descriptor = out / "datapackage.json"
    descriptor.write_text(json.dumps(datapackage(**meta), indent=2) + "\n", encoding="utf-8")
    files.append(descriptor)
    problems = table_problems(out)
    if problems:
        raise PublicationError(problems)
    return Written(files, counts)


# -- reading ----------------------------------------------------------------------------


def read(
    path: Path, keep: Mapping[str, Collection[str]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """An HSDS publication from a tabular package (a datapackage.json or its directory), a
    directory of JSON files, or one JSON file (an object, a list, an API page of
    `contents`, or a publication of top-level lists), as the nested publication; raises
    PublicationError naming every problem. `keep` ({table: field names}): a profile's
    fields kept from JSON (tables have only the standard's)."""
    path = Path(path)
    if path.name == "datapackage.json":
        path = path.parent
    if path.is_dir() and any((path / t.path).is_file() for t in tables().values()):
        return unflatten(read_rows(path))
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise PublicationError([f"{path}: no datapackage.json and no JSON files"])
    found: dict[str, list[dict[str, Any]]] = {}
    problems = []
    for file in files:
        try:
            data = _load(file)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{file.name}: not readable JSON: {error}")
            continue
        for name, objects in _collections(data, file.stem).items():
            found.setdefault(name, []).extend(objects)
    if not problems:
        problems = json_problems(found)
    if problems:
        raise PublicationError(problems)
    return unflatten(flatten(found, keep))


def _collections(data: Any, stem: str) -> dict[str, list[dict[str, Any]]]:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # a page of the HSDS API
    if isinstance(data, dict) and "id" not in data:  # a publication: top-level lists
        return {n: v for n, v in data.items() if isinstance(v, list)}
    items = data if isinstance(data, list) else [data]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if isinstance(item, dict):
            by_kind.setdefault(_kind(item, stem), []).append(item)
    return by_kind


def _kind(obj: dict[str, Any], stem: str) -> str:
    """Which collection a lone object belongs in, from its file's name or its fields."""
    names = {**{t: t for t in tables()}, **TOP_LEVEL}
    for table in sorted(names, key=len, reverse=True):
        if stem.startswith((names[table], table)):
            return names[table]
    if "location" in obj and "service" in obj:
        return "service_at_location"
    if "status" in obj or "service_at_locations" in obj:
        return "services"
    if "taxonomy_detail" in obj or "parent_id" in obj or "code" in obj:
        return "taxonomy_terms"
    if "services" in obj or "website" in obj or "organization_identifiers" in obj:
        return "organizations"
    return "taxonomies" if "version" in obj else "services"


def read_rows(root: Path) -> Rows:
    """The tables of the package at `root`, validated first (frictionless), as rows."""
    problems = table_problems(root)
    if problems:
        raise PublicationError(problems)
    rows: Rows = {}
    for table in (t.name for t in tables().values() if (root / t.path).is_file()):
        with (root / tables()[table].path).open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                row = {
                    column: from_cell(table, column, cell)
                    for column, cell in record.items()
                    if cell not in ("", None) and column in tables()[table].columns
                }
                if row.get("id"):
                    rows.setdefault(table, {})[row["id"]] = row
    return rows
