"""Security headers on every response. Pages make no third-party request, so the policy
allows only this site; scripts only from our own files, never inline."""

from __future__ import annotations

from flask import Flask, abort, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


MAX_LABEL = 63  # RFC 1035: longer labels cannot be encoded (IDNA raises on them)
MAX_NAME = 253


def malformed_host(host: str) -> bool:
    """A Host that passed Werkzeug's character check but is no DNS name (or IP literal)."""
    name = host if host.startswith("[") else host.rpartition(":")[0] or host
    if name.startswith("["):
        return False
    return len(name) > MAX_NAME or any(len(label) > MAX_LABEL for label in name.split("."))


def register(app: Flask) -> None:
    @app.before_request
    def refuse_malformed_host() -> None:
        # TRUSTED_HOSTS refuses unknown hosts; this also covers suffix entries (".example.org")
        # and apps run without a list, so a bad Host is a 400, never a 500 further down.
        # Werkzeug reads a Host with invalid characters or port as "" when no list is set.
        if malformed_host(request.host) or (request.headers.get("Host") and not request.host):
            abort(400)

    @app.after_request
    def headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
