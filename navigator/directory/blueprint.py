from typing import Any

from flask import Blueprint

from navigator.directory import sitemap, views

bp = Blueprint("directory", __name__, url_prefix="/<locale>", template_folder="templates")
bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/topics/<slug:slug>", "topic", views.topic)
bp.add_url_rule("/services/<slug:slug>", "service", views.service)
bp.add_url_rule("/organisations/<slug:slug>", "organisation", views.organisation)
bp.add_url_rule("/urgent", "urgent", views.urgent)
bp.add_url_rule("/search", "search", views.search)

# The sitemaps list the directory's pages but live outside /<locale>: a blueprint of their
# own, registered together with the directory.
sitemaps = Blueprint("sitemap", __name__)
sitemaps.add_url_rule("/sitemap.xml", "index", sitemap.index)
sitemaps.add_url_rule("/sitemaps/<name>.xml", "part", sitemap.part)


@bp.record_once
def _register_sitemaps(state: Any) -> None:
    state.app.register_blueprint(sitemaps)
