"""Machine translation (issue 10, point 4), below the pages: Markdown sent as prose with links
and numbers kept, DeepL's client against a server on loopback that speaks DeepL's API, its
errors in words, the settings, the `machine` column's migration, the pack form
(`machine: true`) and the exchange files (machine texts marked for review; a reviewed unit
clears the mark)."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import inspect, select, text
from translate.storage import po

from navigator import migrate
from navigator.config import check_machine_translation, from_environment
from navigator.content import exchange
from navigator.content.exporter import export_pack
from navigator.content.loader import load_pack
from navigator.db import db, make_engine
from navigator.directory.models import Service
from navigator.editor import revisions, translation_checks
from navigator.machine_translation import MachineTranslationError, configured, markdown, translate
from navigator.machine_translation.deepl_provider import DeepLProvider
from navigator.translatable import TranslationState
from tests.conftest import DEMO_PACK, _base_url, _drop_schema, _fresh
from tests.editor.deepl_server import KEY, Running

SLUG = "language-cafe"
SOURCE = """At the language café you meet people.
It is free: call 030 1234 5678 or write to cafe@demo-city.example.org.

## What happens

- You sit at a table with [people who practise](https://demo-city.example.org/cafe?a=1&b=2).
- Tea & coffee cost `0` euros, see <https://demo-city.example.org/prices>.
  Children are welcome.
1. First {name}
"""


@pytest.fixture(scope="module")
def deepl() -> Iterator:  # type: ignore[type-arg]
    running = Running()
    yield running.fake
    running.stop()


def provider(deepl, **options) -> DeepLProvider:  # type: ignore[no-untyped-def]
    return DeepLProvider(options.pop("key", KEY), server_url=deepl.url, retries=0, **options)


def test_only_prose_is_sent_and_markdown_comes_back_whole(deepl):
    prepared = markdown.prepare(SOURCE)
    sent = " ".join(prepared.segments)
    for kept in ("https://", "030 1234 5678", "cafe@", "`0`", "{name}", "##", "- You"):
        assert kept not in sent
    assert '<a i="' in sent and "&amp;" in sent  # a link's words go, escaped XML
    assert "people. It is free" in sent  # a paragraph's lines are one sentence
    back = markdown.restore(prepared, prepared.segments)
    assert back == SOURCE.replace("people.\nIt is", "people. It is").replace(
        "prices>.\n  Children", "prices>. Children"
    )
    found = translate(provider(deepl), {"description": SOURCE}, "en", "ar")["description"]
    assert found.startswith("[AR] At the language café") and "## [AR] What happens" in found
    assert (
        "- [AR] You sit at a table with [people who practise]"
        "(https://demo-city.example.org/cafe?a=1&b=2)." in found
    )
    assert translation_checks.problems(SOURCE, found) == []


def test_deepl_client_talks_to_the_api_as_documented(deepl):
    deepl.requests.clear()
    assert provider(deepl).translate(['Hi <x i="0"/>'], "en", "ar") == ['[AR] Hi <x i="0"/>']
    request = deepl.requests[-1]
    assert request["authorization"] == f"DeepL-Auth-Key {KEY}"
    assert request["source_lang"] == "EN" and request["target_lang"] == "AR"
    assert request["tag_handling"] == "xml" and request["preserve_formatting"] is True
    assert "enable_beta_languages" not in request
    # English is asked for as British English, Persian as one of DeepL's beta languages.
    assert provider(deepl).translate(["Hallo"], "de", "en") == ["[EN-GB] Hallo"]
    assert provider(deepl).translate(["Hello"], "en", "fa") == ["[FA] Hello"]
    assert deepl.requests[-1]["enable_beta_languages"] is True
    # Sixty texts: two requests (DeepL takes fifty at most).
    deepl.requests.clear()
    assert len(provider(deepl).translate([f"Text {n}" for n in range(60)], "en", "uk")) == 60
    assert [len(r["text"]) for r in deepl.requests] == [50, 10]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("case", "reason", "words"),
    [
        ("wrong key", "key", "did not accept this site's key"),
        ("quota used up", "quota", "allowance for this period is used up"),
        ("429", "busy", "busy. Try again in a minute"),
        ("503", "unavailable", "could not be reached"),
        ("server down", "unavailable", "could not be reached"),
    ],
)
def test_errors_become_one_message_for_the_translator(app, deepl, case, reason, words):
    key, url = ("wrong-key" if case == "wrong key" else KEY), deepl.url
    if case == "server down":
        url = f"http://127.0.0.1:{_closed_port()}"
    deepl.quota_left = 3 if case == "quota used up" else 1_000_000
    deepl.fail_with = int(case) if case.isdigit() else None
    try:
        with pytest.raises(MachineTranslationError) as failed:
            DeepLProvider(key, server_url=url, retries=0).translate(["Hello, world"], "en", "ar")
    finally:
        deepl.quota_left, deepl.fail_with = 1_000_000, None
    assert failed.value.reason == reason
    with app.test_request_context("/en/"):
        assert words in failed.value.message("en")


def test_a_language_deepl_does_not_translate_is_said_so_before_asking(app, deepl):
    deepl.requests.clear()
    with pytest.raises(MachineTranslationError) as failed:
        provider(deepl).translate(["Hello"], "en", "kk")
    assert failed.value.reason == "unsupported" and deepl.requests == []
    with app.test_request_context("/en/"):
        assert "into Kazakh is not available" in failed.value.message("en")


def test_settings_come_from_the_environment_and_are_checked():
    config = from_environment(
        {
            "NAVIGATOR_MT_PROVIDER": "DeepL",
            "NAVIGATOR_DEEPL_AUTH_KEY": KEY,
            "NAVIGATOR_DEEPL_SERVER_URL": "http://127.0.0.1:9",
            "NAVIGATOR_MT_TIMEOUT": "4",
            "NAVIGATOR_MT_RETRIES": "0",
        }
    )
    assert config["MT_PROVIDER"] == "deepl" and config["DEEPL_AUTH_KEY"] == KEY
    assert (config["MT_TIMEOUT"], config["MT_RETRIES"]) == (4.0, 0)
    found = configured(config)
    assert isinstance(found, DeepLProvider)
    found.close()
    assert from_environment({})["MT_PROVIDER"] == "" and configured(from_environment({})) is None
    with pytest.raises(RuntimeError, match="NAVIGATOR_DEEPL_AUTH_KEY"):
        check_machine_translation({"MT_PROVIDER": "deepl", "DEEPL_AUTH_KEY": ""})
    with pytest.raises(RuntimeError, match="NAVIGATOR_MT_PROVIDER"):
        check_machine_translation({"MT_PROVIDER": "google"})
    # Without a server URL the client picks DeepL's own: the free one for a free key.
    assert DeepLProvider(KEY)._translator.server_url == "https://api-free.deepl.com"
    assert DeepLProvider("paid-key")._translator.server_url == "https://api.deepl.com"


def test_the_migration_adds_and_removes_the_column(make_app, fresh_database_url):
    app = make_app(DATABASE_URL=fresh_database_url)
    with app.app_context():
        load_pack(db.session, DEMO_PACK)
        db.session.commit()
    engine = make_engine(fresh_database_url)
    try:
        # event_translation comes later (0014), born with the column: not part of this.
        tables = [
            t
            for t in inspect(engine).get_table_names()
            if t.endswith("_translation") and t != "event_translation"
        ]
        assert len(tables) == 11
        migrate.downgrade(fresh_database_url, "0009")
        inspector = inspect(engine)
        assert all("machine" not in {c["name"] for c in inspector.get_columns(t)} for t in tables)
        migrate.upgrade(fresh_database_url)
        inspector = inspect(engine)
        for table in tables:
            assert "machine" in {c["name"] for c in inspector.get_columns(table)}
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT machine, count(*) FROM service_translation GROUP BY 1")
            )
            assert [(bool(m), n > 0) for m, n in rows] == [(False, True)]
    finally:
        engine.dispose()


def _service() -> Service:
    return db.session.scalars(select(Service).where(Service.slug == SLUG)).one()


def _machine_fa() -> None:
    """language-cafe machine-translated into Persian (the demo pack has no Persian text)."""
    service = _service()
    values = {f: f"[FA] {getattr(service.translations['en'], f)}" for f in ("title", "cost")}
    values["summary"] = "[FA] " + service.translations["en"].summary
    values["eligibility_summary"] = "[FA] " + service.translations["en"].eligibility_summary
    values["description"] = service.translations["en"].description
    revisions.publish_translation("services", service, "fa", values, None, machine=True)
    db.session.commit()


def test_the_pack_form_carries_machine_and_loads_back(loaded, tmp_path: Path, make_app):
    with loaded.app_context():
        _machine_fa()
        assert _service().translation_state("fa") is TranslationState.MACHINE
        data = revisions.snapshot("services", _service())
        assert data["translations"]["fa"]["machine"] is True
        assert "machine" not in data["translations"]["ar"]
        export_pack(db.session, tmp_path / "pack")
    written = (tmp_path / "pack" / "translations" / "fa.yaml").read_text()
    entry = yaml.safe_load(written)["services"][SLUG]
    assert entry["machine"] is True and list(entry)[-1] == "machine"
    assert "machine" not in (tmp_path / "pack" / "translations" / "ar.yaml").read_text()
    url = _fresh(_base_url(tmp_path), tmp_path, "machine_pack")
    try:
        migrate.upgrade(url)
        other = make_app(DATABASE_URL=url)
        with other.app_context():
            load_pack(db.session, tmp_path / "pack")
            db.session.commit()
            assert _service().translations["fa"].machine is True
            assert load_pack(db.session, tmp_path / "pack").changed is False
            export_pack(db.session, tmp_path / "again")
        other.extensions["navigator_db"].dispose()
    finally:
        _drop_schema(url)
    again = (tmp_path / "again" / "translations" / "fa.yaml").read_text()
    assert again == written


def test_exports_mark_machine_texts_for_review_and_a_reviewed_unit_clears_the_mark(loaded):
    with loaded.app_context():
        _machine_fa()
        xliff = exchange.export(db.session, "fa", "en", "xliff").decode()
        unit = re.search(
            rf'<trans-unit[^>]*id="[^"]*services/{SLUG}/title".*?</trans-unit>', xliff, re.S
        )
        assert 'state="needs-review-translation"' in unit.group(0)
        exported = exchange.export(db.session, "fa", "en", "po")
        store = po.pofile.parsestring(exported)
        units = [u for u in store.units if (u.getcontext() or "").startswith(f"services/{SLUG}/")]
        assert units and all(u.isfuzzy() for u in units if u.target)
        # Sent back as it was (still marked): it stays a machine translation.
        found = exchange.check(db.session, exported, "en")
        assert not found.problems and ("services", SLUG) not in found.changes
        # A reviewer passes every unit, one of them corrected: the mark goes.
        for u in units:
            if u.target:
                u.markfuzzy(False)
        units[0].target = units[0].target.replace("[FA] ", "")
        found = exchange.check(db.session, bytes(store), "en")
        assert not found.problems and ("services", SLUG) not in found.machine
        exchange.apply(db.session, found, None)
        db.session.commit()
        service = _service()
        assert service.translations["fa"].machine is False
        assert service.translation_state("fa") is TranslationState.UP_TO_DATE
