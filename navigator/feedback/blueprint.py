from flask import Blueprint, Response

from navigator.feedback import views
from navigator.feedback.models import status_title

# Stable URLs (issue 10): public pages link to /<locale>/feedback; the form posts there.
bp = Blueprint("feedback", __name__, url_prefix="/<locale>", template_folder="templates")
bp.add_url_rule("/feedback", "form", views.feedback_form, methods=["GET", "POST"])
bp.add_url_rule("/feedback/thanks", "thanks", views.thanks)
# The audit log names the statuses editors give feedback as the inbox does.
bp.add_app_template_global(status_title, "feedback_status_title")


@bp.after_request
def personal(response: Response) -> Response:
    # The form carries a token of this reader's session: no cache keeps it, no search
    # engine lists it.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
