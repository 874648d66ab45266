"""DeepL's text translation API (`POST /v2/translate`), through DeepL's own client `deepl`.

The texts arrive as XML fragments (see markdown.py), so they are sent with
`tag_handling="xml"`: DeepL translates the words and keeps the tags where they belong in the
translated sentence. `<x/>` and `<a>` never split a sentence (`non_splitting_tags`), and
`preserve_formatting` stops DeepL from "correcting" the start and end of a list item (a
capital letter, a full stop the source did not have).

Languages are DeepL's own list ("Languages supported", developers.deepl.com): English goes
to British English (DeepL wants a variant for a target), Persian is one of DeepL's beta
languages, asked for with `enable_beta_languages`. Errors become MachineTranslationError:
403 (the key), 456 (the quota), 429 (too many requests), anything else (the server is
down, or answers nonsense).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import deepl

from navigator.machine_translation import MachineTranslationError

#: DeepL's text translation languages, as this app names locales
LANGUAGES = frozenset(
    {
        "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hu", "id",
        "it", "ja", "ko", "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv",
        "th", "tr", "uk", "vi", "zh",
    }
)  # fmt: skip
#: languages DeepL offers in beta only
BETA = frozenset({"fa"})
#: targets DeepL names with a regional variant
TARGET_VARIANTS = {"en": "EN-GB", "pt": "PT-PT", "zh": "ZH-HANS"}
#: texts per request (DeepL accepts up to 50)
BATCH = 50


def _language(locale: str) -> str:
    return locale.split("-")[0].lower()


class DeepLProvider:
    """The Provider for DeepL's API (navigator.machine_translation.Provider)."""

    name = "DeepL"

    def __init__(
        self,
        auth_key: str,
        *,
        server_url: str | None = None,
        timeout: float = 10.0,
        retries: int = 1,
    ) -> None:
        # The client's own knobs, process-wide (deepl.http_client): a translator waits for
        # the page, so fewer retries than the library's five with growing pauses.
        deepl.http_client.max_network_retries = retries
        deepl.http_client.min_connection_timeout = timeout
        # server_url None: the client picks DeepL's free or paid server from the key.
        self._translator = deepl.Translator(
            auth_key, server_url=server_url, send_platform_info=False
        )

    @staticmethod
    def supports(source: str, target: str) -> bool:
        known = LANGUAGES | BETA
        return _language(source) in known and _language(target) in known

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not self.supports(source, target):
            raise MachineTranslationError("unsupported", locale=target)
        language = _language(target)
        options: dict[str, Any] = {
            "source_lang": _language(source).upper(),
            "target_lang": TARGET_VARIANTS.get(language, language.upper()),
            "tag_handling": "xml",
            "non_splitting_tags": ["x", "a"],
            "preserve_formatting": True,
        }
        if language in BETA or _language(source) in BETA:
            options["extra_body_parameters"] = {"enable_beta_languages": True}
        found: list[str] = []
        for start in range(0, len(texts), BATCH):
            found += [
                result.text for result in self._request(texts[start : start + BATCH], options)
            ]
        return found

    def _request(self, texts: Sequence[str], options: dict[str, Any]) -> list[deepl.TextResult]:
        try:
            results = self._translator.translate_text(list(texts), **options)
        except deepl.AuthorizationException as error:
            raise MachineTranslationError("key", str(error)) from error
        except deepl.QuotaExceededException as error:
            raise MachineTranslationError("quota", str(error)) from error
        except deepl.TooManyRequestsException as error:
            raise MachineTranslationError("busy", str(error)) from error
        except deepl.DeepLException as error:  # the server is down, or refused the request
            raise MachineTranslationError("unavailable", str(error)) from error
        except (ValueError, TypeError, KeyError) as error:  # an answer not in DeepL's shape
            raise MachineTranslationError("unavailable", repr(error)) from error
        return results if isinstance(results, list) else [results]

    def close(self) -> None:
        self._translator.close()
