from flask import Blueprint

from navigator.api import views

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.add_url_rule("/eligibility", "eligibility", views.eligibility, methods=["POST"])
