"""`content load` into a database with back-office changes (issue 9): a pack that would undo
a published edit or pull the ground from under a waiting draft is refused, object by object,
and nothing is written; `--force` loads it and the history keeps what the file replaced.
`content load` and `content export` are written to the audit log."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from navigator.content import canonical
from navigator.content.exporter import export_pack
from navigator.content.loader import PackConflict, PackError, load_pack
from navigator.db import db
from navigator.directory.models import Organisation, Service
from navigator.editor import revisions
from navigator.editor.auth import hash_password
from navigator.editor.models import Account, AuditEvent, Revision
from tests.conftest import DEMO_PACK

EDITOR = "conflict.editor@example.org"
EDITED = "language-cafe"  # a published back-office edit of its title
DRAFTED = "public-writer"  # a draft waiting in the back office
UNTOUCHED = "welcome-centre"  # nobody edited it in the back office
ORGANISATION = "city-library"  # a published back-office edit of its name
EDITED_TITLE = "Language café for everyone"
EDITED_NAME = "Demo City Library"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_pack(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def service(slug: str) -> Service:
    return db.session.scalars(select(Service).where(Service.slug == slug)).one()


def organisation(slug: str) -> Organisation:
    return db.session.scalars(select(Organisation).where(Organisation.slug == slug)).one()


def revision_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Revision))


def publish_edit(kind: str, obj, editor: Account, **changes) -> Revision:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(revisions.snapshot(kind, obj))
    data.update(changes)
    revision = revisions.save(kind, obj, canonical.tidy(kind, data), editor)
    revisions.publish(revision, editor)
    return revision


@pytest.fixture
def edited_app(make_app, fresh_database_url):  # type: ignore[no-untyped-def]
    """The demo pack loaded, then edited in the back office: a service's title and an
    organisation's name published, another service's cost saved as a draft."""
    app = make_app(DATABASE_URL=fresh_database_url)
    with app.app_context():
        editor = _demo_city_and_editor()
        publish_edit("services", service(EDITED), editor, title=EDITED_TITLE)
        publish_edit("organisations", organisation(ORGANISATION), editor, name=EDITED_NAME)
        writer = service(DRAFTED)
        data = {**revisions.snapshot("services", writer), "cost": "Two euro"}
        revisions.save("services", writer, canonical.tidy("services", data), editor)
        db.session.commit()
    return app


@pytest.fixture
def old_pack(tmp_path: Path) -> Path:
    """The demo pack (from before the edits) with a change to each edited object and to one
    nobody edited."""
    pack = copy_pack(DEMO_PACK, tmp_path / "old")
    replace(pack / "services" / f"{EDITED}.md", "cost: Free", "cost: One euro")
    replace(pack / "services" / f"{DRAFTED}.md", "cost: Free", "cost: Three euro")
    replace(pack / "services" / f"{UNTOUCHED}.md", "cost: Free", "cost: Free of charge")
    replace(pack / "organisations" / f"{ORGANISATION}.yaml", "kind: city", "kind: ngo")
    return pack


def _demo_city_and_editor() -> Account:
    """The demo pack loaded, and a city editor to publish back-office changes."""
    load_pack(db.session, DEMO_PACK)
    editor = Account(
        email=EDITOR, role="city_editor", password_hash=hash_password("not-a-real-password")
    )
    db.session.add(editor)
    db.session.flush()
    return editor


def test_conflicts_are_reported_per_object_and_nothing_is_written(edited_app, old_pack):
    with edited_app.app_context():
        before = revision_count()
        with pytest.raises(PackConflict) as caught:
            load_pack(db.session, old_pack)
        db.session.rollback()
        problems = {p.file: str(p) for p in caught.value.problems}
        # One problem per object; the untouched service is no conflict.
        assert set(problems) == {
            f"services/{EDITED}.md",
            f"services/{DRAFTED}.md",
            f"organisations/{ORGANISATION}.yaml",
        }
        cafe = problems[f"services/{EDITED}.md"]
        assert "changed in the back office (revision 2, published" in cafe
        assert f"by {EDITOR}" in cafe and "undo title" in cafe and "--force" in cafe
        assert "undo name" in problems[f"organisations/{ORGANISATION}.yaml"]
        draft = problems[f"services/{DRAFTED}.md"]
        assert "has a draft in the back office (revision 2" in draft and f"by {EDITOR}" in draft
        assert isinstance(caught.value, PackError)  # callers catching PackError still do

        # Nothing written: neither the conflicting objects nor the one nobody edited.
        assert service(EDITED).translations["en"].title == EDITED_TITLE
        assert service(EDITED).translations["en"].cost == "Free"
        assert service(UNTOUCHED).translations["en"].cost == "Free"
        assert organisation(ORGANISATION).kind == "city"
        assert revision_count() == before
        assert revisions.pending("services", DRAFTED) is not None


def test_force_overwrites_and_the_history_keeps_what_was_replaced(edited_app, old_pack):
    with edited_app.app_context():
        summary = load_pack(db.session, old_pack, force=True)
        db.session.commit()
        assert sorted(summary.overwritten) == [
            f"organisations/{ORGANISATION}.yaml",
            f"services/{EDITED}.md",
            f"services/{DRAFTED}.md",
        ]
        assert "overwritten (--force)" in summary.describe()
        cafe = service(EDITED).translations["en"]
        assert (cafe.title, cafe.cost) == ("Language café", "One euro")
        assert service(UNTOUCHED).translations["en"].cost == "Free of charge"
        assert organisation(ORGANISATION).kind == "ngo"

        history = revisions.history("services", EDITED)
        assert [r.number for r in history] == [3, 2, 1]
        newest, replaced = history[0], history[1]
        assert newest.state == "published" and newest.author_id is None
        assert newest.publisher_id is None and newest.base == 2
        assert newest.data["title"] == "Language café" and newest.data["cost"] == "One euro"
        assert "--force" in newest.note
        assert replaced.data["title"] == EDITED_TITLE  # still there to restore
        assert revisions.history("organisations", ORGANISATION)[0].data["kind"] == "ngo"
        # The waiting draft is replaced: it stays in the history but is no longer pending.
        assert revisions.pending("services", DRAFTED) is None
        assert revisions.history("services", DRAFTED)[1].state == "draft"

        # The files and the database agree now: loading the same pack again is a no-op.
        before = revision_count()
        again = load_pack(db.session, old_pack)
        assert not again.changed and revision_count() == before


def test_a_pack_changing_only_objects_nobody_edited_loads(edited_app, tmp_path):
    pack = copy_pack(DEMO_PACK, tmp_path / "pack")
    replace(pack / "services" / f"{UNTOUCHED}.md", "cost: Free", "cost: Free of charge")
    # The demo pack still has the old title of EDITED and name of ORGANISATION, so only a
    # copy with those edits in it changes nothing but UNTOUCHED: take them from an export.
    with edited_app.app_context():
        exported = tmp_path / "exported"
        export_pack(db.session, exported)
        for kind, name in (("services", f"{EDITED}.md"), ("organisations", f"{ORGANISATION}.yaml")):
            shutil.copy(exported / kind / name, pack / kind / name)
        for translation in (exported / "translations").glob("*.yaml"):
            shutil.copy(translation, pack / "translations" / translation.name)
        before = revision_count()
        summary = load_pack(db.session, pack)
        db.session.commit()
        assert summary.updated["services"] == 1 and not summary.overwritten
        assert service(UNTOUCHED).translations["en"].cost == "Free of charge"
        assert service(EDITED).translations["en"].title == EDITED_TITLE
        assert revision_count() == before  # UNTOUCHED has no history to add to


def test_a_pack_carrying_the_back_office_edits_may_change_other_fields(edited_app, tmp_path):
    """Exported files carry the back-office edits: changing other fields of an edited object
    in them is no conflict, and the object's history gains the loaded revision."""
    with edited_app.app_context():
        pack = tmp_path / "exported"
        export_pack(db.session, pack)  # directly: the audit log does not know this export
        before = revision_count()
        assert not load_pack(db.session, pack).changed  # the export changes nothing
        assert revision_count() == before  # and writes no revision

        replace(pack / "services" / f"{EDITED}.md", "cost: Free", "cost: Free, bring a cup")
        summary = load_pack(db.session, pack)
        db.session.commit()
        assert summary.updated["services"] == 1 and not summary.overwritten
        cafe = service(EDITED).translations["en"]
        assert (cafe.title, cafe.cost) == (EDITED_TITLE, "Free, bring a cup")
        newest = revisions.history("services", EDITED)[0]
        assert newest.number == 3 and newest.state == "published" and newest.author_id is None
        assert newest.data["cost"] == "Free, bring a cup" and "--force" not in newest.note
        assert revision_count() == before + 1 and summary.revisions == 1


def test_the_edited_field_itself_after_content_export(edited_app, tmp_path):
    """Changing the very field the back office changed is a conflict for files that may be
    older than the edit; not for files `content export` wrote to that directory after it."""
    with edited_app.app_context():
        unknown = tmp_path / "unknown"
        export_pack(db.session, unknown)
        db.session.rollback()
    replace(unknown / "services" / f"{EDITED}.md", EDITED_TITLE, "Language café, weekly")
    runner = edited_app.test_cli_runner()
    result = runner.invoke(args=["content", "load", str(unknown)])
    assert result.exit_code == 1 and "undo title" in result.output, result.output

    exported = tmp_path / "exported"
    assert runner.invoke(args=["content", "export", str(exported)]).exit_code == 0
    replace(exported / "services" / f"{EDITED}.md", EDITED_TITLE, "Language café, weekly")
    result = runner.invoke(args=["content", "load", str(exported)])
    assert result.exit_code == 0, result.output
    with edited_app.app_context():
        assert service(EDITED).translations["en"].title == "Language café, weekly"
        assert revisions.history("services", EDITED)[0].data["title"] == "Language café, weekly"
        # An edit published after that export is again one the files do not have.
        editor = db.session.scalars(select(Account).where(Account.email == EDITOR)).one()
        publish_edit("services", service(EDITED), editor, cost="Free for all")
        db.session.commit()
    replace(exported / "services" / f"{EDITED}.md", "cost: Free", "cost: Gratis")
    result = runner.invoke(args=["content", "load", str(exported)])
    assert result.exit_code == 1 and "undo cost" in result.output, result.output


def test_archiving_a_service_with_a_waiting_draft_is_a_conflict(edited_app, tmp_path):
    pack = copy_pack(DEMO_PACK, tmp_path / "pack")
    (pack / "services" / f"{DRAFTED}.md").unlink()
    for translation in (pack / "translations").glob("*.yaml"):
        data = yaml.safe_load(translation.read_text(encoding="utf-8"))
        data.get("services", {}).pop(DRAFTED, None)
        translation.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with edited_app.app_context():
        with pytest.raises(PackConflict) as caught:
            load_pack(db.session, pack)
        db.session.rollback()
        assert f"services/{DRAFTED}.md" in {p.file for p in caught.value.problems}
        assert service(DRAFTED).status == "published"


def test_cli_prints_the_conflicts_and_exits_nonzero(edited_app, old_pack):
    runner = edited_app.test_cli_runner()
    result = runner.invoke(args=["content", "load", str(old_pack)])
    assert result.exit_code == 1, result.output
    assert "3 object(s)" in result.output and "nothing was loaded" in result.output
    assert f"services/{EDITED}.md: changed in the back office" in result.output
    assert f"services/{DRAFTED}.md: has a draft" in result.output
    assert f"organisations/{ORGANISATION}.yaml: changed in the back office" in result.output
    assert "--force" in result.output and "Traceback" not in result.output
    with edited_app.app_context():
        assert service(EDITED).translations["en"].title == EDITED_TITLE
        assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()

    result = runner.invoke(args=["content", "load", "--force", str(old_pack)])
    assert result.exit_code == 0, result.output
    assert "overwritten (--force)" in result.output
    with edited_app.app_context():
        assert service(EDITED).translations["en"].title == "Language café"


def test_cli_load_and_export_are_audited(edited_app, tmp_path):
    runner = edited_app.test_cli_runner()
    exported = tmp_path / "exported"
    result = runner.invoke(args=["content", "export", str(exported)])
    assert result.exit_code == 0, result.output
    replace(exported / "services" / f"{UNTOUCHED}.md", "cost: Free", "cost: Free of charge")
    result = runner.invoke(args=["content", "load", str(exported)])
    assert result.exit_code == 0, result.output
    with edited_app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(["export", "import"]))
            .order_by(AuditEvent.id)
        ).all()
        assert [e.action for e in events] == ["export", "import"]
        export, load = events
        assert export.email == load.email == "(command line)" and export.account_id is None
        assert export.target == load.target == str(exported.resolve())
        assert export.detail["files"] > 50 and "exported" in export.detail["summary"]
        assert load.detail["summary"] == "1 services updated"
        assert load.detail["updated"] == {"services": 1}
        assert load.detail["force"] is False and load.detail["overwritten"] == []


def test_the_citys_holidays_edited_in_the_back_office_are_a_conflict_too(
    make_app, fresh_database_url, tmp_path
):
    """The city (pack.yaml) is an editable object like the others: a pack from before a
    published change of its holidays is refused, naming pack.yaml; --force loads it and the
    city's history keeps the replaced revision."""
    app = make_app(DATABASE_URL=fresh_database_url)
    pack = copy_pack(DEMO_PACK, tmp_path / "old")
    replace(pack / "pack.yaml", "name: Labour Day}", "name: May Day}")
    with app.app_context():
        editor = _demo_city_and_editor()
        city = revisions.live("city", "city")
        holidays = [*revisions.snapshot("city", city)["holidays"]]
        holidays.append({"date": "2027-10-03", "name": "Day of German Unity"})
        publish_edit("city", city, editor, holidays=holidays)
        db.session.commit()
        with pytest.raises(PackConflict) as caught:
            load_pack(db.session, pack)
        db.session.rollback()
        [problem] = caught.value.problems
        assert problem.file == "pack.yaml" and "undo holidays" in str(problem)
        load_pack(db.session, pack, force=True)
        db.session.commit()
        newest, replaced = revisions.history("city", "city")[:2]
        assert "--force" in newest.note and newest.data["holidays"][-1]["name"] == "May Day"
        assert replaced.data["holidays"][-1]["name"] == "Day of German Unity"


def test_a_question_translated_in_the_back_office_is_a_conflict_too(
    make_app, fresh_database_url, tmp_path
):
    """Questions are translated in the back office now (revisions of kind "facts"): a pack
    that would undo such a translation is refused, naming facts.yaml; after an export it
    loads."""
    app = make_app(DATABASE_URL=fresh_database_url)
    pack = copy_pack(DEMO_PACK, tmp_path / "old")
    with app.app_context():
        editor = _demo_city_and_editor()
        fact = revisions.live("facts", "children_ages")
        revisions.publish_translation(
            "facts", fact, "ar", {"options.under_3": "أقل من ثلاث سنوات"}, editor
        )
        db.session.commit()
        with pytest.raises(PackConflict) as caught:
            load_pack(db.session, pack)
        db.session.rollback()
        [problem] = caught.value.problems
        assert problem.file == "facts.yaml"
        exported = tmp_path / "exported"
        export_pack(db.session, exported)
        load_pack(db.session, exported)
        db.session.commit()
        fact = revisions.live("facts", "children_ages")
        assert fact.translations["ar"].options["under_3"] == "أقل من ثلاث سنوات"
