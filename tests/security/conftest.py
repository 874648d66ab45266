"""Helpers for the security tests: apps bound to other databases or other settings."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from navigator import create_app, migrate
from tests.conftest import DEMO_PACK, FIXED_NOW, _base_url, _drop_schema, _fresh

SECRET = "test-secret-key-not-for-production"


def fresh_database(tmp: Path, name: str) -> str:
    """A migrated, empty database of the suite's kind (for module-scoped fixtures)."""
    url = _fresh(_base_url(tmp), tmp, name)
    migrate.upgrade(url)
    return url


def drop_database(url: str) -> None:
    _drop_schema(url)


@pytest.fixture
def make_app() -> Iterator[Callable[..., Flask]]:
    """Build extra apps; their engines are disposed afterwards so a PostgreSQL schema
    can be dropped by the fixture that made it."""
    made: list[Flask] = []

    def build(database_url: str, **config: Any) -> Flask:
        settings: dict[str, Any] = {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "NOW": FIXED_NOW,
        }
        settings.update(config)
        application = create_app(settings)
        made.append(application)
        return application

    yield build
    for application in made:
        application.extensions["navigator_db"].dispose()


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(DEMO_PACK, target)
    return target


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="flash" role="status">([^<]*)</p>', html)


def field_errors(html: str) -> list[str]:
    return re.findall(r'<p class="field-error" id="answer-error">([^<]*)</p>', html)


def answer_input(html: str) -> str:
    match = re.search(r'<input[^>]*\bname="answer"[^>]*>', html)
    assert match, "no answer input on the page"
    return match.group(0)
