from flask import Blueprint

from navigator.questionnaire import views

bp = Blueprint("questionnaire", __name__, url_prefix="/<locale>", template_folder="templates")
bp.add_url_rule("/start", "start", views.start, methods=["GET", "POST"])
bp.add_url_rule("/plan", "plan", views.plan)
