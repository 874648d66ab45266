"""Every back-office route × every role (and anonymous): the expected status, checked on
the server. A route missing from CASES fails the test, so a new page must say who may open
it. Objects come in pairs where it matters: the organisation editor's own (city-library and
its language-cafe) and another organisation's (health-department, gp-registration-help)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Organisation, Service
from navigator.editor import revisions
from navigator.editor.models import ROLES, Account
from navigator.events.models import Event
from navigator.feedback.operations import record as record_feedback
from navigator.referrals.operations import Consent
from navigator.referrals.operations import send as send_referral
from tests.conftest import FIXED_NOW, csrf_token
from tests.editor.conftest import email_of

ANONYMOUS = "anonymous"
WHO = (ANONYMOUS, *ROLES)
OWN, OTHER = "language-cafe", "gp-registration-help"
OWN_ORG, OTHER_ORG = "city-library", "health-department"
#: the own organisation's event, and another's (the refugee council's)
OWN_EVENT, OTHER_EVENT = "language-cafe-thursdays", "work-permit-info-sessions"
EDITORS = {"admin": 200, "city_editor": 200, "author": 200}
#: front-desk staff run desk sessions and open nothing else of the back office
DESK_ONLY = {"desk": 403}
#: the desk's pages: administrators and front-desk staff
DESK = {ANONYMOUS: 302, "admin": 200, "desk": 200, "*": 403}
PUBLISHERS = {"admin": 302, "city_editor": 302}
STATISTICS = {ANONYMOUS: 302, "admin": 200, "city_editor": 200, "*": 403}

#: (endpoint, method, path, {who: status}); "*" is everyone not named. {own}/{other} are
#: revision ids of a draft of the own / other service (see `drafts`).
CASES = [
    ("editor.login", "GET", "/editor/login", {ANONYMOUS: 200, "*": 302}),
    # Without a password first, the code step sends everyone back to sign in.
    ("editor.login_code", "GET", "/editor/login/code", {"*": 302}),
    ("editor.reset_request", "GET", "/editor/reset", {"*": 200}),
    # Without a valid link: the page that says so.
    ("editor.reset_password", "GET", "/editor/reset/new", {"*": 400}),
    ("editor.two_factor", "GET", "/editor/two-factor", {ANONYMOUS: 302, "*": 200}),
    ("editor.language", "POST", "/editor/language", {"*": 302}),
    # Front-desk staff land on the desk (navigator/desk) instead.
    ("editor.dashboard", "GET", "/editor/", {ANONYMOUS: 302, "desk": 302, "*": 200}),
    ("editor.users", "GET", "/editor/users", {ANONYMOUS: 302, "admin": 200, "*": 403}),
    ("editor.audit", "GET", "/editor/audit", {ANONYMOUS: 302, "admin": 200, "*": 403}),
    ("editor.new_account", "GET", "/editor/users/new", {ANONYMOUS: 302, "admin": 200, "*": 403}),
    ("editor.edit_account", "GET", "/editor/users/1", {ANONYMOUS: 302, "admin": 200, "*": 403}),
    (
        "editor.edit_service",
        "GET",
        f"/editor/services/{OWN}/edit",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.edit_service",
        "GET",
        f"/editor/services/{OTHER}/edit",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    (
        "editor.edit_service",
        "GET",
        "/editor/services/no-such-service/edit",
        {ANONYMOUS: 302, "*": 404},
    ),
    (
        "editor.edit_places",
        "GET",
        f"/editor/services/{OWN}/places",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.edit_places",
        "GET",
        f"/editor/services/{OTHER}/places",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    (
        "editor.edit_rule",
        "GET",
        f"/editor/services/{OWN}/rules",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.edit_rule",
        "GET",
        f"/editor/services/{OTHER}/rules",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    (
        "editor.confirm_listing",
        "POST",
        f"/editor/services/{OWN}/confirm",
        {
            ANONYMOUS: 302,
            "admin": 302,
            "city_editor": 302,
            "author": 302,
            "organisation_editor": 302,
            "*": 403,
        },
    ),
    (
        "editor.confirm_listing",
        "POST",
        f"/editor/services/{OTHER}/confirm",
        {ANONYMOUS: 302, "admin": 302, "city_editor": 302, "author": 302, "*": 403},
    ),
    (
        "editor.edit_organisation",
        "GET",
        f"/editor/organisations/{OWN_ORG}/edit",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.edit_organisation",
        "GET",
        f"/editor/organisations/{OTHER_ORG}/edit",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    (
        "editor.history",
        "GET",
        f"/editor/services/{OWN}/history",
        {ANONYMOUS: 302, **DESK_ONLY, "*": 200},
    ),
    (
        "editor.history",
        "GET",
        f"/editor/services/{OTHER}/history",
        {ANONYMOUS: 302, **DESK_ONLY, "organisation_editor": 403, "*": 200},
    ),
    # New listings: services and locations by everyone who edits (an organisation's in its
    # own organisation), the city's shared objects by those not limited to one organisation.
    (
        "editor.new",
        "GET",
        "/editor/services/new",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.new",
        "GET",
        "/editor/locations/new",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    ("editor.new", "GET", "/editor/organisations/new", {ANONYMOUS: 302, **EDITORS, "*": 403}),
    ("editor.new", "GET", "/editor/topics/new", {ANONYMOUS: 302, **EDITORS, "*": 403}),
    ("editor.new", "GET", "/editor/documents/new", {ANONYMOUS: 302, **EDITORS, "*": 403}),
    # Events: like services, an organisation's editors edit their organisation's events.
    (
        "editor.new",
        "GET",
        "/editor/events/new",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.edit_event",
        "GET",
        f"/editor/events/{OWN_EVENT}/edit",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.edit_event",
        "GET",
        f"/editor/events/{OTHER_EVENT}/edit",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    ("editor.edit_event", "GET", "/editor/events/no-such-event/edit", {ANONYMOUS: 302, "*": 404}),
    (
        "editor.edit_rule",
        "GET",
        f"/editor/events/{OWN_EVENT}/rules",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    (
        "editor.edit_rule",
        "GET",
        f"/editor/events/{OTHER_EVENT}/rules",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    ("editor.edit_rule", "GET", "/editor/events/no-such-event/rules", {ANONYMOUS: 302, "*": 404}),
    (
        "editor.confirm_listing",
        "POST",
        f"/editor/events/{OWN_EVENT}/confirm",
        {
            ANONYMOUS: 302,
            "admin": 302,
            "city_editor": 302,
            "author": 302,
            "organisation_editor": 302,
            "*": 403,
        },
    ),
    (
        "editor.confirm_listing",
        "POST",
        f"/editor/events/{OTHER_EVENT}/confirm",
        {ANONYMOUS: 302, "admin": 302, "city_editor": 302, "author": 302, "*": 403},
    ),
    (
        "editor.history",
        "GET",
        f"/editor/events/{OWN_EVENT}/history",
        {ANONYMOUS: 302, **DESK_ONLY, "*": 200},
    ),
    (
        "editor.history",
        "GET",
        f"/editor/events/{OTHER_EVENT}/history",
        {ANONYMOUS: 302, **DESK_ONLY, "organisation_editor": 403, "*": 200},
    ),
    # Translations: everyone who translates (translators into their locales only).
    (
        "editor.translations",
        "GET",
        "/editor/translations",
        {ANONYMOUS: 302, **DESK_ONLY, "observer": 403, "*": 200},
    ),
    (
        "editor.locale_texts",
        "GET",
        "/editor/translations/ar",
        {ANONYMOUS: 302, **DESK_ONLY, "observer": 403, "*": 200},
    ),
    (
        "editor.export_translations",
        "GET",
        "/editor/translations/ar/export?format=po",
        {ANONYMOUS: 302, **DESK_ONLY, "observer": 403, "*": 200},
    ),
    (
        "editor.import_translations",
        "GET",
        "/editor/translations/ar/import",
        {ANONYMOUS: 302, **DESK_ONLY, "observer": 403, "*": 200},
    ),
    (
        "editor.edit_translation",
        "GET",
        f"/editor/translations/ar/services/{OWN}",
        {ANONYMOUS: 302, **DESK_ONLY, "observer": 403, "*": 200},
    ),
    (
        "editor.edit_translation",
        "GET",
        f"/editor/translations/ar/services/{OTHER}",
        {ANONYMOUS: 302, **DESK_ONLY, "observer": 403, "organisation_editor": 403, "*": 200},
    ),
    # The city (holidays, emergency numbers, notice) is the city's: no organisation's.
    ("editor.edit_city", "GET", "/editor/city/edit", {ANONYMOUS: 302, **EDITORS, "*": 403}),
    (
        "editor.history",
        "GET",
        "/editor/city/city/history",
        {ANONYMOUS: 302, **DESK_ONLY, "*": 200},
    ),
    (
        "editor.edit_topic",
        "GET",
        "/editor/topics/housing/edit",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    (
        "editor.edit_document",
        "GET",
        "/editor/documents/passport/edit",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    (
        "editor.edit_location",
        "GET",
        "/editor/locations/central-library/edit",
        {ANONYMOUS: 302, **EDITORS, "organisation_editor": 200, "*": 403},
    ),
    # Shared by several organisations: the city's.
    (
        "editor.edit_location",
        "GET",
        "/editor/locations/international-house/edit",
        {ANONYMOUS: 302, **EDITORS, "*": 403},
    ),
    (
        "editor.history",
        "GET",
        "/editor/locations/central-library/history",
        {ANONYMOUS: 302, **DESK_ONLY, "*": 200},
    ),
    (
        "editor.history",
        "GET",
        f"/editor/organisations/{OTHER_ORG}/history",
        {ANONYMOUS: 302, **DESK_ONLY, "organisation_editor": 403, "*": 200},
    ),
    (
        "editor.publish_revision",
        "POST",
        "/editor/revisions/{own}/publish",
        {ANONYMOUS: 302, **PUBLISHERS, "organisation_editor": 302, "*": 403},
    ),
    (
        "editor.publish_revision",
        "POST",
        "/editor/revisions/{other}/publish",
        {ANONYMOUS: 302, **PUBLISHERS, "*": 403},
    ),
    (
        "editor.restore_revision",
        "POST",
        "/editor/revisions/{own}/restore",
        {
            ANONYMOUS: 302,
            "admin": 302,
            "city_editor": 302,
            "author": 302,
            "organisation_editor": 302,
            "*": 403,
        },
    ),
    (
        "editor.restore_revision",
        "POST",
        "/editor/revisions/{other}/restore",
        {ANONYMOUS: 302, "admin": 302, "city_editor": 302, "author": 302, "*": 403},
    ),
    (
        "editor.publish_revision",
        "POST",
        "/editor/revisions/999999/publish",
        {ANONYMOUS: 302, "*": 404},
    ),
    # Newcomers' feedback: on what an account may edit; plans and searches are the city's.
    (
        "editor.feedback",
        "GET",
        "/editor/feedback",
        {ANONYMOUS: 302, **DESK_ONLY, "translator": 403, "observer": 403, "*": 200},
    ),
    (
        "editor.feedback_status",
        "POST",
        "/editor/feedback/{own_feedback}/status",
        {ANONYMOUS: 302, **DESK_ONLY, "translator": 403, "observer": 403, "*": 302},
    ),
    (
        "editor.feedback_status",
        "POST",
        "/editor/feedback/{other_feedback}/status",
        {ANONYMOUS: 302, "admin": 302, "city_editor": 302, "author": 302, "*": 403},
    ),
    (
        "editor.feedback_status",
        "POST",
        "/editor/feedback/{plan_feedback}/status",
        {ANONYMOUS: 302, "admin": 302, "city_editor": 302, "author": 302, "*": 403},
    ),
    (
        "editor.feedback_status",
        "POST",
        "/editor/feedback/999999/status",
        {ANONYMOUS: 302, "*": 404},
    ),
    # The front desk (issue 11): the same accounts and sign-in. A step, the hand-over and its
    # PDF without a session's token: the start page with a message, never a 500.
    ("desk.start", "GET", "/desk/", DESK),
    ("desk.new_session", "GET", "/desk/sessions/new?staff=de&visitor=ar", DESK),
    (
        "desk.new_session",
        "GET",
        "/desk/sessions/new?staff=xx&visitor=ar",
        {**DESK, "admin": 400, "desk": 400},
    ),
    ("desk.step", "POST", "/desk/sessions/step", {**DESK, "admin": 400, "desk": 400}),
    ("desk.handover", "POST", "/desk/sessions/handover", {**DESK, "admin": 400, "desk": 400}),
    (
        "desk.handover_pdf",
        "POST",
        "/desk/sessions/handover.pdf",
        {**DESK, "admin": 400, "desk": 400},
    ),
    ("desk.refer", "POST", "/desk/sessions/refer", {**DESK, "admin": 400, "desk": 400}),
    ("desk.close", "POST", "/desk/sessions/close", {**DESK, "admin": 302, "desk": 302}),
    # Referrals (issue 11): the desk sends them (admin and desk); the partner organisation
    # reads them (its editors only: the details are shared with it, not with the city);
    # city editors and administrators see the inbox's anonymous overview.
    ("referrals.desk_list", "GET", "/desk/referrals", {ANONYMOUS: 302, **DESK, "*": 403}),
    (
        "referrals.new",
        "GET",
        f"/desk/referrals/new?service={OWN}&visitor=ar&staff=de",
        {ANONYMOUS: 302, **DESK, "*": 403},
    ),
    (
        "referrals.new",
        "GET",
        "/desk/referrals/new?service=no-such-service&visitor=ar&staff=de",
        {ANONYMOUS: 302, "admin": 404, "desk": 404, "*": 403},
    ),
    # Sent by the administrator, from no welcome centre: theirs alone.
    (
        "referrals.desk_referral",
        "GET",
        "/desk/referrals/{own_referral}",
        {ANONYMOUS: 302, "admin": 200, "*": 403},
    ),
    ("referrals.desk_referral", "GET", "/desk/referrals/999999", {ANONYMOUS: 302, "*": 404}),
    (
        "referrals.inbox",
        "GET",
        "/editor/referrals",
        {ANONYMOUS: 302, "admin": 200, "city_editor": 200, "organisation_editor": 200, "*": 403},
    ),
    (
        "referrals.partner_referral",
        "GET",
        "/editor/referrals/{own_referral}",
        {ANONYMOUS: 302, "organisation_editor": 200, "*": 403},
    ),
    (
        "referrals.partner_referral",
        "GET",
        "/editor/referrals/{other_referral}",
        {ANONYMOUS: 302, "*": 403},
    ),
    # No status chosen: the page again with the message.
    (
        "referrals.partner_referral",
        "POST",
        "/editor/referrals/{own_referral}",
        {ANONYMOUS: 302, "organisation_editor": 400, "*": 403},
    ),
    (
        "referrals.partner_referral",
        "GET",
        "/editor/referrals/999999",
        {ANONYMOUS: 302, "*": 404},
    ),
    # Statistics without people (issue 11): city editors and administrators.
    ("editor.statistics", "GET", "/editor/statistics", STATISTICS),
    ("editor.statistics_csv", "GET", "/editor/statistics.csv", STATISTICS),
    ("editor.statistics_unmet", "GET", "/editor/statistics/unmet", STATISTICS),
    # Sign-out last: it ends the session the other routes need.
    ("editor.logout", "POST", "/editor/logout", {"*": 302}),
]


@pytest.fixture(scope="module")
def app(editing_app):  # type: ignore[no-untyped-def]
    """The walk publishes, restores and confirms: on a database of its own."""
    return editing_app


@pytest.fixture(scope="module")
def accounts(editing_app):  # type: ignore[no-untyped-def]
    return {role: email_of(role) for role in ROLES}


@pytest.fixture(scope="module")
def drafts(app, accounts):  # type: ignore[no-untyped-def]
    """Revision ids of an unchanged draft of the own and of the other service, ids of
    feedback on them and on a plan, and of referrals to their organisations."""
    ids = {}
    with app.app_context():
        author = db.session.scalars(select(Account).where(Account.email == accounts["admin"]))
        author = author.one()
        for name, slug in (("own", OWN), ("other", OTHER)):
            service = db.session.scalars(select(Service).where(Service.slug == slug)).one()
            draft = revisions.save(
                "services", service, revisions.snapshot("services", service), author
            )
            ids[name] = draft.id
        for name, kind, key in (
            ("own_feedback", "service", OWN),
            ("other_feedback", "service", OTHER),
            ("plan_feedback", "plan", ""),
        ):
            feedback = record_feedback(
                db.session,
                locale="en",
                page_kind=kind,
                page_key=key,
                kind="helpful",
                field=None,
                comment="",
                region="DE",
                at=FIXED_NOW,
            )
            ids[name] = feedback.id
        for name, slug in (("own_referral", OWN), ("other_referral", OTHER)):
            service = db.session.scalars(select(Service).where(Service.slug == slug)).one()
            consent = Consent(
                shared=frozenset({"name"}),
                retention_days=30,
                visitor_locale="ar",
                staff_locale="de",
                name="Walk",
            )
            referral, _token = send_referral(
                db.session,
                service=service,
                topic=None,
                consent=consent,
                account=author,
                at=FIXED_NOW,
            )
            ids[name] = referral.id
        db.session.commit()
    return ids


def test_every_back_office_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    back_office = {e for e in endpoints if e.startswith(("editor.", "desk.", "referrals."))}
    assert back_office == {case[0] for case in CASES}


def test_the_pairs_are_what_they_claim(app):
    with app.app_context():
        own = db.session.scalars(select(Service).where(Service.slug == OWN)).one()
        other = db.session.scalars(select(Service).where(Service.slug == OTHER)).one()
        assert own.organisation.slug == OWN_ORG and other.organisation.slug == OTHER_ORG
        assert db.session.scalars(select(Organisation).where(Organisation.slug == OTHER_ORG)).one()
        own_event = db.session.scalars(select(Event).where(Event.slug == OWN_EVENT)).one()
        other_event = db.session.scalars(select(Event).where(Event.slug == OTHER_EVENT)).one()
        assert own_event.organisation.slug == OWN_ORG
        assert other_event.organisation.slug != OWN_ORG


@pytest.mark.parametrize("who", WHO)
def test_every_route_for_every_role(app, signed_in, drafts, who):
    client = app.test_client() if who == ANONYMOUS else signed_in(who)
    # A page every signed-in account may open (front-desk staff have no dashboard).
    token = csrf_token(
        client.get("/editor/login" if who == ANONYMOUS else "/editor/two-factor").text
    )
    for endpoint, method, path, statuses in CASES:
        path = path.format(**drafts)
        expected = statuses.get(who, statuses.get("*"))
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": token, "locale": "de"})
        assert response.status_code == expected, f"{who} {method} {path} ({endpoint})"
        assert response.headers["Cache-Control"] == "no-store", path
        if response.status_code == 302 and who == ANONYMOUS and method == "GET":
            assert response.headers["Location"].startswith("/editor/login")


def test_a_crafted_post_cannot_edit_another_organisations_service(app, signed_in):
    client = signed_in("organisation_editor")
    token = csrf_token(client.get(f"/editor/services/{OWN}/edit").text)
    response = client.post(
        f"/editor/services/{OTHER}/edit",
        data={
            "csrf_token": token,
            "title": "Taken over",
            "summary": "x",
            "topics": ["health"],
            "organisation": OWN_ORG,
            "phase": "later",
            "audience": "newcomers",
            "action": "publish",
        },
    )
    assert response.status_code == 403
    # Nor move their own listing to another organisation.
    page = client.get(f"/editor/services/{OWN}/edit").text
    assert f'value="{OTHER_ORG}"' not in page
    response = client.post(
        f"/editor/services/{OWN}/edit",
        data={
            "csrf_token": token,
            "title": "Moved",
            "summary": "x",
            "topics": ["housing"],
            "organisation": OTHER_ORG,
            "phase": "later",
            "audience": "newcomers",
            "action": "save",
            "based_on": "",
        },
    )
    assert response.status_code in (200, 403)
    assert "Moved" not in client.get(f"/en/services/{OWN}").text


@pytest.mark.parametrize("path", ["/editor/logout", "/editor/language"])
def test_posts_without_a_csrf_token_are_refused(signed_in, path):
    client = signed_in("admin")
    assert client.post(path, data={"locale": "de"}).status_code == 400
    assert client.get("/editor/").status_code == 200  # still signed in
