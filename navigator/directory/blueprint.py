from flask import Blueprint

from navigator.directory import views

bp = Blueprint("directory", __name__, url_prefix="/<locale>", template_folder="templates")
bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/topics/<slug:slug>", "topic", views.topic)
bp.add_url_rule("/services/<slug:slug>", "service", views.service)
bp.add_url_rule("/organisations/<slug:slug>", "organisation", views.organisation)
bp.add_url_rule("/urgent", "urgent", views.urgent)
bp.add_url_rule("/search", "search", views.search)
