from flask import Blueprint, Response
from flask_babel import format_date

from navigator.editor.blueprint import editor_helpers
from navigator.referrals import inbox, link, views
from navigator.referrals.models import status_title

# The back office's referral pages: the desk's (/desk/referrals…) and the partner
# organisation's inbox (a stable URL, issue 11: /editor/referrals). Same accounts, same
# session rules as /editor (auth.BACK_OFFICE).
bp = Blueprint("referrals", __name__, template_folder="templates")
bp.add_url_rule("/desk/referrals", "desk_list", views.desk_list)
bp.add_url_rule("/desk/referrals/new", "new", views.new_referral, methods=["GET", "POST"])
bp.add_url_rule("/desk/referrals/<int:referral_id>", "desk_referral", views.desk_referral)
bp.add_url_rule("/editor/referrals", "inbox", inbox.inbox)
bp.add_url_rule(
    "/editor/referrals/<int:referral_id>",
    "partner_referral",
    inbox.partner_referral,
    methods=["GET", "POST"],
)
bp.context_processor(editor_helpers)
bp.add_app_template_global(status_title, "referral_status_title")
bp.add_app_template_filter(lambda day: format_date(day, "medium"), "date_medium")

# The visitor's private page, in their language; the token is the only key to it.
public_bp = Blueprint(
    "referral_link", __name__, url_prefix="/<locale>/referral", template_folder="templates"
)
public_bp.add_url_rule("/withdrawn", "withdrawn", link.withdrawn)
public_bp.add_url_rule("/<token>", "show", link.show)
public_bp.add_url_rule("/<token>/withdraw", "withdraw", link.withdraw, methods=["POST"])


def _private(response: Response) -> Response:
    # Personal pages: no cache keeps them, no search engine lists them, no referrer leaks
    # the private link.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


bp.after_request(_private)
public_bp.after_request(_private)
