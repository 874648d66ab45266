"""The benchmark's synthetic city is a valid content pack (bench/run.py refuses one that is
not, after minutes of work: catch it here instead)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from navigator.config import ROOT


def _citygen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("citygen", ROOT / "bench" / "citygen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_generated_city_validates(tmp_path: Path) -> None:
    citygen = _citygen()
    info = citygen.generate(tmp_path / "pack", services=400)
    problems = citygen.validate(tmp_path / "pack", info)
    assert not problems, problems.items[:5]
    assert len(info["services"]) == 400
    # Places moved to another building kept the hours they had (no inheritance left
    # pointing at a building that may have none).
    moved = [
        place
        for data in info["services"]
        for place in data.get("locations", [])
        if place["location"] != "welcome-centre-marktplatz" and place.get("location_hours")
    ]
    assert moved == []
