"""Every supported locale's UI catalog is complete: nothing untranslated or fuzzy, and
placeholders match the English."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from navigator.config import ALL_LOCALES, ROOT

LOCALES = [locale for locale in ALL_LOCALES if locale != "en"]


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    path = ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"no catalog for {locale}"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _template_ids() -> set[str]:
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_complete(locale: str):
    catalog = _catalog(locale)
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not all(m.string) if isinstance(m.string, tuple) else not m.string)
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{locale}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert not fuzzy, f"{locale}: fuzzy entries {fuzzy[:3]}"
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = _template_ids() - ids
    assert not missing, f"{locale}: catalog lacks {sorted(missing)[:3]} (run translations update)"


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match(locale: str):
    problems = [(m.id, [str(e) for e in errors]) for m, errors in _catalog(locale).check()]
    assert not problems, problems[:3]


def test_template_is_current():
    """messages.pot holds every string the code and templates use (run `translations
    extract` after adding strings)."""
    import tempfile
    from pathlib import Path

    from babel.messages.frontend import CommandLineInterface

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "messages.pot"
        CommandLineInterface().run(
            ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "L_", "-k", "N_",
             "--no-location", "-o", str(out), str(ROOT)]
        )  # fmt: skip
        with out.open("rb") as handle:
            fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert fresh == _template_ids()
