"""The Flask CLI: `flask --app navigator db|content|translations|rules|feedback|init ...`
(and `referrals purge`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from navigator import migrate
from navigator.db import db

db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
content_cli = AppGroup("content", help="Load and export content packs.")
translations_cli = AppGroup("translations", help="UI string catalogs (gettext).")


def _url() -> str:
    return str(current_app.config["DATABASE_URL"])


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the schema (default: to the newest revision)."""
    migrate.upgrade(_url(), revision)
    click.echo(f"database upgraded to {revision}")


@db_cli.command("downgrade")
@click.argument("revision", default="base")
def db_downgrade(revision: str) -> None:
    """Downgrade the schema (default: to an empty database)."""
    migrate.downgrade(_url(), revision)
    click.echo(f"database downgraded to {revision}")


@content_cli.command("load")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Load even over changes made in the back office since the files were exported "
    "(each overwritten object's history keeps what it replaced).",
)
def content_load(path: Path, force: bool) -> None:
    """Validate a content pack and load it; nothing is written if any error is found, or if
    the pack would overwrite changes made in the back office (unless --force)."""
    from navigator.content.loader import PackConflict, PackError, load_pack

    try:
        summary = load_pack(db.session, path, force=force)
    except PackConflict as error:
        db.session.rollback()
        click.echo(
            f"{len(error.problems)} object(s) in {path} were changed in the back office since "
            "the files were exported; nothing was loaded:",
            err=True,
        )
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        click.echo(
            "Export the database first and make your changes to the exported files, or load "
            "with --force to overwrite (each object's history keeps what it replaced).",
            err=True,
        )
        sys.exit(1)
    except PackError as error:
        db.session.rollback()
        click.echo(f"{len(error.problems)} problem(s) in {path}; nothing was loaded:", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    except SQLAlchemyError as error:
        # The pack passed validation but the database refused it (a duplicate key, say).
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        click.echo(f"The database refused {path}; nothing was loaded: {reason}", err=True)
        sys.exit(1)
    _audit(
        "import",
        path,
        summary=summary.describe(),
        created={k: n for k, n in summary.created.items() if n},
        updated={k: n for k, n in summary.updated.items() if n},
        archived=summary.archived,
        force=force,
        overwritten=summary.overwritten,
        revisions=summary.revisions,
    )
    db.session.commit()
    click.echo(summary.describe())
    from navigator.hsds.cli import echo_prepared, prepare_exports

    echo_prepared(prepare_exports())  # the API's exports a server was asked for, ahead


def _audit(action: str, path: Path, **detail: object) -> None:
    """The audit line of a content command, in its transaction (the caller commits)."""
    from navigator.content.conflicts import audit_target
    from navigator.editor import audit

    # The loader finds these lines by their target: changes published in the back office
    # before the files at PATH were exported or loaded are in those files.
    audit.record(action, email=COMMAND_LINE, target=audit_target(path), **detail)


#: the audit log's "who" for what was done on the command line (no account signs in there)
COMMAND_LINE = "(command line)"


@content_cli.command("check")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
def content_check(path: Path) -> None:
    """Validate a content pack without loading it; exits non-zero on any problem."""
    from navigator.content.loader import PackError, check_pack

    try:
        pack = check_pack(path)
    except PackError as error:
        click.echo(f"{len(error.problems)} problem(s) in {path}:", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    counts = ", ".join(f"{len(v)} {k}" for k, v in pack.entities.items())
    click.echo(f"{path} is valid: {counts}; translations: {', '.join(pack.locales) or 'none'}")


@content_cli.command("export")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
def content_export(path: Path) -> None:
    """Write the database's content as a pack (YAML/Markdown) to PATH."""
    from navigator.content.exporter import export_pack

    try:
        count = export_pack(db.session, path)
    except ValueError as error:  # an empty database
        db.session.rollback()
        click.echo(f"Nothing was exported: {error}", err=True)
        sys.exit(1)
    _audit("export", path, summary=f"exported {count} files", files=count)
    db.session.commit()
    click.echo(f"exported {count} files to {path}")


@translations_cli.command("extract")
def translations_extract() -> None:
    """Collect translatable strings from code and templates into messages.pot."""
    from navigator import translations_tool

    translations_tool.extract()


@translations_cli.command("update")
def translations_update() -> None:
    """Merge messages.pot into every locale's .po (new strings appear untranslated)."""
    from navigator import translations_tool

    translations_tool.update()


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile .po catalogs to .mo (also happens automatically when the app starts)."""
    from navigator import translations_tool

    compiled = translations_tool.compile_catalogs()
    click.echo(f"{len(compiled)} catalog(s) compiled")


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the schema; load the demo pack when the database has no content."""
    from navigator.content.loader import PackError, is_empty, load_pack

    migrate.upgrade(_url())
    if not is_empty(db.session):
        click.echo("database ready (content already present)")
        demo_admin()
        return
    pack = Path(str(current_app.config["DEMO_PACK"]))
    try:
        summary = load_pack(db.session, pack)
    except PackError as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"demo content loaded from {pack}: {summary.describe()}")
    demo_admin()


def demo_admin() -> None:
    """In debug only: an administrator for the demo back office, printed once."""
    if not current_app.debug:
        return
    from navigator.editor.cli import DEMO_ADMIN, create_demo_admin

    password = create_demo_admin()
    if password:
        db.session.commit()
        click.echo(
            f"back office: http://127.0.0.1:5000/editor/ — sign in as {DEMO_ADMIN} with the "
            f"password {password} (a demo administrator; debug only)"
        )


def register(app: Flask) -> None:
    import navigator.content.exchange_cli  # noqa: F401  (its commands join `content`)
    from navigator.hsds import cli as hsds_cli  # noqa: F401  (export-hsds, import-hsds)
    from navigator.rules_cli import rules_cli

    app.cli.add_command(db_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(rules_cli)
    app.cli.add_command(init_command)
    from navigator.editor.cli import editors_cli, users_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(editors_cli)
    from navigator.feedback.cli import feedback_cli

    app.cli.add_command(feedback_cli)
    from navigator.referrals.cli import referrals_cli

    app.cli.add_command(referrals_cli)
