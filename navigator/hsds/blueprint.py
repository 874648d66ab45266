"""The HSDS 3.0 read API under /api/v1/hsds (GET only: no forms, no cookies read)."""

from flask import Blueprint

from navigator.hsds import views

bp = Blueprint("hsds", __name__, url_prefix="/api/v1/hsds")
bp.before_request(views.before)
bp.after_request(views.after)
for rule, endpoint, view in [
    ("/", "root", views.root),
    ("/services", "services", views.services),
    ("/services/<id>", "service", views.service),
    ("/organizations", "organizations", views.organizations),
    ("/organizations/<id>", "organization", views.organization),
    ("/service_at_locations", "service_at_locations", views.service_at_locations),
    ("/service_at_locations/<id>", "service_at_location", views.service_at_location),
    ("/taxonomies", "taxonomies", views.taxonomies),
    ("/taxonomies/<id>", "taxonomy", views.taxonomy),
    ("/taxonomy_terms", "taxonomy_terms", views.taxonomy_terms),
    ("/taxonomy_terms/<id>", "taxonomy_term", views.taxonomy_term),
    ("/facts", "facts", views.facts),
    ("/profile", "profile_document", views.profile_document),
    ("/profile/schema/<name>.json", "profile_schema", views.profile_schema),
]:
    bp.add_url_rule(rule, endpoint, view, methods=["GET"])
