from __future__ import annotations

from flask import Blueprint
from flask_babel import format_datetime
from flask_login import current_user

from navigator.editor import (
    accounts,
    city,
    create,
    editing,
    feedback_inbox,
    places_view,
    rules,
    translations,
    views,
)
from navigator.events import editor_views as events
from navigator.statistics import views as statistics

bp = Blueprint("editor", __name__, url_prefix="/editor", template_folder="templates")
bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/login/code", "login_code", views.login_code, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/two-factor", "two_factor", views.two_factor, methods=["GET", "POST"])
bp.add_url_rule("/reset", "reset_request", views.reset_request, methods=["GET", "POST"])
# The link's token rides in the query string, which gunicorn.conf.py keeps out of the logs.
bp.add_url_rule("/reset/new", "reset_password", views.reset_password, methods=["GET", "POST"])
bp.add_url_rule("/language", "language", views.language, methods=["POST"])
bp.add_url_rule("/", "dashboard", views.dashboard)
bp.add_url_rule("/users", "users", views.users)
bp.add_url_rule("/users/new", "new_account", accounts.new_account, methods=["GET", "POST"])
bp.add_url_rule(
    "/users/<int:account_id>", "edit_account", accounts.edit_account, methods=["GET", "POST"]
)
bp.add_url_rule("/audit", "audit", views.audit_log)
# Newcomers' feedback on the listings an account may edit (issue 10): a stable URL.
bp.add_url_rule("/feedback", "feedback", feedback_inbox.inbox)
bp.add_url_rule(
    "/feedback/<int:feedback_id>/status",
    "feedback_status",
    feedback_inbox.set_status,
    methods=["POST"],
)
# Stable URLs (issue 9): /editor/services/<slug>/edit, …/history, /editor/organisations/…
bp.add_url_rule(
    "/services/<slug:slug>/edit", "edit_service", editing.edit_service, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/services/<slug:slug>/places",
    "edit_places",
    places_view.edit_places,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<any(services, events):kind>/<slug:slug>/rules",
    "edit_rule",
    rules.edit_rule,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<any(services, events):kind>/<slug:slug>/confirm",
    "confirm_listing",
    views.confirm_listing,
    methods=["POST"],
)
bp.add_url_rule(
    "/topics/<slug:slug>/edit", "edit_topic", editing.edit_topic, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/documents/<slug:slug>/edit", "edit_document", editing.edit_document, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/locations/<slug:slug>/edit", "edit_location", editing.edit_location, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/organisations/<slug:slug>/edit",
    "edit_organisation",
    editing.edit_organisation,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/events/<slug:slug>/edit", "edit_event", events.edit_event, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<any(services, organisations, locations, topics, documents, events):kind>/new",
    "new",
    create.new,
    methods=["GET", "POST"],
)
bp.add_url_rule("/translations", "translations", translations.overview)
bp.add_url_rule("/translations/<language>", "locale_texts", translations.locale_texts)
bp.add_url_rule("/translations/<language>/export", "export_translations", translations.export_file)
bp.add_url_rule(
    "/translations/<language>/import",
    "import_translations",
    translations.import_file,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/translations/<language>/<kind>/<key:key>",
    "edit_translation",
    translations.edit_translation,
    methods=["GET", "POST"],
)
# The one city: /editor/city/edit and /editor/city/city/history (its key is "city").
bp.add_url_rule("/<any(city):slug>/edit", "edit_city", city.edit_city, methods=["GET", "POST"])
bp.add_url_rule(
    "/<any(services, organisations, locations, topics, documents, city, facts, statuses, events)"
    ":kind>/<key:slug>/history",
    "history",
    editing.history,
)
bp.add_url_rule(
    "/revisions/<int:revision_id>/publish",
    "publish_revision",
    editing.publish_revision,
    methods=["POST"],
)
bp.add_url_rule(
    "/revisions/<int:revision_id>/restore",
    "restore_revision",
    editing.restore_revision,
    methods=["POST"],
)

# Statistics without people (issue 11): stable URLs.
bp.add_url_rule("/statistics", "statistics", statistics.statistics)
bp.add_url_rule("/statistics.csv", "statistics_csv", statistics.statistics_csv)
bp.add_url_rule("/statistics/unmet", "statistics_unmet", statistics.unmet)


@bp.after_request
def private(response):  # type: ignore[no-untyped-def]
    # Back-office pages are personal and not for search engines.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.app_template_filter("datetime_short")
def datetime_short(value):  # type: ignore[no-untyped-def]
    return format_datetime(value, "short")


@bp.context_processor
def editor_helpers():  # type: ignore[no-untyped-def]
    # Back-office pages only (see auth.register): the signed-in account, and what it may do.
    return {"can": views.can, "action_title": views.action_title, "current_user": current_user}
