"""Configuration from environment variables (twelve-factor), with safe defaults for a laptop."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent

ALL_LOCALES = ("en", "de", "fr", "es", "nl", "pl", "lt", "uk", "ru", "tr", "ar", "fa")
INSECURE_KEYS = {"", "dev", "change-me", "changeme", "secret", "development-key"}
MIN_SECRET_LENGTH = 32
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
DEV_SECRET_KEY = "development-key"  # noqa: S105 - refused outside debug by check()
DEV_PUBLIC_URL = "http://localhost:5000"
LOCAL_HOSTS = "localhost,127.0.0.1"


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def from_environment(env: os._Environ[str] | dict[str, str] | None = None) -> dict[str, object]:
    env = os.environ if env is None else env
    default_db = f"sqlite:///{ROOT / 'instance' / 'navigator.db'}"
    locales = _csv(env.get("NAVIGATOR_LOCALES", ",".join(ALL_LOCALES)))
    return {
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        "DATABASE_URL": env.get("DATABASE_URL", default_db),
        "LOCALES": locales,
        "DEFAULT_LOCALE": env.get("NAVIGATOR_DEFAULT_LOCALE", "en"),
        "SOURCE_LOCALE": "en",
        "CITY_NAME": env.get("NAVIGATOR_CITY_NAME", ""),
        "TIMEZONE": env.get("NAVIGATOR_TIMEZONE", ""),
        "DEMO_PACK": env.get("NAVIGATOR_DEMO_PACK", str(ROOT / "content" / "demo")),
        # Fernet keys for plan links, newest first (rotation); derived from SECRET_KEY if unset
        "TOKEN_KEYS": _csv(env.get("NAVIGATOR_TOKEN_KEYS", "")),
        # Fernet keys for referrals' personal fields at rest, newest first (rotation);
        # derived from SECRET_KEY if unset: production sets its own (README)
        "REFERRAL_KEYS": _csv(env.get("NAVIGATOR_REFERRAL_KEYS", "")),
        # A visitor's private referral page and its "withdraw my consent" form, per address
        "REFERRAL_RATE_LIMIT": env.get("NAVIGATOR_REFERRAL_RATE_LIMIT", "30 per hour"),
        "PLAN_TOKEN_MAX_AGE": int(env.get("NAVIGATOR_PLAN_TOKEN_MAX_AGE", str(180 * 24 * 3600))),
        # Where the city serves the app; absolute links never come from the Host header.
        # Required outside debug (check()); development gets DEV_PUBLIC_URL (derived()).
        "PUBLIC_URL": env.get("NAVIGATOR_PUBLIC_URL", ""),
        # Hosts besides the public URL's that may reach the app (health checks on loopback).
        "EXTRA_TRUSTED_HOSTS": _csv(env.get("NAVIGATOR_TRUSTED_HOSTS", LOCAL_HOSTS)),
        "REDIS_URL": env.get("REDIS_URL", ""),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": env.get("NAVIGATOR_RATE_LIMITS", "1") != "0",
        "RATELIMIT_KEY_PREFIX": env.get("NAVIGATOR_RATE_LIMIT_PREFIX", "navigator"),
        "SEARCH_RATE_LIMIT": env.get("NAVIGATOR_SEARCH_RATE_LIMIT", "60 per minute"),
        "QUESTIONNAIRE_RATE_LIMIT": env.get("NAVIGATOR_QUESTIONNAIRE_RATE_LIMIT", "120 per minute"),
        "API_RATE_LIMIT": env.get("NAVIGATOR_API_RATE_LIMIT", "60 per minute"),
        # The HSDS read API (/api/v1/hsds/...), all its endpoints together, per address
        "HSDS_RATE_LIMIT": env.get("NAVIGATOR_HSDS_RATE_LIMIT", "120 per minute"),
        # Whole exports (format=ndjson: every service, seconds of work each), per address
        "HSDS_EXPORT_RATE_LIMIT": env.get("NAVIGATOR_HSDS_EXPORT_RATE_LIMIT", "10 per hour"),
        # Whole HSDS exports (format=ndjson) are built once per content version and locale
        # and kept here as files (app servers may share the folder)
        "HSDS_NDJSON_DIR": env.get("NAVIGATOR_HSDS_NDJSON_DIR", str(ROOT / "instance" / "hsds")),
        # HSDS addresses require a state or province; the directory has none of its own
        "HSDS_STATE_PROVINCE": env.get("NAVIGATOR_HSDS_STATE_PROVINCE", ""),
        # Feedback forms sent from one address ("Was this page helpful?", wrong information)
        "FEEDBACK_RATE_LIMIT": env.get("NAVIGATOR_FEEDBACK_RATE_LIMIT", "10 per hour"),
        # Feedback and counts of searches that found nothing are deleted after this many
        # days by `flask --app navigator feedback purge` (run it daily, e.g. from cron)
        "FEEDBACK_RETENTION_DAYS": int(env.get("NAVIGATOR_FEEDBACK_RETENTION_DAYS", "365")),
        # Sign-in attempts to the back office: per address, and per account tried
        "LOGIN_RATE_LIMIT": env.get("NAVIGATOR_LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_ACCOUNT_RATE_LIMIT": env.get("NAVIGATOR_LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour"),
        # A back-office session ends after this long without a request
        "EDITOR_IDLE_MINUTES": int(env.get("NAVIGATOR_EDITOR_IDLE_MINUTES", "30")),
        # Listings not checked for this many days are due on the dashboard and in reminders
        "REVIEW_AFTER_DAYS": int(env.get("NAVIGATOR_REVIEW_AFTER_DAYS", "180")),
        # Four-eyes rule: nobody publishes their own change
        "FOUR_EYES": env.get("NAVIGATOR_FOUR_EYES", "") == "1",
        # Administrators must set up two-factor sign-in (TOTP) before anything else
        "REQUIRE_2FA": env.get("NAVIGATOR_REQUIRE_2FA", "") == "1",
        "PASSWORD_RESET_RATE_LIMIT": env.get("NAVIGATOR_PASSWORD_RESET_RATE_LIMIT", "5 per hour"),
        # Machine translation suggestions asked for in the side-by-side editor, per account:
        # each one is a paid request to the provider (`content machine-translate` for bulk)
        "MT_SUGGEST_RATE_LIMIT": env.get("NAVIGATOR_MT_SUGGEST_RATE_LIMIT", "100 per hour"),
        # Outgoing e-mail (password resets, reminders); nothing is sent without MAIL_SERVER
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "") == "1",
        "MAIL_USE_SSL": env.get("MAIL_USE_SSL", "") == "1",
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "navigator@localhost"),
        # Machine translation for translators (issue 10): "" is off (no buttons), "deepl"
        # uses DeepL's API with the key; its server follows the key (":fx" is a free one)
        # unless NAVIGATOR_DEEPL_SERVER_URL names another
        "MT_PROVIDER": env.get("NAVIGATOR_MT_PROVIDER", "").strip().lower(),
        "DEEPL_AUTH_KEY": env.get("NAVIGATOR_DEEPL_AUTH_KEY", ""),
        "DEEPL_SERVER_URL": env.get("NAVIGATOR_DEEPL_SERVER_URL", ""),
        # A translator waits for the answer: seconds per attempt, and retries after the first
        "MT_TIMEOUT": float(env.get("NAVIGATOR_MT_TIMEOUT", "10")),
        "MT_RETRIES": int(env.get("NAVIGATOR_MT_RETRIES", "1")),
        # Public pages kept per worker (a rendered page is 15–40 KB); 0 keeps none.
        "PAGE_CACHE_SIZE": int(env.get("NAVIGATOR_PAGE_CACHE", "512")),
        "MAX_CONTENT_LENGTH": int(env.get("NAVIGATOR_MAX_BODY", str(64 * 1024))),
        # Files signed-in editors upload (a language's translations: a few MB at 5,000 services)
        "MAX_UPLOAD_LENGTH": int(env.get("NAVIGATOR_MAX_UPLOAD", str(20 * 1024 * 1024))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("NAVIGATOR_HTTPS", "") == "1",
        "PREFERRED_URL_SCHEME": "https" if env.get("NAVIGATOR_HTTPS", "") == "1" else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "BABEL_DEFAULT_LOCALE": "en",
    }


def check(config: dict[str, object], debug: bool) -> None:
    """Refuse to run a real deployment with a guessable secret key."""
    if config.get("TESTING") or debug:
        return
    key = str(config.get("SECRET_KEY", ""))
    if key in INSECURE_KEYS:
        problem = "is missing or a default value"
    elif len(key) < MIN_SECRET_LENGTH:
        problem = f"is shorter than {MIN_SECRET_LENGTH} characters"
    elif len(set(key)) == 1:
        problem = "is one character repeated"
    else:
        problem = ""
    if problem:
        raise RuntimeError(
            f"SECRET_KEY {problem}. Set SECRET_KEY to a long random string, made with: "
            f"{MAKE_A_KEY} — or run with FLASK_DEBUG=1 for local development."
        )
    for setting in ("TOKEN_KEYS", "REFERRAL_KEYS"):
        for key in config.get(setting) or ():  # type: ignore[attr-defined]
            try:
                Fernet(key)
            except ValueError:
                raise RuntimeError(
                    f"NAVIGATOR_{setting} must list Fernet keys, newest first, made with: "
                    'python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"'
                ) from None
    unknown = set(config["LOCALES"]) - set(ALL_LOCALES)  # type: ignore[arg-type]
    if unknown:
        raise RuntimeError(f"NAVIGATOR_LOCALES has unsupported locales: {sorted(unknown)}")
    check_machine_translation(config)
    check_public_url(str(config.get("PUBLIC_URL") or ""))


MT_PROVIDERS = ("", "deepl")


def check_machine_translation(config: Mapping[str, Any]) -> None:
    provider = str(config.get("MT_PROVIDER") or "")
    if provider not in MT_PROVIDERS:
        raise RuntimeError(
            f"NAVIGATOR_MT_PROVIDER must be empty (machine translation off) or one of "
            f"{', '.join(p for p in MT_PROVIDERS if p)}, not {provider!r}."
        )
    if provider == "deepl" and not config.get("DEEPL_AUTH_KEY"):
        raise RuntimeError(
            "NAVIGATOR_MT_PROVIDER=deepl needs NAVIGATOR_DEEPL_AUTH_KEY, the authentication "
            "key of your DeepL API account (a free account's ends in ':fx')."
        )


def check_public_url(url: str) -> None:
    if not url:
        raise RuntimeError(
            "NAVIGATOR_PUBLIC_URL is not set. Set it to the address people use to reach the "
            "app, e.g. NAVIGATOR_PUBLIC_URL=https://navigator.example.org: share links, QR "
            "codes, the sitemap and robots.txt are built from it, and requests for other "
            "hosts are refused — or run with FLASK_DEBUG=1 for local development."
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise RuntimeError(
            f"NAVIGATOR_PUBLIC_URL must be an http(s) address such as "
            f"https://navigator.example.org, not {url!r}."
        )


def derived(config: Mapping[str, Any]) -> dict[str, Any]:
    """Settings computed from others once the configuration is complete (see create_app)."""
    public_url = str(config.get("PUBLIC_URL") or DEV_PUBLIC_URL)
    check_public_url(public_url)
    values: dict[str, Any] = {"PUBLIC_URL": public_url}
    if config.get("TRUSTED_HOSTS") is None:
        # Flask answers any other Host with 400: links are never built from a forged one.
        hosts = [urlsplit(public_url).hostname, *config.get("EXTRA_TRUSTED_HOSTS", ())]
        values["TRUSTED_HOSTS"] = list(dict.fromkeys(h for h in hosts if h))
    return values
