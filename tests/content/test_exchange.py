"""Translations out and back in (issue 10, point 3): XLIFF 1.2, XLIFF 2.0 and PO made with
translate-toolkit, one unit per field with stable ids and the source revision; an import
of a translation made from an older source marks it outdated, never overwrites a newer one,
and reports unknown ids and broken markup per unit with nothing written."""

from __future__ import annotations

import copy
import re

import pytest
from sqlalchemy import select
from translate.storage import po, xliff2

from navigator.content import canonical, exchange
from navigator.db import db
from navigator.directory.models import Service
from navigator.editor import revisions
from navigator.translatable import TranslationState

SLUG = "language-cafe"


def _service() -> Service:
    return db.session.scalars(select(Service).where(Service.slug == SLUG)).one()


def _translate(data: bytes, fmt: str, texts: dict[str, str]) -> bytes:
    """What a translator's tool does: new targets for some units, marked translated."""
    _fmt, store = exchange.read(data)
    assert _fmt == fmt
    for unit in store.getunits():
        unit_id = unit.getcontext() if fmt == "po" else unit.getid().rsplit("\x04", 1)[-1]
        if unit_id in texts:
            unit.target = texts[unit_id]
            if fmt == "po":
                unit.markfuzzy(False)
    return bytes(store)


@pytest.mark.parametrize("fmt", ["xliff", "xliff2", "po"])
def test_every_format_round_trips(loaded, fmt):
    with loaded.app_context():
        first = exchange.export(db.session, "ar", "en", fmt)
        text = first.decode()
        assert f"{SLUG}/summary" in text and "source-revision: 1" in text
        if fmt == "xliff":
            assert 'version="1.2"' in text and 'state="translated"' in text
        if fmt == "xliff2":
            assert 'version="2.0"' in text and xliff2.Xliff2File.parsestring(first).units
        if fmt == "po":
            assert f'msgctxt "services/{SLUG}/summary"' in text
            assert po.pofile.parsestring(first).units
        changed = _translate(first, fmt, {f"services/{SLUG}/cost": "رایگان و بدون ثبت‌نام"})
        found = exchange.check(db.session, changed, "en")
        assert not found.problems and found.locale == "ar"
        assert found.changes == {("services", SLUG): {"cost": "رایگان و بدون ثبت‌نام"}}
        assert exchange.apply(db.session, found, None) == 1
        db.session.commit()
        service = _service()
        assert service.translations["ar"].cost == "رایگان و بدون ثبت‌نام"
        assert service.translation_state("ar") is TranslationState.UP_TO_DATE
        again = exchange.export(db.session, "ar", "en", fmt)
        ids = re.findall(r'(?:id|msgctxt)[= ]"([a-z]+/[^"]+)"', first.decode())
        assert ids == re.findall(r'(?:id|msgctxt)[= ]"([a-z]+/[^"]+)"', again.decode())
        assert "رایگان و بدون ثبت‌نام" in again.decode()
        assert revisions.history("services", SLUG)[0].note == "translation into ar"


def test_a_translation_of_an_older_source_is_stored_as_outdated(loaded):
    with loaded.app_context():
        exported = exchange.export(db.session, "ar", "en", "xliff")
        service = _service()
        data = copy.deepcopy(revisions.snapshot("services", service))
        data["summary"] = "Practise German over coffee, every Tuesday."
        revisions._apply("services", service, {**canonical.tidy("services", data), "revision": 2})
        db.session.commit()
        assert (
            "needs-review-translation" in exchange.export(db.session, "ar", "en", "xliff").decode()
        )
        found = exchange.check(
            db.session, _translate(exported, "xliff", {f"services/{SLUG}/cost": "رایگان"}), "en"
        )
        assert not found.problems
        exchange.apply(db.session, found, None)
        db.session.commit()
        service = _service()
        assert service.translations["ar"].cost == "رایگان"
        assert service.translation_state("ar") is TranslationState.OUTDATED


def test_problems_are_reported_per_unit_and_nothing_is_written(loaded):
    with loaded.app_context():
        exported = exchange.export(db.session, "ar", "en", "po")
        before = _service().translations["ar"].description
        text = exported.decode().replace(
            f'msgctxt "services/{SLUG}/cost"', 'msgctxt "services/no-such-service/cost"'
        )
        broken = _translate(
            text.encode(),
            "po",
            {
                f"services/{SLUG}/description": "فقط یک جمله، بدون فهرست.",
                f"services/{SLUG}/summary": "خلاصه‌ای تازه",
            },
        )
        found = exchange.check(db.session, broken, "en")
        messages = [str(p) for p in found.problems]
        assert any("services/no-such-service/cost: there is no service" in m for m in messages)
        assert any(f"services/{SLUG}/description" in m and "lists" in m for m in messages)
        assert _service().translations["ar"].description == before
        with pytest.raises(AssertionError):
            exchange.apply(db.session, found, None)


def test_an_import_never_overwrites_a_newer_translation(loaded):
    with loaded.app_context():
        old_file = exchange.export(db.session, "ar", "en", "xliff")
        service = _service()
        data = copy.deepcopy(revisions.snapshot("services", service))
        data["summary"] = "Practise German over coffee, every Tuesday."
        revisions._apply("services", service, {**canonical.tidy("services", data), "revision": 2})
        revisions.publish_translation("services", _service(), "ar", {"summary": "تازه"}, None)
        db.session.commit()
        found = exchange.check(
            db.session, _translate(old_file, "xliff", {f"services/{SLUG}/summary": "قدیمی"}), "en"
        )
        assert found.problems and "newer source (revision 2)" in str(found.problems[0])
        assert _service().translations["ar"].summary == "تازه"


def test_the_command_line(loaded, tmp_path):
    runner = loaded.test_cli_runner()
    out = tmp_path / "ar.po"
    result = runner.invoke(
        args=["content", "export-translations", "--locale", "ar", "--format", "po", str(out)]
    )
    assert result.exit_code == 0, result.output
    with loaded.app_context():
        changed = _translate(out.read_bytes(), "po", {f"services/{SLUG}/cost": "رایگان!"})
    out.write_bytes(changed)
    result = runner.invoke(args=["content", "import-translations", str(out)])
    assert result.exit_code == 0, result.output
    assert "imported ar translations for 1 listings" in result.output
    broken = tmp_path / "broken.po"
    broken.write_text(
        out.read_text(encoding="utf-8").replace(f"services/{SLUG}/title", "services/x/y"),
        encoding="utf-8",
    )
    result = runner.invoke(args=["content", "import-translations", str(broken)])
    assert result.exit_code == 1 and "Nothing was imported" in result.output
    result = runner.invoke(args=["content", "export-translations", "--locale", "en", str(out)])
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_questions_statuses_and_the_city_go_out_and_come_back(loaded, fmt):
    from navigator.directory.models import EmergencyNumber, Holiday
    from navigator.facts.models import Fact, ResidenceStatus

    with loaded.app_context():
        first = exchange.export(db.session, "ar", "en", fmt).decode()
        for unit in (
            "facts/children_ages/question",
            "facts/children_ages/options.under_3",
            "statuses/asylum_seeker/label",
            "city/city/notice",
            "city/city/holidays.2026-12-25",
            "city/city/emergency_numbers.emergency",
        ):
            assert unit in first, unit
        texts = {
            "facts/children_ages/options.under_3": "أقل من ثلاث سنوات",
            "statuses/asylum_seeker/label": "شخص طالب لجوء",
            "city/city/holidays.2026-12-25": "يوم عيد الميلاد",
            "city/city/emergency_numbers.emergency": "الشرطة والإطفاء والإسعاف: 112",
        }
        found = exchange.check(db.session, _translate(first.encode(), fmt, texts), "en")
        assert not found.problems, found.problems
        assert exchange.apply(db.session, found, None) == 3  # a fact, a status, the city
        db.session.commit()
        fact = db.session.scalars(select(Fact).where(Fact.key == "children_ages")).one()
        assert fact.translations["ar"].options["under_3"] == "أقل من ثلاث سنوات"
        assert fact.translation_state("ar") is TranslationState.UP_TO_DATE
        status = db.session.scalars(
            select(ResidenceStatus).where(ResidenceStatus.value == "asylum_seeker")
        ).one()
        assert status.translations["ar"].label == "شخص طالب لجوء"
        names = {h.date.isoformat(): h for h in db.session.scalars(select(Holiday))}
        assert names["2026-12-25"].translations["ar"].name == "يوم عيد الميلاد"
        number = db.session.scalars(
            select(EmergencyNumber).where(EmergencyNumber.key == "emergency")
        ).one()
        assert number.translations["ar"].label == "الشرطة والإطفاء والإسعاف: 112"
        # An option the fact does not have is an unknown unit; nothing is written.
        unit = "facts/children_ages/options"
        wrong = first.replace(f"{unit}.under_3", f"{unit}.x")
        bad = exchange.check(
            db.session,
            _translate(wrong.encode(), fmt, {f"{unit}.x": "؟"}),
            "en",
        )
        assert [p.unit for p in bad.problems] == [f"{unit}.x"]
