"""Newcomer Navigator: a city's one-stop shop for newcomers, on the web."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_cors import CORS
from flask_wtf import CSRFProtect

from navigator import config as config_module
from navigator.db import db
from navigator.i18n import babel, select_locale

csrf = CSRFProtect()


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config_module.ROOT / "instance"))
    app.config.update(config_module.from_environment())
    if config_override:
        app.config.update(config_override)
    config_module.check(app.config, debug=app.debug)
    app.config.update(config_module.derived(app.config))
    app.instance_path and config_module.ROOT.joinpath("instance").mkdir(exist_ok=True)

    from navigator.translations_tool import compile_catalogs

    compile_catalogs(quiet=True)

    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    from navigator.editor.translations import allow_uploads

    app.before_request(allow_uploads)  # before CSRF protection reads the form
    csrf.init_app(app)

    from navigator.core import register as register_core

    register_core(app)

    from navigator.api.blueprint import bp as api_bp
    from navigator.desk.blueprint import bp as desk_bp
    from navigator.directory.blueprint import bp as directory_bp
    from navigator.editor import auth
    from navigator.editor.blueprint import bp as editor_bp
    from navigator.events.blueprint import bp as events_bp
    from navigator.feedback.blueprint import bp as feedback_bp
    from navigator.hsds.blueprint import bp as hsds_bp
    from navigator.questionnaire.blueprint import bp as questionnaire_bp
    from navigator.referrals.blueprint import bp as referrals_bp
    from navigator.referrals.blueprint import public_bp as referral_link_bp
    from navigator.statistics.blueprint import bp as statistics_bp

    app.register_blueprint(directory_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(questionnaire_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(hsds_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(referrals_bp)
    app.register_blueprint(referral_link_bp)
    app.register_blueprint(statistics_bp)  # templates only: the pages are the editor's
    auth.register(app)
    # The JSON API takes no cookies, so cross-site requests cannot ride on a session.
    csrf.exempt(api_bp)
    csrf.exempt(hsds_bp)  # GET only: nothing to protect, and no form to carry a token
    # Open data: any site may read the HSDS API and the API's description (GET only).
    CORS(
        app,
        resources={r"/api/v1/hsds/*": {}, r"/api/v1/openapi.json": {}},
        origins="*",
        send_wildcard=True,  # "*", not the caller's origin: one cached copy for everyone
        methods=["GET", "HEAD", "OPTIONS"],
        supports_credentials=False,
        expose_headers=["ETag"],
        max_age=3600,
    )
    # The questionnaire's forms check their CSRF token themselves (FlaskForm), so a failed
    # check re-shows the question with everything the person entered instead of an error page.
    csrf.exempt(questionnaire_bp)
    # So does the feedback form: an expired token re-shows it with the comment as typed.
    csrf.exempt(feedback_bp)
    # So does a visitor's private referral page: an expired token re-shows the page.
    csrf.exempt(referral_link_bp)

    from navigator.limits import register as register_limits

    register_limits(app)

    from navigator.cli import register as register_cli

    register_cli(app)
    return app
