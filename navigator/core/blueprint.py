from flask import Blueprint

from navigator.core import views

bp = Blueprint("core", __name__, template_folder="templates")
bp.add_url_rule("/", "root", views.root)
bp.add_url_rule("/healthz", "healthz", views.healthz)
bp.add_url_rule("/robots.txt", "robots", views.robots)
bp.add_url_rule("/favicon.ico", "favicon", views.favicon)
