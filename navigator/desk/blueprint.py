from __future__ import annotations

from flask import Blueprint
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from navigator.desk import views

bp = Blueprint("desk", __name__, url_prefix="/desk", template_folder="templates")
bp.add_url_rule("/", "start", views.start)
bp.add_url_rule("/sessions/new", "new_session", views.new_session)
# The session's state rides in the posted form (never in a URL): every step is a POST.
bp.add_url_rule("/sessions/step", "step", views.step, methods=["POST"])
bp.add_url_rule("/sessions/handover", "handover", views.handover, methods=["POST"])
bp.add_url_rule("/sessions/handover.pdf", "handover_pdf", views.handover_pdf, methods=["POST"])
bp.add_url_rule("/sessions/refer", "refer", views.refer, methods=["POST"])
bp.add_url_rule("/sessions/close", "close", views.close, methods=["POST"])
# An expired form token must not lose a conversation with a visitor.
bp.register_error_handler(CSRFError, views.expired_form)


@bp.after_request
def private(response):  # type: ignore[no-untyped-def]
    # A visitor's answers are on these pages: no cache keeps them, no search engine sees them.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.context_processor
def desk_helpers():  # type: ignore[no-untyped-def]
    # The back office's layout needs what the editor's pages get (editor/blueprint.py).
    from navigator.editor.views import action_title, can

    return {"can": can, "action_title": action_title, "current_user": current_user}
