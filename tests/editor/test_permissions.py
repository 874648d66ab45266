"""The one permission check: each role's reach, organisation scope, translators' locales."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from navigator.editor.permissions import ACTIONS, allowed

MINE, THEIRS = 1, 2
OWN_SERVICE = SimpleNamespace(organisation_id=MINE)
OTHER_SERVICE = SimpleNamespace(organisation_id=THEIRS)
SHARED_TOPIC = SimpleNamespace()  # no organisation: the city's own


def account(role: str, organisation_id: int | None = None, locales: str = "", active=True):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        role=role,
        organisation_id=organisation_id,
        locale_list=tuple(filter(None, locales.split(","))),
        is_authenticated=True,
        is_active=active,
    )


def test_admin_may_do_everything():
    admin = account("admin")
    assert all(allowed(admin, action, OTHER_SERVICE) for action in ACTIONS)


@pytest.mark.parametrize(
    "role", ["city_editor", "organisation_editor", "author", "translator", "observer"]
)
def test_only_admins_manage_users_settings_and_read_the_audit_log(role):
    for action in ("manage_users", "manage_settings", "view_audit"):
        assert not allowed(account(role, MINE), action)


def test_city_editor_edits_and_publishes_everything():
    editor = account("city_editor")
    for target in (OWN_SERVICE, OTHER_SERVICE, SHARED_TOPIC):
        assert allowed(editor, "edit", target) and allowed(editor, "publish", target)


def test_organisation_editor_reaches_only_their_organisation():
    editor = account("organisation_editor", MINE)
    assert allowed(editor, "edit", OWN_SERVICE) and allowed(editor, "publish", OWN_SERVICE)
    for action in ("view", "edit", "publish", "translate"):
        assert not allowed(editor, action, OTHER_SERVICE)
    assert allowed(editor, "view", SHARED_TOPIC) and not allowed(editor, "edit", SHARED_TOPIC)
    # Without an organisation (not yet assigned) they reach nothing.
    assert not allowed(account("organisation_editor"), "edit", OWN_SERVICE)


def test_organisation_itself_belongs_to_itself():
    from navigator.directory.models import Organisation

    editor = account("organisation_editor", MINE)
    assert allowed(editor, "edit", Organisation(id=MINE, slug="mine", kind="ngo"))
    assert not allowed(editor, "edit", Organisation(id=THEIRS, slug="theirs", kind="ngo"))


def test_authors_edit_and_submit_but_never_publish():
    author = account("author")
    assert allowed(author, "edit", OTHER_SERVICE) and allowed(author, "submit", OTHER_SERVICE)
    assert not allowed(author, "publish", OTHER_SERVICE)
    scoped_author = account("author", MINE)
    assert allowed(scoped_author, "edit", OWN_SERVICE)
    assert not allowed(scoped_author, "edit", OTHER_SERVICE)


def test_translators_translate_only_into_their_locales():
    translator = account("translator", locales="ar,fa")
    assert allowed(translator, "translate", OTHER_SERVICE, locale="ar")
    assert not allowed(translator, "translate", OTHER_SERVICE, locale="de")
    assert not allowed(translator, "edit", OTHER_SERVICE)
    assert not allowed(translator, "publish", OTHER_SERVICE)


def test_observers_only_look():
    observer = account("observer")
    assert allowed(observer, "view", OTHER_SERVICE)
    assert not any(allowed(observer, a, OTHER_SERVICE) for a in ACTIONS - {"view"})


def test_inactive_and_anonymous_may_do_nothing():
    assert not allowed(account("admin", active=False), "view")
    assert not allowed(None, "view")
    assert not allowed(SimpleNamespace(is_authenticated=False), "view")


def test_unknown_actions_are_a_programming_error():
    with pytest.raises(ValueError, match="unknown action"):
        allowed(account("admin"), "delete_everything")


def test_a_referrals_details_reach_only_its_organisation_and_its_welcome_centre():
    from navigator.referrals.models import Referral

    referral = Referral(organisation_id=MINE, location_id=7, sent_by_id=99)
    partner = account("organisation_editor", MINE)
    assert allowed(partner, "referrals") and allowed(partner, "referrals", referral)
    assert not allowed(account("organisation_editor", THEIRS), "referrals", referral)
    # The city sees the inbox, never the details the visitor shared with one organisation.
    for role in ("admin", "city_editor"):
        assert allowed(account(role), "referrals")
        assert not allowed(SimpleNamespace(**vars(account(role)), id=1), "referrals", referral)
    for role in ("author", "translator", "observer", "desk"):
        assert not allowed(account(role, MINE), "referrals")
    desk = SimpleNamespace(**vars(account("desk")), id=5, location_id=7)
    elsewhere = SimpleNamespace(**vars(account("desk")), id=6, location_id=8)
    assert allowed(desk, "desk", referral) and not allowed(elsewhere, "desk", referral)
    sender = SimpleNamespace(**vars(account("admin")), id=99, location_id=None)
    assert allowed(sender, "desk", referral)
