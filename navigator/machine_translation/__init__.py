"""Machine translation for translators (issue 10): suggested, clearly marked, never silently
published.

A machine's text reaches newcomers only when a translator publishes it as a machine
translation (the side-by-side editor) or the city runs `content machine-translate` for texts
nobody has translated. Either way the translation row is stored with `machine` set: the
dashboard counts it as not up to date, exports mark it for review, and public pages label
it until a translator saves it as reviewed.

    Provider                  the interface: a batch of texts from one locale into another
    configured()              the provider the settings name (NAVIGATOR_MT_PROVIDER), or None
    offers(source, target)    whether one is set up for these languages (to show the buttons)
    translate(provider, …)    Markdown texts in another language, links and numbers kept
    MachineTranslationError   why it failed, in words for the translator

No provider that works offline without downloading models at run time was available, so the
one implementation is DeepL's API through DeepL's own client (deepl_provider.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from flask import current_app

from navigator.i18n import _, language_name
from navigator.machine_translation import markdown

#: the kinds a machine may translate and publish: those whose texts public pages label as
#: machine-translated (a question or a status in the questionnaire has no label: a
#: translator reviews a machine's suggestion for it in the side-by-side editor first)
KINDS = ("services", "organisations", "locations", "topics", "events")


class Provider(Protocol):
    #: the service's name, shown to translators ("DeepL")
    name: str

    def supports(self, source: str, target: str) -> bool:
        """Whether it translates from locale `source` into locale `target`."""

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """`texts` in `target`, in the same order. Each text is a fragment of XML (`&`, `<`
        and `>` escaped) whose tags — `<x i="0"/>` for what must not change, `<a i="1">…</a>`
        around a link's words — come back unchanged around the translated words. Raises
        MachineTranslationError."""

    def close(self) -> None:
        """Release its connections."""


#: reason -> the translator's message (built when shown, in the translator's language)
REASONS = ("unsupported", "key", "quota", "busy", "unavailable")


class MachineTranslationError(Exception):
    """Why a machine translation failed: `reason` (one of REASONS), `detail` for the log."""

    def __init__(self, reason: str, detail: str = "", *, locale: str = "") -> None:
        assert reason in REASONS, reason
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.locale = locale

    def message(self, in_locale: str) -> str:
        """What the translator reads (no 500, no stack trace): what happened, what to do."""
        if self.reason == "unsupported":
            return _(
                "Machine translation into %(language)s is not available: translate this "
                "text yourself.",
                language=language_name(self.locale, in_locale),
            )
        if self.reason == "key":
            return _(
                "The machine translation service did not accept this site's key. Ask an "
                "administrator to check the machine translation settings."
            )
        if self.reason == "quota":
            return _(
                "The machine translation allowance for this period is used up. Translate "
                "this text yourself, or try again next period."
            )
        if self.reason == "busy":
            return _("The machine translation service is busy. Try again in a minute.")
        return _(
            "The machine translation service could not be reached. Try again later, or "
            "translate this text yourself."
        )


def _deepl(config: Mapping[str, Any]) -> bool:
    # config.check refuses DeepL without a key outside debug; in debug it is simply off
    return config.get("MT_PROVIDER") == "deepl" and bool(config.get("DEEPL_AUTH_KEY"))


def configured(config: Mapping[str, Any] | None = None) -> Provider | None:
    """The provider the settings name (the caller closes it), or None when machine
    translation is off."""
    config = current_app.config if config is None else config
    if not _deepl(config):
        return None
    from navigator.machine_translation.deepl_provider import DeepLProvider

    return DeepLProvider(
        str(config["DEEPL_AUTH_KEY"]),
        server_url=str(config.get("DEEPL_SERVER_URL") or "") or None,
        timeout=float(config.get("MT_TIMEOUT", 10)),
        retries=int(config.get("MT_RETRIES", 1)),
    )


def offers(source: str, target: str, config: Mapping[str, Any] | None = None) -> bool:
    """Whether a provider is set up and translates from `source` into `target` (to show
    the buttons), without connecting to it."""
    config = current_app.config if config is None else config
    if not _deepl(config):
        return False
    from navigator.machine_translation.deepl_provider import DeepLProvider

    return DeepLProvider.supports(source, target)


def translate(
    provider: Provider, texts: Mapping[str, str], source: str, target: str
) -> dict[str, str]:
    """{name: Markdown text} in `target`, with one request for all of them. Only the prose is
    sent (markdown.py): lists, headings, link targets, addresses and numbers come back as
    they were."""
    prepared = {name: markdown.prepare(text) for name, text in texts.items()}
    wanted = [
        (name, index, segment)
        for name, found in prepared.items()
        for index, segment in enumerate(found.segments)
        if markdown.has_words(segment)
    ]
    asked = [segment for *_where, segment in wanted]
    answers = provider.translate(asked, source, target) if asked else []
    if len(answers) != len(wanted):
        raise MachineTranslationError(
            "unavailable", f"asked for {len(wanted)} translations, got {len(answers)}"
        )
    segments = {name: list(found.segments) for name, found in prepared.items()}
    for (name, index, _segment), answer in zip(wanted, answers, strict=True):
        segments[name][index] = answer
    return {name: markdown.restore(found, segments[name]) for name, found in prepared.items()}
