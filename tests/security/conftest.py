"""Helpers for the security tests: apps bound to other databases or other settings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from navigator import migrate
from tests.conftest import DEMO_PACK, _base_url, _drop_schema, _fresh

SECRET = "test-secret-key-not-for-production"


def fresh_database(tmp: Path, name: str) -> str:
    """A migrated, empty database of the suite's kind (for module-scoped fixtures)."""
    url = _fresh(_base_url(tmp), tmp, name)
    migrate.upgrade(url)
    return url


def drop_database(url: str) -> None:
    _drop_schema(url)


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
