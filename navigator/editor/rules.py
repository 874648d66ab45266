"""The rule builder page: a service's eligibility rule as a form (or as JSON Logic for
experts), the sentences a newcomer will read, and the pack's personas run against the
published and the draft rule side by side. Saving is a revision of the service like any
other edit; a rule that applies from a future date is scheduled, the current one stays in
force until the day before."""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import render_template, request
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from navigator.core.templating import chain
from navigator.db import db
from navigator.editor import rulebuilder
from navigator.editor.editing import _context, _finish, begin
from navigator.editor.rule_forms import FORM_OPS, OP_LABELS, RuleForm
from navigator.editor.rulebuilder import Condition, Group
from navigator.eligibility import JsonLogicError, Status, explain, render, variables
from navigator.eligibility import validate as validate_logic
from navigator.eligibility.threevalued import status_of
from navigator.facts.models import Fact, Persona
from navigator.i18n import L_, _, format_list
from navigator.pathway.source import option_labels, vocabulary
from navigator.questionnaire import operations

STATUS_TITLES = {
    Status.ELIGIBLE: L_("can use it"),
    Status.UNKNOWN: L_("maybe"),
    Status.NOT_ELIGIBLE: L_("cannot use it"),
}


@dataclass(frozen=True)
class FactInfo:
    key: str
    kind: str
    label: str
    options: dict[str, str]


def fact_infos() -> dict[str, FactInfo]:
    """Facts a rule may use, in the editor's language (derived facts are yes/no)."""
    infos = {}
    for fact in db.session.scalars(select(Fact).order_by(Fact.position)):
        if fact.key == "needs":
            continue
        kind = "boolean" if fact.derived is not None else (fact.type or "boolean")
        if kind not in FORM_OPS:
            continue
        label = next(
            (
                str(text)
                for name in ("subject", "statement", "question")
                if (text := fact.localized(name, chain()))
            ),
            fact.key,
        )
        options = {k: str(v) for k, v in option_labels(db.session, fact, chain()).items()}
        infos[fact.key] = FactInfo(fact.key, kind, label, options)
    return infos


@dataclass
class Checked:
    logic: Any = None
    errors: list[str] | None = None


def _number(text: str) -> float | int | None:
    cleaned = text.strip().replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _condition(row: Any, infos: dict[str, FactInfo], errors: list[str]) -> Condition | None:
    fact = row.fact.data
    if not fact:
        return None
    info = infos.get(fact)
    if info is None:
        errors.append(_("Please choose a fact from the list."))
        return None
    op = row.op.data
    if op not in FORM_OPS[info.kind]:
        op = FORM_OPS[info.kind][0]  # a new row: the fact's first comparison
        row.op.data = op
        errors.append(_("Please check the comparison for “%(fact)s”.", fact=info.label))
        return None
    if info.kind == "choice":
        chosen = [v for v in row.values.data or [] if v in info.options]
        if not chosen:
            errors.append(_("Please tick at least one answer for “%(fact)s”.", fact=info.label))
            return None
        if len(chosen) == 1:
            return Condition(fact, "is" if op == "one_of" else "is_not", chosen[0])
        return Condition(fact, op, chosen)
    if info.kind == "multi":
        if row.value.data not in info.options:
            errors.append(_("Please choose an answer for “%(fact)s”.", fact=info.label))
            return None
        return Condition(fact, op, row.value.data)
    if info.kind == "boolean":
        return Condition(fact, op)
    if op == "between":
        low, high = _number(row.low.data or ""), _number(row.high.data or "")
        if low is None or high is None or low > high:
            errors.append(
                _("Please enter two numbers, the smaller first, for “%(fact)s”.", fact=info.label)
            )
            return None
        return Condition(fact, op, (low, high))
    number = _number(row.value.data or "")
    if number is None:
        errors.append(_("Please enter a number for “%(fact)s”.", fact=info.label))
        return None
    return Condition(fact, op, number)


def logic_from_form(form: RuleForm, infos: dict[str, FactInfo]) -> Checked:
    errors: list[str] = []
    if form.mode.data == "json":
        try:
            logic = json.loads(form.raw.data or "")
        except ValueError:
            return Checked(errors=[_("The JSON Logic is not valid JSON.")])
        try:
            validate_logic(logic)
        except JsonLogicError as error:
            return Checked(
                errors=[_("This is not a JSON Logic rule: %(problem)s", problem=str(error))]
            )
        unknown = sorted(set(variables(logic)) - set(infos) - _derived_and_all_facts())
        if unknown:
            return Checked(
                errors=[
                    _(
                        "The rule uses facts the city has not defined: %(facts)s",
                        facts=", ".join(unknown),
                    )
                ]
            )
        return Checked(logic=logic)
    top = Group(all=form.combinator.data == "all", negate=bool(form.negate.data))
    for row in form.conditions:
        found = _condition(row.form, infos, errors)
        if found is not None:
            top.items.append(found)
    for group_row in form.groups:
        sub = Group(
            all=group_row.form.combinator.data == "all", negate=bool(group_row.form.negate.data)
        )
        for row in group_row.form.conditions:
            found = _condition(row.form, infos, errors)
            if found is not None:
                sub.items.append(found)
        if sub.items:
            top.items.append(sub)
    if errors:
        return Checked(errors=errors)
    if not top.items:
        return Checked(
            errors=[
                _(
                    "Please add at least one condition, or make it open to everyone on its "
                    "edit page."
                )
            ]
        )
    return Checked(logic=rulebuilder.to_logic(top))


def _derived_and_all_facts() -> set[str]:
    return set(db.session.scalars(select(Fact.key)))


def fill_form(form: RuleForm, logic: Any, infos: dict[str, FactInfo]) -> None:
    """Put `logic` into the form (rows for its conditions), or into the JSON field."""
    form.raw.data = json.dumps(logic, ensure_ascii=False) if logic is not None else ""
    kinds = {key: info.kind for key, info in infos.items()}
    group = rulebuilder.from_logic(logic, kinds) if logic is not None else Group()
    if group is None:
        form.mode.data = "json"
        return
    form.mode.data = "form"
    form.combinator.data = "all" if group.all else "any"
    form.negate.data = group.negate
    conditions = [i for i in group.items if isinstance(i, Condition)]
    groups = [i for i in group.items if isinstance(i, Group)]
    _rows(form.conditions, conditions, spare=2)
    while len(form.groups) < len(groups) + 1:
        form.groups.append_entry()
    for entry, sub in zip(form.groups, groups, strict=False):
        entry.form.combinator.data = "all" if sub.all else "any"
        entry.form.negate.data = sub.negate
        _rows(entry.form.conditions, [i for i in sub.items if isinstance(i, Condition)], spare=1)


def _rows(field_list: Any, conditions: list[Condition], spare: int) -> None:
    while len(field_list) < len(conditions) + spare:
        field_list.append_entry()
    for entry, condition in zip(field_list, conditions, strict=False):
        row = entry.form
        row.fact.data = condition.fact
        op, value = condition.op, condition.value
        if op in ("is", "is_not"):
            op, value = ("one_of" if op == "is" else "none_of"), [value]
        row.op.data = op
        if op in ("one_of", "none_of"):
            row.values.data = list(value)
        elif op == "between":
            row.low.data, row.high.data = str(value[0]), str(value[1])
        elif value is not None:
            row.value.data = str(value)


def sentences(logic: Any) -> list[str]:
    """The rule as the lines a newcomer reads under "Why?" (before answering anything)."""
    cat = operations.catalog()
    vocab = vocabulary(db.session, chain())
    node = explain(logic, {}, cat.derived, {})
    return [line.text for line in render(node, vocab, _, format_list)]


@dataclass(frozen=True)
class Preview:
    persona: str
    description: str
    before: Status
    after: Status

    @property
    def changed(self) -> bool:
        return self.before != self.after


def persona_preview(published: Any, draft: Any, extra: dict[str, Any] | None) -> list[Preview]:
    """Each persona's result with the published rule and with the draft, changes first."""
    cat = operations.catalog()
    people = [
        (p.key, p.description or "", dict((p.data or {}).get("facts", {})))
        for p in db.session.scalars(select(Persona).order_by(Persona.position))
    ]
    if extra:
        people.insert(0, (_("your person"), "", extra))
    found = []
    for key, description, facts in people:
        before = (
            status_of(published, facts, cat.derived)[0]
            if published is not None
            else Status.ELIGIBLE
        )
        after = status_of(draft, facts, cat.derived)[0] if draft is not None else Status.ELIGIBLE
        found.append(Preview(key, description, before, after))
    return sorted(found, key=lambda p: not p.changed)


def parse_person(text: str, infos: dict[str, FactInfo], errors: list[str]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        key, sep, raw = line.partition("=")
        key, raw = key.strip(), raw.strip()
        info = infos.get(key)
        if not sep or info is None:
            errors.append(
                _("“%(line)s” is not “fact = value” with a fact of this city.", line=line.strip())
            )
            continue
        if info.kind == "number":
            number = _number(raw)
            if number is None:
                errors.append(_("Please enter a number for “%(fact)s”.", fact=info.label))
                continue
            facts[key] = number
        elif info.kind == "boolean":
            facts[key] = raw.lower() in ("yes", "true", "1", "y")
        elif info.kind == "multi":
            facts[key] = [part.strip() for part in raw.split(",") if part.strip()]
        else:
            facts[key] = raw
    return facts


def _rule_in_force(rules: list[dict[str, Any]], today: dt.date) -> int | None:
    best, start = None, dt.date.min
    for index, rule in enumerate(rules):
        begins = (
            dt.date.fromisoformat(rule["valid_from"]) if rule.get("valid_from") else dt.date.min
        )
        ends = dt.date.fromisoformat(rule["valid_to"]) if rule.get("valid_to") else dt.date.max
        if begins <= today <= ends and (best is None or begins >= start):
            best, start = index, begins
    return best


def with_rule(data: dict[str, Any], logic: Any, form: RuleForm, today: dt.date) -> dict[str, Any]:
    """The service's data with the new rule: in place of the rule in force, or — from a
    future date — after it, which then ends the day before."""
    data = copy.deepcopy(data)
    rules = list(data.get("eligibility", []))
    entry: dict[str, Any] = {"rule": logic}
    if form.reference_text.data:
        entry["reference"] = {"text": form.reference_text.data.strip()}
        if form.reference_url.data:
            entry["reference"]["url"] = form.reference_url.data.strip()
    current = _rule_in_force(rules, today)
    starts, ends = form.applies_from.data, form.applies_until.data
    if ends is not None:
        entry["valid_to"] = ends.isoformat()  # the form shows the rule's end: as typed
    if starts and starts > today:
        entry["valid_from"] = starts.isoformat()
        if current is not None:
            old = dict(rules[current])
            old["valid_to"] = (starts - dt.timedelta(days=1)).isoformat()
            rules[current] = old
            rules.insert(current + 1, entry)
        else:
            rules.append(entry)
    elif current is not None:
        if rules[current].get("valid_from"):
            entry["valid_from"] = rules[current]["valid_from"]
        rules[current] = entry
    else:
        rules.append(entry)
    data["eligibility"] = rules
    data["open_to_all"] = False
    return data


def _ends_ahead(form: RuleForm, today: dt.date) -> bool:
    """An end date in the past would end the rule at once: refused with a message."""
    ends = form.applies_until.data
    if ends is None or ends >= today:
        return True
    form.applies_until.errors.append(
        _(
            "An end date in the past would end the rule at once: leave it empty or choose "
            "a later date."
        )
    )
    return False


def _current_rule(kind: str, data: dict[str, Any], today: dt.date) -> dict[str, Any] | None:
    """The rule being edited: a service's rule in force today (with its reference and
    dates), or an event's one audience rule."""
    if kind == "events":
        return {"rule": data["rule"]} if data.get("rule") is not None else None
    rules = data.get("eligibility", [])
    index = _rule_in_force(rules, today)
    return rules[index] if index is not None else None


def _published_rule(kind: str, obj: Any, today: dt.date) -> Any:
    """The rule newcomers' plans use now (None: everyone is eligible)."""
    if kind == "events":
        return obj.rule if obj.status == "published" and not obj.open_to_all else None
    spec = operations.catalog().by_slug.get(obj.slug)
    in_force = spec.rule_on(today) if spec is not None else None
    return in_force.logic if in_force is not None else None


def _with_draft(
    kind: str, data: dict[str, Any], logic: Any, form: RuleForm, today: dt.date
) -> dict[str, Any]:
    if kind == "events":  # one rule, no legal reference or validity of its own
        return {**data, "rule": logic, "open_to_all": False}
    return with_rule(data, logic, form, today)


@login_required
def edit_rule(kind: str, slug: str) -> str | Response:
    """Who a service or an event is for, as a form; the same page for both kinds."""
    obj, data, newest = begin(kind, slug)
    infos = fact_infos()
    today = operations.today()
    current = _current_rule(kind, data, today)
    form = RuleForm()
    if request.method == "GET":
        form.based_on.data = str(newest)
        fill_form(form, current["rule"] if current else None, infos)
        if current and current.get("reference"):
            form.reference_text.data = current["reference"].get("text", "")
            form.reference_url.data = current["reference"].get("url", "")
        if current and current.get("valid_to"):
            form.applies_until.data = dt.date.fromisoformat(current["valid_to"])
    else:
        if request.form.get("action") == "add_condition":
            form.conditions.append_entry()
        if request.form.get("action") == "add_group":
            form.groups.append_entry()
    checked, preview, lines, person_errors = Checked(), [], [], []
    if request.method == "POST" and form.validate_on_submit() and _ends_ahead(form, today):
        checked = logic_from_form(form, infos)
        extra = parse_person(form.extra_persona.data or "", infos, person_errors)
        if checked.logic is not None and not person_errors:
            lines = sentences(checked.logic)
            preview = persona_preview(
                _published_rule(kind, obj, today), checked.logic, extra or None
            )
            if request.form.get("action") in ("save", "submit", "publish"):
                done = _finish(kind, obj, form, _with_draft(kind, data, checked.logic, form, today))
                if done is not None:
                    return done
    elif request.method == "GET" and current is not None:
        lines = sentences(current["rule"])
    return render_template(
        "editor/edit_rule.html",
        obj=obj,
        form=form,
        infos=infos,
        ops=FORM_OPS,
        op_labels=OP_LABELS,
        checked=checked,
        lines=lines,
        preview=preview,
        person_errors=person_errors,
        status_titles=STATUS_TITLES,
        current=current,
        edit_endpoint="editor.edit_event" if kind == "events" else "editor.edit_service",
        **_context(kind, obj),
    )
