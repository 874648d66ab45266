"""The `rules test` runner: pinned days, the rules in force a year ahead, and plan checks
(order, presence, absence) that fail when the plan is wrong."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import types
from pathlib import Path
from typing import Any

import pytest

from navigator.content.loader import PackError, check_pack
from navigator.content.reader import Pack
from navigator.pathway import personas as runner_module
from navigator.pathway.personas import expectations, run, shift_years

DEMO_PACK = Path(__file__).resolve().parents[2] / "content" / "demo"
PIN = "2026-11-24"
# The demo pack's work-permit advice opens to people without a residence permit on this day.
NEW_RULE = dt.date(2027, 1, 1)


@pytest.fixture(scope="module")
def demo() -> Pack:
    return check_pack(DEMO_PACK)


def with_personas(pack: Pack, *personas: dict[str, Any]) -> Pack:
    clone = copy.copy(pack)
    clone.personas = list(personas)
    return clone


def undocumented(**checks: Any) -> dict[str, Any]:
    """An adult without papers: work-permit advice is closed to him until 2027."""
    return {
        "id": "undocumented",
        "today": PIN,
        "facts": {"residence_status": "no_permit", "age": 34},
        "needs": ["health", "legal-help"],
        "expect": {"not_eligible": ["work-permit-advice"]},
        **checks,
    }


def failures(pack: Pack, persona: dict[str, Any], **options: Any) -> list[str]:
    (report,) = run(with_personas(pack, persona), **options)
    return report.failures


def test_a_pinned_persona_gives_the_same_result_after_the_rules_change(demo, monkeypatch):
    class Later(dt.date):
        @classmethod
        def today(cls) -> Later:
            return cls(2027, 6, 1)

    # The calendar moves past the new rule: a pinned persona still runs on its own day.
    monkeypatch.setattr(runner_module, "dt", types.SimpleNamespace(date=Later))
    (report,) = run(with_personas(demo, undocumented()))
    assert report.date == dt.date(2026, 11, 24) and report.pinned
    assert report.failures == []
    # Without a pin the same persona would now fail by itself.
    unpinned = {k: v for k, v in undocumented().items() if k != "today"}
    (report,) = run(with_personas(demo, unpinned))
    assert not report.pinned and report.date == Later(2027, 6, 1)
    assert report.failures == [
        "no day pinned: add `today: 2027-06-01` (or run with --date)",
        "work-permit-advice: expected not_eligible, got eligible",
    ]


def test_the_year_ahead_run_fails_until_the_persona_declares_what_changes(demo):
    assert failures(demo, undocumented()) == []
    assert failures(demo, undocumented(), years_ahead=1) == [
        "work-permit-advice: expected not_eligible, got eligible"
    ]
    later = {"expect": {"eligible": ["work-permit-advice"]}}
    declared = undocumented(expect_from={"2027-01-01": later})
    assert failures(demo, declared, years_ahead=1) == []
    # ... and the declaration does not leak back to the pinned day.
    assert failures(demo, declared) == []


def test_an_explicit_date_overrides_the_pin(demo):
    assert failures(demo, undocumented(), today=NEW_RULE - dt.timedelta(days=1)) == []
    assert failures(demo, undocumented(), today=NEW_RULE) != []


def test_later_expectations_replace_only_what_they_name():
    persona = {
        "expect": {"eligible": ["a", "b"], "not_eligible": ["c"]},
        "first_steps": ["a"],
        "not_in_plan": ["c"],
        "expect_from": {
            "2027-01-01": {"expect": {"eligible": ["c"]}, "not_in_plan": []},
            "2028-01-01": {"first_steps": ["c"]},
        },
    }
    before = expectations(persona, dt.date(2026, 12, 31))
    assert before.status == {"a": "eligible", "b": "eligible", "c": "not_eligible"}
    assert before.not_in_plan == ["c"]
    after = expectations(persona, dt.date(2027, 6, 1))
    assert after.status == {"a": "eligible", "b": "eligible", "c": "eligible"}
    assert (after.first_steps, after.not_in_plan) == (["a"], [])
    assert expectations(persona, dt.date(2028, 1, 1)).first_steps == ["c"]


def plan_of(pack: Pack, persona: dict[str, Any]) -> list[str]:
    (report,) = run(with_personas(pack, persona))
    return report.plan


def test_first_steps_in_the_wrong_order_fail(demo):
    plan = plan_of(demo, undocumented())
    assert len(plan) >= 2
    assert failures(demo, undocumented(first_steps=plan[:2])) == []
    wrong = failures(demo, undocumented(first_steps=[plan[1], plan[0]]))
    assert wrong == [f"first steps: expected {[plan[1], plan[0]]}, plan starts {plan[:4]}"]


def test_a_step_that_must_not_be_in_the_plan_fails(demo):
    plan = plan_of(demo, undocumented())
    assert failures(demo, undocumented(not_in_plan=["integration-course"])) == []
    assert failures(demo, undocumented(not_in_plan=[plan[-1]])) == [
        f"in the plan but must not be: {plan[-1]}"
    ]


def test_presence_and_first_step_checks_fail_when_they_should(demo):
    plan = plan_of(demo, undocumented())
    assert failures(demo, undocumented(in_plan=plan[::-1], not_first=plan[1:])) == []
    assert failures(demo, undocumented(in_plan=["integration-course"])) == [
        "missing from the plan: integration-course"
    ]
    assert failures(demo, undocumented(not_first=[plan[0]])) == [
        f"plan must not start with {plan[0]}"
    ]


def test_a_step_claimed_to_be_unlocked_by_the_wrong_step_fails(demo):
    plan = plan_of(demo, undocumented())
    found = failures(demo, undocumented(unlocked_by={plan[1]: plan[0]}))
    assert found == [f"{plan[1]}: should come 'after' {plan[0]}, the plan does not say so"]
    assert failures(demo, undocumented(unlocked_by={"integration-course": plan[0]})) == [
        f"integration-course: missing from the plan (unlocked by {plan[0]})"
    ]


def test_names_that_are_not_published_services_are_reported(demo):
    found = failures(demo, undocumented(not_in_plan=["no-such-service"]))
    assert found == ["no-such-service: not a published service"]


def test_a_persona_that_cites_seeds_must_cite_every_expectation(demo):
    cited = undocumented(
        not_in_plan=["integration-course"],
        cites=[{"seed": "002:486-490", "covers": ["work-permit-advice"]}],
    )
    assert failures(demo, cited) == ["no seed line cited for: integration-course"]
    cited["cites"].append({"seed": "002:1510-1513", "covers": ["integration-course"]})
    assert failures(demo, cited) == []


def test_every_demo_persona_pins_its_day_and_new_ones_cite_seed_lines(demo):
    assert all("today" in p for p in demo.personas)
    citing = [p for p in demo.personas if "cites" in p]
    assert len(citing) >= 10
    plan_checks = ("first_steps", "in_plan", "not_in_plan", "not_first", "unlocked_by")
    assert all(any(p.get(check) for check in plan_checks) for p in citing)


def test_29_february_moves_to_28_february():
    assert shift_years(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert shift_years(dt.date(2026, 11, 24), 1) == dt.date(2027, 11, 24)


def test_a_persona_with_a_malformed_day_is_a_pack_problem(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(DEMO_PACK, pack)
    path = pack / "personas.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"today: {PIN}", "today: 24.11.2026", 1),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as error:
        check_pack(pack)
    assert any("personas.yaml" in str(p) and "today" in str(p) for p in error.value.problems)


def test_cli_reports_each_persona_and_the_totals(runner):
    result = runner.invoke(
        args=["rules", "test", str(DEMO_PACK), "--date", PIN, "--years-ahead", "1"]
    )
    assert f"Checked on {PIN} + 1 year(s)." in result.output
    assert "refused-claimant-no-home on 2027-11-24" in result.output
    assert "questions asked:" in result.output and "plan of " in result.output
    assert "personas passed" in result.output and "maximum" in result.output
    assert "median plan length" in result.output
    bad = runner.invoke(args=["rules", "test", str(DEMO_PACK), "--date", "24.11.2026"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
