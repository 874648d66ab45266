"""HSDS 3.0 publications: the official examples read, write and read back equivalently.

"Equivalent" is exact here: the same rows in the same tables, column by column
(tables.flatten), however the objects were nested.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from navigator.hsds import publication as hsds
from navigator.hsds.tables import flatten, tables
from tests.conftest import ROOT

EXAMPLES = ROOT / "navigator" / "standards" / "hsds-3.0" / "examples"
PUBLICATIONS = [
    "service_full.json",
    "organization_full.json",
    "service_at_location_full.json",
    "service_list.json",
    "organization_list.json",
    "taxonomy_term_list.json",
    "location.json",
    "csv",
]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_official_tables_come_back_as_they_were(tmp_path: Path) -> None:
    publication = hsds.read(EXAMPLES / "csv")
    assert [s["name"] for s in publication["services"]] == ["Community Counselling"]
    service = publication["services"][0]
    assert service["service_at_locations"][0]["location"]["name"] == "MyCity Civic Center"
    assert service["schedules"][0]["byday"] == "TH,FR"
    written = hsds.write_tables(publication, tmp_path / "out")
    assert (tmp_path / "out" / "datapackage.json").exists()
    for table in tables().values():
        original = EXAMPLES / "csv" / table.path
        again = tmp_path / "out" / table.path
        assert again.read_text().splitlines()[0] == original.read_text().splitlines()[0]
        assert _csv_rows(again) == _csv_rows(original), table.path
    assert written.rows["service"] == 1


@pytest.mark.parametrize("name", PUBLICATIONS)
def test_each_official_example_round_trips_through_json_and_tables(
    name: str, tmp_path: Path
) -> None:
    publication = hsds.read(EXAMPLES / name)
    rows = flatten(publication)
    assert rows
    hsds.write_json(publication, tmp_path / "json")
    hsds.write_tables(publication, tmp_path / "csv")
    assert flatten(hsds.read(tmp_path / "json")) == rows
    assert flatten(hsds.read(tmp_path / "csv")) == rows
    assert flatten(hsds.read(tmp_path / "csv" / "datapackage.json")) == rows


def test_the_data_package_describes_every_table_with_the_standards_columns() -> None:
    package = hsds.datapackage()
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(tables())
    service = {f["name"]: f for f in resources["service"]["schema"]["fields"]}
    assert service["status"]["constraints"]["enum"][0] == "active"
    assert service["id"]["format"] == "uuid"
    assert service["organization_id"]["constraints"]["required"] is True
    assert service["last_modified"]["type"] == "datetime"
    assert resources["service"]["schema"]["primaryKey"] == ["id"]


def test_a_service_breaking_the_json_schema_is_refused(tmp_path: Path) -> None:
    service = json.loads((EXAMPLES / "service_full.json").read_text())
    service["status"] = "open"
    del service["name"]
    with pytest.raises(hsds.PublicationError) as error:
        hsds.write_json({"services": [service]}, tmp_path / "json")
    assert any("'open' is not one of" in p for p in error.value.problems)
    assert any("'name' is a required property" in p for p in error.value.problems)
    assert not (tmp_path / "json").exists()
    (tmp_path / "in.json").write_text(json.dumps(service))
    with pytest.raises(hsds.PublicationError):
        hsds.read(tmp_path / "in.json")


def test_tables_breaking_the_table_schemas_are_refused(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "csv", tmp_path / "csv")
    services = tmp_path / "csv" / "services.csv"
    services.write_text(services.read_text().replace(",active,", ",open,"))
    locations = tmp_path / "csv" / "locations.csv"
    locations.write_text(locations.read_text().replace(",100,101,", ",north,101,"))
    with pytest.raises(hsds.PublicationError) as error:
        hsds.read(tmp_path / "csv")
    text = "\n".join(error.value.problems)
    assert "service row 2 status" in text
    assert "location row 2 latitude" in text


def test_unreadable_json_is_named(tmp_path: Path) -> None:
    (tmp_path / "services.json").write_text("{not json")
    with pytest.raises(hsds.PublicationError) as error:
        hsds.read(tmp_path)
    assert error.value.problems[0].startswith("services.json: not readable JSON")
