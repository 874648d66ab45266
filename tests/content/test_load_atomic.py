"""`content load` is all or nothing, also when a pack fails half-way through loading.

The pack below is valid up to its last service: earlier files change a topic and a service
(which a loader committing as it goes would already have written), then the last service
breaks. Once in a way validation catches (an unknown organisation), once in a way only the
database notices while loading (the same location listed twice, a unique-key violation).
Either way the database must hold exactly what it held before — every row of every table.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from navigator.content.loader import PackError, check_pack, load_pack
from navigator.db import Base, make_engine
from tests.conftest import DEMO_PACK

NEW_TITLE = "Register your address (changed by the half-loaded pack)"
NEW_TOPIC = "Health (changed by the half-loaded pack)"
LAST = "youth-counselling"  # the last service the loader reaches (files load in name order)


def snapshot(url: str) -> dict[str, list[str]]:
    """Every row of every table, read through a connection of its own."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: sorted(repr(tuple(row)) for row in conn.execute(select(table)))
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _pack_with_early_changes(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(DEMO_PACK, pack)
    _replace(pack / "topics.yaml", "title: Health\n", f"title: {NEW_TOPIC}\n")
    _replace(
        pack / "services" / "address-registration.md",
        "\ntitle: Register your address\n",
        f"\ntitle: {NEW_TITLE}\n",
    )
    assert list(check_pack(pack).entities["services"])[-1] == LAST
    return pack


def broken_at_load(tmp_path: Path) -> Path:
    """Valid for `content check`; the last service lists its location twice, which only the
    database's unique (service, location) key refuses. (If validation learns to catch this,
    find another load-time-only fault: the point is a failure after earlier writes.)"""
    pack = _pack_with_early_changes(tmp_path)
    path = pack / "services" / f"{LAST}.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - location: youth-point")
    end = text.index("---", start)
    path.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    check_pack(pack)  # nothing for validation to see
    return pack


def broken_at_check(tmp_path: Path) -> Path:
    pack = _pack_with_early_changes(tmp_path)
    _replace(pack / "services" / f"{LAST}.md", "organisation: youth-office", "organisation: nope")
    return pack


BROKEN = {"fails while loading": broken_at_load, "fails validation": broken_at_check}


@pytest.fixture
def loaded_app(make_app, fresh_database_url: str) -> Iterator:  # type: ignore[no-untyped-def]
    """An app on its own database, with the demo pack loaded through the CLI."""
    app = make_app(DATABASE_URL=fresh_database_url)
    result = app.test_cli_runner().invoke(args=["content", "load", str(DEMO_PACK)])
    assert result.exit_code == 0, result.output
    yield app


def test_the_early_changes_would_be_written_by_a_good_pack(loaded_app, tmp_path):  # type: ignore[no-untyped-def]
    # Guards the tests below: without the broken last file, the pack changes the database.
    url = loaded_app.config["DATABASE_URL"]
    before = snapshot(url)
    pack = _pack_with_early_changes(tmp_path)
    result = loaded_app.test_cli_runner().invoke(args=["content", "load", str(pack)])
    assert result.exit_code == 0, result.output
    after = snapshot(url)
    assert after != before
    assert any(NEW_TITLE in row for row in after["service_translation"])
    assert any(NEW_TOPIC in row for row in after["topic_translation"])


@pytest.mark.parametrize("break_pack", BROKEN.values(), ids=BROKEN.keys())
def test_cli_load_of_a_pack_failing_half_way_writes_nothing(loaded_app, tmp_path, break_pack):  # type: ignore[no-untyped-def]
    url = loaded_app.config["DATABASE_URL"]
    before = snapshot(url)
    pack = break_pack(tmp_path)
    result = loaded_app.test_cli_runner().invoke(args=["content", "load", str(pack)])
    assert result.exit_code != 0, result.output
    assert "nothing was loaded" in result.output
    assert "Traceback" not in result.output
    if break_pack is broken_at_check:
        assert f"services/{LAST}.md: organisation" in result.output
    assert snapshot(url) == before


@pytest.mark.parametrize("break_pack", BROKEN.values(), ids=BROKEN.keys())
def test_load_pack_failing_half_way_writes_nothing(
    fresh_session, fresh_database_url, tmp_path, break_pack
):  # type: ignore[no-untyped-def]
    load_pack(fresh_session, DEMO_PACK)
    fresh_session.commit()
    before = snapshot(fresh_database_url)
    pack = break_pack(tmp_path)
    with pytest.raises((PackError, IntegrityError)) as caught:
        load_pack(fresh_session, pack)
    assert caught.type is (PackError if break_pack is broken_at_check else IntegrityError)
    fresh_session.rollback()
    assert snapshot(fresh_database_url) == before


def test_load_pack_into_an_empty_database_failing_half_way_writes_nothing(
    fresh_session, fresh_database_url, tmp_path
):  # type: ignore[no-untyped-def]
    before = snapshot(fresh_database_url)
    with pytest.raises(IntegrityError):
        load_pack(fresh_session, broken_at_load(tmp_path))
    fresh_session.rollback()
    assert snapshot(fresh_database_url) == before
