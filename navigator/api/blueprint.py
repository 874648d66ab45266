from flask import Blueprint

from navigator.api import openapi, views

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.add_url_rule("/eligibility", "eligibility", views.eligibility, methods=["POST"])
bp.add_url_rule("/openapi.json", "openapi", openapi.openapi, methods=["GET"])
