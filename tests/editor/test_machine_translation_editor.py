"""Machine translation in the back office and on public pages (issue 10, point 4): suggestions
fill only empty fields and publish nothing; a text published as a machine translation is
labelled on public pages in the reader's language and counts as not up to date; a
translator's save approves it; `content machine-translate` fills only missing texts; a wrong
key, a used-up quota or a server that is down is a message, never an error page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from navigator.db import db
from navigator.directory.models import Service, ServiceTranslation
from navigator.editor import revisions
from navigator.editor.models import AuditEvent, Revision
from navigator.i18n import _, force_locale, language_name
from navigator.translatable import TranslationState
from tests.editor.deepl_server import KEY, Running
from tests.editor.test_editing import client_for, form_data
from tests.editor.test_machine_translation import _closed_port

SLUG = "language-cafe"  # no Persian text in the demo pack; Arabic by a person
PAGE = f"/editor/translations/fa/services/{SLUG}"
SUGGEST = "Suggest a machine translation"


@pytest.fixture(scope="module")
def deepl() -> Iterator:  # type: ignore[type-arg]
    running = Running()
    yield running.fake
    running.stop()


@pytest.fixture(scope="module")
def app(editing_app, deepl):  # type: ignore[no-untyped-def]
    """The editing app with DeepL set up, on the loopback server (no retries: quick)."""
    editing_app.config.update(
        MT_PROVIDER="deepl", DEEPL_AUTH_KEY=KEY, DEEPL_SERVER_URL=deepl.url, MT_RETRIES=0
    )
    return editing_app


def _service(slug: str = SLUG) -> Service:
    return db.session.scalars(select(Service).where(Service.slug == slug)).one()


def _label(app, locale: str) -> str:  # type: ignore[no-untyped-def]
    """The public label as the reader of `locale` reads it (whatever the catalogs hold)."""
    with app.test_request_context(f"/{locale}/"), force_locale(locale):
        text = _(
            "Machine-translated from %(language)s: it may contain mistakes.",
            language=language_name("en", locale),
        )
    return str(escape(text))


def _notices(page: str) -> list[str]:
    return re.findall(r'<p class="fallback-notice machine-notice"[^>]*>(.*?)</p>', page, re.S)


def test_the_button_shows_only_when_machine_translation_is_set_up(app):
    client = client_for(app)
    assert SUGGEST in client.get(PAGE).text
    app.config["MT_PROVIDER"] = ""
    try:
        assert SUGGEST not in client.get(PAGE).text
    finally:
        app.config["MT_PROVIDER"] = "deepl"


def test_a_suggestion_fills_only_empty_fields_and_publishes_nothing(app, deepl):
    client = client_for(app)
    data = form_data(client.get(PAGE).text)
    data.update(title="مقهای زبان", action="suggest")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Revision))
    deepl.requests.clear()
    page = client.post(PAGE, data=data)
    assert page.status_code == 200
    assert "مقهای زبان" in page.text  # what the translator typed stays
    suggested = {k: str(v).strip() for k, v in form_data(page.text).items()}
    assert suggested["title"] == "مقهای زبان"
    assert suggested["summary"].startswith("[FA] Practise German")
    assert suggested["description"].startswith("[FA] At the language café")
    assert "\n- [FA] Coffee and tea are free." in suggested["description"]
    assert suggested["machine_fields"] == "summary,description,eligibility_summary,cost"
    assert "Publish as machine translation" in page.text and SUGGEST not in page.text
    sent = [t for request in deepl.requests for t in request["text"]]
    assert "Language café" not in sent and not any("- " in t for t in sent)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Revision)) == before
        assert "fa" not in _service().translations


def test_publishing_as_machine_labels_it_and_counts_it_as_not_up_to_date(app):
    client = client_for(app)
    with app.app_context():
        english_page = app.test_client().get(f"/en/services/{SLUG}").text
    data = form_data(client.get(PAGE).text)
    data["action"] = "suggest"
    data = form_data(client.post(PAGE, data=data).text)
    data["action"] = "machine"
    assert client.post(PAGE, data=data).status_code == 302
    with app.app_context():
        service = _service()
        assert service.translations["fa"].machine is True
        assert service.translation_state("fa") is TranslationState.MACHINE
        assert revisions.history("services", SLUG)[0].note == "machine translation into fa"
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == "translate" and event.detail["machine"] is True
    listed = client.get("/editor/translations/fa?state=machine&kind=services").text
    assert f"/editor/translations/fa/services/{SLUG}" in listed
    assert f"/services/{SLUG}" not in client.get("/editor/translations/fa?state=up_to_date").text
    overview = client.get("/editor/translations").text
    row = re.search(
        r'<tr>\s*<th scope="row"><a href="/editor/translations/fa">.*?</tr>', overview, re.S
    )
    counts = [int(n) for n in re.findall(r'state=\w+">(\d+)</a>', row.group(0))]
    percent = int(re.search(r"</meter> (\d+)%", row.group(0)).group(1))
    machine, done = counts[2], counts[3]  # missing, outdated, machine-translated, up to date
    assert machine >= 1 and percent == round(100 * done / sum(counts))
    # Public pages, in Persian (right to left): one label, in the reader's language.
    public = app.test_client()
    page = public.get(f"/fa/services/{SLUG}").text
    assert '<html lang="fa" dir="rtl">' in page
    notices = _notices(page)
    assert len(notices) == 1 and notices[0].startswith(_label(app, "fa"))
    assert f'<a href="/en/services/{SLUG}" hreflang="en">' in notices[0]
    assert "[FA] Practise German" in page
    assert _notices(english_page) == [] and _notices(public.get(f"/en/services/{SLUG}").text) == []
    topic = public.get("/fa/topics/language-learning").text
    cards = re.findall(r'<article class="card service-card">.*?</article>', topic, re.S)
    card = next(c for c in cards if f'/fa/services/{SLUG}"' in c)
    assert "badge-machine" in card


def test_saving_as_reviewed_approves_it_and_the_label_goes(app):
    client = client_for(app)
    page = client.get(PAGE).text
    assert "Machine-translated" in page and "Save as reviewed and publish" in page
    data = form_data(page)
    data["summary"] = "قهوه بنوشید و آلمانی و زبان‌های دیگر را تمرین کنید، هر هفته."
    assert client.post(PAGE, data=data).status_code == 302  # the ordinary save
    with app.app_context():
        service = _service()
        assert service.translations["fa"].machine is False
        assert service.translation_state("fa") is TranslationState.UP_TO_DATE
    assert _notices(app.test_client().get(f"/fa/services/{SLUG}").text) == []


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("wrong key", "did not accept this site's key"),
        ("quota used up", "allowance for this period is used up"),
        ("429", "busy"),
        ("server down", "could not be reached"),
    ],
)
def test_a_failing_service_is_a_message_never_an_error_page(app, deepl, case, words):
    page = f"/editor/translations/ar/services/{SLUG}"
    translator = client_for(app, "translator")
    data = form_data(translator.get(page).text)
    data.update(summary="", action="suggest")
    if case == "wrong key":
        app.config["DEEPL_AUTH_KEY"] = "not-the-key"
    if case == "server down":
        app.config["DEEPL_SERVER_URL"] = f"http://127.0.0.1:{_closed_port()}"
    deepl.quota_left = 3 if case == "quota used up" else 1_000_000
    deepl.fail_with = 429 if case == "429" else None
    try:
        answer = translator.post(page, data=data)
    finally:
        app.config.update(DEEPL_AUTH_KEY=KEY, DEEPL_SERVER_URL=deepl.url)
        deepl.quota_left, deepl.fail_with = 1_000_000, None
    assert answer.status_code == 200
    alert = re.search(r'<p class="notice" role="alert">(.*?)</p>', answer.text, re.S)
    assert alert and words in alert.group(1).replace("&#39;", "'")
    assert str(form_data(answer.text)["summary"]).strip() == ""
    with app.app_context():
        assert _service().translations["ar"].summary  # nothing written


def test_plan_cards_carry_the_label(app):
    from navigator.pathway.engine import Answers
    from navigator.questionnaire import token as tokens

    person = Answers(
        needs=("housing", "health"),
        needs_asked=True,
        values={"residence_status": "international_protection", "age": 30},
        order=("needs", "residence_status", "age"),
    )
    with app.test_request_context():
        token = tokens.encode(person)
    plan = app.test_client().get(f"/ar/plan?t={token}").text
    slug = re.search(r'id="step-1">.*?href="/ar/services/([a-z0-9-]+)"', plan, re.S).group(1)
    with app.app_context():
        service = _service(slug)
        human = {f: getattr(service.translations["ar"], f) for f in ("title", "summary")}
        revisions.publish_translation("services", service, "ar", human, None, machine=True)
        db.session.commit()
    try:
        plan = app.test_client().get(f"/ar/plan?t={token}").text
        step = re.search(r'id="step-1">.*?</li>', plan, re.S).group(0)
        assert _notices(step) and _notices(step)[0].startswith(_label(app, "ar"))
    finally:
        with app.app_context():
            service = _service(slug)
            revisions.publish_translation("services", service, "ar", human, None)
            db.session.commit()
    assert not _notices(app.test_client().get(f"/ar/plan?t={token}").text)


def _lt_rows() -> dict[str, tuple[str, bool]]:
    rows = db.session.execute(
        select(Service.slug, ServiceTranslation.title, ServiceTranslation.machine)
        .join(ServiceTranslation, ServiceTranslation.service_id == Service.id)
        .where(ServiceTranslation.locale == "lt")
    )
    return {slug: (title, machine) for slug, title, machine in rows}


def test_the_command_fills_only_missing_texts(app, deepl):
    runner = app.test_cli_runner()
    command = ["content", "machine-translate", "--locale", "lt", "--kind", "services"]
    with app.app_context():
        human = _lt_rows()
    assert human and not any(machine for _title, machine in human.values())
    done = runner.invoke(args=[*command, "--limit", "2"])
    assert done.exit_code == 0, done.output
    assert "lt: 2 listings machine-translated (services 2), 0 not published" in done.output
    with app.app_context():
        rows = _lt_rows()
        filled = sorted(set(rows) - set(human))
        assert len(filled) == 2 and all(
            rows[s][1] and rows[s][0].startswith("[LT] ") for s in filled
        )
        assert all(rows[s] == human[s] for s in human)  # a person's text is never replaced
        assert revisions.history("services", filled[0])[0].note == "machine translation into lt"
    page = app.test_client().get(f"/lt/services/{filled[0]}").text
    assert '<html lang="lt" dir="ltr">' in page
    assert _notices(page) and _notices(page)[0].startswith(_label(app, "lt"))
    # The quota runs out half-way: what was done stays, and it says why it stopped.
    deepl.quota_left = 2_000
    try:
        stopped = runner.invoke(args=command)
    finally:
        deepl.quota_left = 1_000_000
    assert stopped.exit_code == 1 and "Stopped: The machine translation allowance" in stopped.output
    done = runner.invoke(args=command)
    assert done.exit_code == 0, done.output
    with app.app_context():
        rows = _lt_rows()
        total = db.session.scalar(select(func.count()).select_from(Service))
        assert len(rows) == total and all(rows[s] == human[s] for s in human)
    again = runner.invoke(args=command)
    assert "lt: 0 listings machine-translated, 0 not published" in again.output
    app.config["MT_PROVIDER"] = ""
    try:
        off = runner.invoke(args=command)
    finally:
        app.config["MT_PROVIDER"] = "deepl"
    assert off.exit_code == 2 and "NAVIGATOR_MT_PROVIDER=deepl" in off.output


def test_suggestions_are_limited_per_account_and_saving_is_not(app, make_app, deepl):
    """Each suggestion is a paid request to the provider: a few per account, then a
    translated 429; saving the translation is never held back by it."""
    limited = make_app(
        DATABASE_URL=app.config["DATABASE_URL"],
        RATELIMIT_ENABLED=True,
        RATELIMIT_KEY_PREFIX=f"mt-suggest-test-{uuid.uuid4().hex}",
        MT_SUGGEST_RATE_LIMIT="2 per hour",
        MT_PROVIDER="deepl",
        DEEPL_AUTH_KEY=KEY,
        DEEPL_SERVER_URL=deepl.url,
        MT_RETRIES=0,
    )
    client = client_for(limited)
    data = form_data(client.get(PAGE).text)
    for _attempt in range(2):
        assert client.post(PAGE, data={**data, "action": "suggest"}).status_code == 200
    refused = client.post(
        PAGE, data={**data, "action": "suggest"}, headers={"Accept-Language": "ar"}
    )
    assert refused.status_code == 429 and 'dir="rtl"' in refused.text
    # Another account has its own allowance; saving is not a suggestion.
    other = client_for(limited, role="admin")
    theirs = form_data(other.get(PAGE).text)
    assert other.post(PAGE, data={**theirs, "action": "suggest"}).status_code == 200
    saved = client.post(PAGE, data={**data, "action": "save"})
    assert saved.status_code in (200, 302) and saved.status_code != 429
