"""`flask content export-translations`, `import-translations` (see exchange.py) and
`machine-translate` (see navigator/machine_translation/)."""

from __future__ import annotations

import sys
from contextlib import closing
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import current_app

from navigator.cli import COMMAND_LINE, content_cli
from navigator.content import exchange
from navigator.db import db
from navigator.machine_translation import KINDS as MACHINE_KINDS

if TYPE_CHECKING:
    from navigator.machine_translation.operations import Outcome


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


@content_cli.command("machine-translate")
@click.option("--locale", required=True, help="The target language, e.g. fa.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(MACHINE_KINDS),
    help="Only these kinds of listings (repeatable); all by default.",
)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many listings.")
def machine_translate(locale: str, kinds: tuple[str, ...], limit: int | None) -> None:
    """Machine-translate the listings with no LOCALE text at all, and publish them marked as
    machine translations (labelled on public pages until a translator reviews them). A
    person's translation is never replaced; a result that lost a link, number or list item
    is not published."""
    from navigator.machine_translation import MachineTranslationError, configured
    from navigator.machine_translation import operations as machine

    source = str(current_app.config["SOURCE_LOCALE"])
    if locale == source or locale not in current_app.config["LOCALES"]:
        click.echo(f"{locale} is not a language this city translates into", err=True)
        sys.exit(2)
    provider = configured()
    if provider is None:
        click.echo(
            "Machine translation is off: set NAVIGATOR_MT_PROVIDER=deepl and "
            "NAVIGATOR_DEEPL_AUTH_KEY",
            err=True,
        )
        sys.exit(2)
    with closing(provider):
        if not provider.supports(source, locale):
            click.echo(f"{provider.name} does not translate into {locale}", err=True)
            sys.exit(2)
        published: dict[str, int] = {}
        refused: list[Outcome] = []
        todo = (
            (kind, obj)
            for kind in kinds or MACHINE_KINDS
            for obj in machine.untranslated(kind, locale, source)
        )
        try:
            for kind, obj in islice(todo, limit):
                outcome = machine.fill(provider, kind, obj, locale, source)
                db.session.commit()  # each listing on its own: a later failure keeps it
                if outcome.published:
                    published[kind] = published.get(kind, 0) + 1
                else:
                    refused.append(outcome)
        except MachineTranslationError as error:
            db.session.rollback()
            _report(locale, published, refused)
            click.echo(f"Stopped: {error.message('en')} ({error.detail})", err=True)
            sys.exit(1)
    _report(locale, published, refused)


def _report(locale: str, published: dict[str, int], refused: list[Outcome]) -> None:
    by_kind = ", ".join(f"{kind} {count}" for kind, count in published.items())
    click.echo(
        f"{locale}: {sum(published.values())} listings machine-translated"
        + (f" ({by_kind})" if by_kind else "")
        + f", {len(refused)} not published"
    )
    for outcome in refused:
        click.echo(f"  {outcome.kind}/{outcome.key}: {'; '.join(outcome.problems)}")
