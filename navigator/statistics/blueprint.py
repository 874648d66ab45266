"""The statistics pages are the back office's (editor.statistics, in
navigator/editor/blueprint.py); this blueprint only lends them its templates."""

from flask import Blueprint

bp = Blueprint("statistics", __name__, template_folder="templates")
