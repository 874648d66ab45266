"""`flask --app navigator rules test [PACK]`: run the pack's personas against its rules."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

rules_cli = AppGroup("rules", help="Check eligibility rules against the pack's personas.")
MAX_MEDIAN_QUESTIONS = 6


@rules_cli.command("test")
@click.argument(
    "pack", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--date", "on", default=None, help="Evaluate as on this day (YYYY-MM-DD).")
def rules_test(pack: Path | None, on: str | None) -> None:
    """Run every persona; print a report; exit 1 on any failure."""
    from navigator.content.loader import PackError, check_pack
    from navigator.pathway.personas import median_questions, run

    path = pack or Path(str(current_app.config["DEMO_PACK"]))
    try:
        loaded = check_pack(path)
    except PackError as error:
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    today = dt.date.fromisoformat(on) if on else dt.date.today()
    reports = run(loaded, today)
    failed = 0
    for report in reports:
        mark = "FAIL" if report.failures else "ok  "
        click.echo(f"{mark} {report.id}: {report.description}")
        click.echo(
            f"       {len(report.questions)} questions asked: {', '.join(report.questions) or '-'}"
        )
        click.echo(
            f"       plan: {' → '.join(report.plan[:6])}{' …' if len(report.plan) > 6 else ''}"
        )
        for failure in report.failures:
            click.echo(f"       ✗ {failure}")
        failed += bool(report.failures)
    median = median_questions(reports)
    click.echo(
        f"\n{len(reports) - failed} passed, {failed} failed; "
        f"median questions asked: {median:g} (budget {MAX_MEDIAN_QUESTIONS})"
    )
    if failed or median > MAX_MEDIAN_QUESTIONS:
        sys.exit(1)
