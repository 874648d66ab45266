"""Gettext catalogs: extract, update, compile (Babel's own API, no shell-outs).

Catalogs are compiled when the app starts whenever a .po is newer than its .mo, so nobody
ever runs a manual compile step; maintainers use `flask --app navigator translations ...`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from navigator.config import ROOT

TRANSLATIONS = ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"
BABEL_CFG = ROOT / "babel.cfg"


def catalog_paths() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def compile_catalogs(quiet: bool = False) -> list[Path]:
    """Compile every .po whose .mo is missing or older; atomic, safe with many workers."""
    compiled = []
    for po_path in catalog_paths():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the server may run as another user
        os.replace(tmp, mo_path)
        compiled.append(mo_path)
        if not quiet:
            print(f"compiled {mo_path.relative_to(ROOT)}")
    return compiled


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", *args])


def extract() -> None:
    _pybabel(
        "extract", "-F", str(BABEL_CFG), "-k", "L_", "-k", "N_", "--no-location",
        "--sort-output", "--project", "newcomer-navigator", "-o", str(POT_FILE), str(ROOT),
    )  # fmt: skip


def update() -> None:
    _pybabel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "--no-fuzzy-matching")


def init_locale(locale: str) -> None:
    _pybabel("init", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "-l", locale)
