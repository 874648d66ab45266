"""Rate limits (Flask-Limiter) on what costs the server most per request: search, the
questionnaire's answers and the API. Counters live in Redis when `REDIS_URL` is set, so
every app server shares them; in memory otherwise (one process, e.g. a laptop).

Limits are per client address. Behind a reverse proxy, run gunicorn with
`--forwarded-allow-ips` set to the proxy so the address is the newcomer's, not the proxy's.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# endpoint -> (limit, methods); generous for a person, tight for a script
LIMITS = {
    "directory.search": ("SEARCH_RATE_LIMIT", None),
    "questionnaire.start": ("QUESTIONNAIRE_RATE_LIMIT", ["POST"]),
    "api.eligibility": ("API_RATE_LIMIT", None),
}


def register(app: Flask) -> Limiter:
    """Call after the blueprints are registered: wraps their view functions.

    One limiter per app (not one per module, as most extensions): its limits and storage
    belong to the app, so apps built with other settings (tests, several cities in one
    process) never share counters or limits.
    """
    limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
    limiter.init_app(app)
    # The extension keeps only a weak reference to its limiter: the app must hold it.
    app.extensions["navigator.limiter"] = limiter
    for endpoint, (setting, methods) in LIMITS.items():
        view = app.view_functions[endpoint]
        value = str(app.config[setting])
        app.view_functions[endpoint] = limiter.limit(value, methods=methods)(view)
    return limiter
