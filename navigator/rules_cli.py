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
FIRST_STEPS_SHOWN = 5


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD, e.g. 2026-11-24") from None


@rules_cli.command("test")
@click.argument(
    "pack", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--date",
    "on",
    default=None,
    callback=_day,
    help="Check every persona on this day (YYYY-MM-DD) instead of the day it pins.",
)
@click.option(
    "--years-ahead",
    default=0,
    type=click.IntRange(0, 10),
    help="Move each persona's day this many years forward: checks the rules in force then.",
)
def rules_test(pack: Path | None, on: dt.date | None, years_ahead: int) -> None:
    """Run every persona; print a report; exit 1 on any failure."""
    from navigator.content.loader import PackError, check_pack
    from navigator.pathway.personas import (
        max_questions,
        median_plan_length,
        median_questions,
        run,
    )

    path = pack or Path(str(current_app.config["DEMO_PACK"]))
    try:
        loaded = check_pack(path)
    except PackError as error:
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    reports = run(loaded, on, years_ahead)
    failed = 0
    for report in reports:
        mark = "FAIL" if report.failures else "ok  "
        click.echo(f"{mark} {report.id} on {report.date}: {report.description}")
        click.echo(
            f"       {len(report.questions)} questions asked: {', '.join(report.questions) or '-'}"
        )
        first = report.plan[:FIRST_STEPS_SHOWN]
        more = " …" if len(report.plan) > FIRST_STEPS_SHOWN else ""
        click.echo(f"       plan of {len(report.plan)} steps: {' → '.join(first) or '-'}{more}")
        for failure in report.failures:
            click.echo(f"       ✗ {failure}")
        failed += bool(report.failures)
    median = median_questions(reports)
    when = f"{years_ahead} year(s) after each persona's day" if years_ahead else "as pinned"
    if on:
        when = f"on {on}" + (f" + {years_ahead} year(s)" if years_ahead else "")
    click.echo(
        f"\nChecked {when}. {len(reports) - failed} passed, {failed} failed "
        f"({len(reports) - failed} of {len(reports)} personas passed); questions asked: "
        f"median {median:g} (budget {MAX_MEDIAN_QUESTIONS}), maximum {max_questions(reports)}; "
        f"median plan length {median_plan_length(reports):g} steps"
    )
    if failed or median > MAX_MEDIAN_QUESTIONS:
        sys.exit(1)
