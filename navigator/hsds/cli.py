"""`flask content export-hsds OUT`, `flask content import-hsds PATH [--dry-run]` and
`flask content prepare-hsds [--locale L]… [--all]`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import current_app, g
from sqlalchemy.exc import SQLAlchemyError

from navigator.cli import COMMAND_LINE, content_cli
from navigator.db import db


@content_cli.command("export-hsds")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--locale", help="The language of the texts (default: the source language).")
def export_hsds(out: Path, locale: str | None) -> None:
    """Write the published directory as an HSDS 3.0 publication to OUT: JSON files in
    OUT/json and the tabular data package (datapackage.json + CSV) in OUT/csv, both
    validated against the standard's schemas."""
    from navigator.hsds import publication as hsds

    locale = locale or str(current_app.config["SOURCE_LOCALE"])
    if locale not in current_app.config["LOCALES"]:
        click.echo(f"{locale} is not a language of this city", err=True)
        sys.exit(2)
    from navigator.hsds.queries import publication_objects

    objects = publication_objects(locale)
    try:
        hsds.write_json(objects, out / "json")
        written = hsds.write_tables(objects, out / "csv", name="newcomer-navigator-hsds")
    except hsds.PublicationError as error:
        click.echo(f"The export breaks the HSDS 3.0 schemas ({len(error.problems)}):", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    counts = ", ".join(f"{n} {t}" for t, n in written.rows.items() if n)
    _audit("export", out, summary=f"HSDS 3.0 publication: {counts}", locale=locale)
    db.session.commit()
    click.echo(f"wrote an HSDS 3.0 publication to {out} (json/, csv/): {counts}")


@content_cli.command("import-hsds")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="Import even over changes made in the back office (each overwritten object's "
    "history keeps what it replaced).",
)
def import_hsds(path: Path, dry_run: bool, force: bool) -> None:
    """Import an HSDS 3.0 publication (a JSON file or directory, or a tabular package with
    datapackage.json) through the content pack loader: validated, all or nothing, with
    revisions as for `content load`. Lists what the content pack has no place for."""
    from navigator.content.loader import PackConflict, PackError
    from navigator.hsds import mapping
    from navigator.hsds.importer import import_publication
    from navigator.hsds.publication import PublicationError

    try:
        imported = import_publication(
            db.session,
            path,
            source_locale=str(current_app.config["SOURCE_LOCALE"]),
            timezone=str(current_app.config.get("TIMEZONE") or "UTC"),
            force=force,
            hsds_id=mapping.hsds_id,
        )
    except PublicationError as error:
        _refuse(f"{path} is not a valid HSDS 3.0 publication", error.problems)
    except PackConflict as error:
        _refuse(
            f"{len(error.problems)} object(s) were changed in the back office and the import "
            "would overwrite them (use --force to overwrite)",
            error.problems,
        )
    except PackError as error:
        _refuse(f"{path} does not make a valid content pack", error.problems)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        _refuse(f"The database refused {path}", [reason])
    for item in imported.unmapped:
        click.echo(f"  not imported: {item}")
    if dry_run:
        db.session.rollback()
        click.echo(f"dry run, nothing written: {imported.summary.describe()}")
        return
    _audit(
        "import",
        path,
        summary=f"HSDS 3.0: {imported.summary.describe()}",
        unmapped=len(imported.unmapped),
        revisions=imported.summary.revisions,
        force=force,
    )
    db.session.commit()
    click.echo(f"{imported.summary.describe()}; {len(imported.unmapped)} item(s) not imported")
    echo_prepared(prepare_exports())


@content_cli.command("prepare-hsds")
@click.option("--locale", "locales", multiple=True, help="A language to prepare (repeatable).")
@click.option("--all", "every", is_flag=True, help="Every language of the city.")
def prepare_hsds(locales: tuple[str, ...], every: bool) -> None:
    """Build the API's whole exports (`format=ndjson`) for the current content and day
    ahead of the first request: by default the languages already asked for, with
    --locale or --all others too. `content load` and `import-hsds` run it; run it after
    a deploy (a new release builds new files) and, to spare the first request after
    midnight its services that start that day, from cron just after midnight."""
    known = list(current_app.config["LOCALES"])
    for locale in locales:
        if locale not in known:
            click.echo(f"{locale} is not a language of this city", err=True)
            sys.exit(2)
    echo_prepared(prepare_exports(known if every else locales))


def prepare_exports(locales: Sequence[str] = ()) -> list[str]:
    """Prepare every whole export in `locales` and in those already kept; the locales."""
    from navigator.hsds import exports, views

    wanted = list(dict.fromkeys([*locales, *sorted(loc for loc, _ in exports.kinds_kept())]))
    for locale in wanted:
        g.pop("content_version", None)  # read afresh: the caller may just have committed
        with current_app.test_request_context():
            views.prepare(locale)
        db.session.remove()  # the objects of one locale are not kept for the next
    return wanted


def echo_prepared(locales: Sequence[str]) -> None:
    if locales:
        click.echo(f"prepared the HSDS API's whole exports in {', '.join(locales)}")


def _audit(action: str, path: Path, **detail: object) -> None:
    """The audit line, named apart from content packs' (`content load` takes the time of a
    pack directory's last export or load from lines with its plain path)."""
    from navigator.content.conflicts import audit_target
    from navigator.editor import audit

    target = f"hsds:{audit_target(path)}"[:300]
    audit.record(action, email=COMMAND_LINE, target=target, format="hsds", **detail)


def _refuse(message: str, problems: list[Any]) -> NoReturn:
    db.session.rollback()
    click.echo(f"{message}; nothing was imported:", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(1)
