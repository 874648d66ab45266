"""`flask content export-translations` and `import-translations` (see exchange.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from navigator.cli import COMMAND_LINE, content_cli
from navigator.content import exchange
from navigator.db import db


@content_cli.command("export-translations")
@click.option("--locale", required=True, help="The target language, e.g. fa.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(exchange.FORMATS)),
    default="xliff",
    show_default=True,
)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export_translations(locale: str, fmt: str, out: Path) -> None:
    """Write every translatable text with its LOCALE translation to OUT (XLIFF 1.2, XLIFF 2
    or PO), one unit per field, for a translation agency or tool."""
    from navigator.editor import audit

    source = str(current_app.config["SOURCE_LOCALE"])
    if locale == source or locale not in current_app.config["LOCALES"]:
        click.echo(f"{locale} is not a language this city translates into", err=True)
        sys.exit(2)
    out.write_bytes(exchange.export(db.session, locale, source, fmt))
    audit.record(
        "export", email=COMMAND_LINE, target=f"translations:{locale}", path=str(out), format=fmt
    )
    db.session.commit()
    click.echo(f"wrote the {locale} translations to {out} ({fmt})")


@content_cli.command("import-translations")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_translations(path: Path) -> None:
    """Read translations back from an XLIFF or PO file. Nothing is written when any unit has
    a problem (unknown id, lost links or numbers, older than the translation here)."""
    from navigator.editor import audit

    source = str(current_app.config["SOURCE_LOCALE"])
    found = exchange.check(db.session, path.read_bytes(), source)
    if found.problems:
        db.session.rollback()
        click.echo(f"Nothing was imported: {len(found.problems)} problems", err=True)
        for problem in found.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    count = exchange.apply(db.session, found, None)
    audit.record(
        "import",
        email=COMMAND_LINE,
        target=f"translations:{found.locale}",
        path=str(path),
        listings=count,
    )
    db.session.commit()
    click.echo(
        f"imported {found.locale} translations for {count} listings "
        f"({found.unchanged} units unchanged)"
    )
