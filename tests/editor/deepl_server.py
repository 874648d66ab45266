"""A server on loopback that speaks DeepL's documented text translation API, for tests.

    POST /v2/translate
    Authorization: DeepL-Auth-Key <key>
    {"text": [...], "source_lang": "EN", "target_lang": "AR", "tag_handling": "xml", ...}
    -> {"translations": [{"detected_source_language": "EN", "text": "...",
                          "billed_characters": 42}]}

It answers a JSON body (what DeepL's Python client sends) and a form body (`text=…&text=…`,
what DeepL's curl examples send). Its "translation" puts the target language in front of the
text and leaves the XML tags where they are, as DeepL's tag handling does. Like DeepL it
answers 403 for a wrong key, 456 when the quota is used up (`quota_left`, in characters),
400 for a language it does not translate into and for a beta language asked for without
`enable_beta_languages`; `fail_with` makes it answer any status (429, 503…).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

KEY = "test-key-0000:fx"
TARGETS = {"AR", "DE", "EN-GB", "EN-US", "ES", "FR", "LT", "NL", "PL", "RU", "TR", "UK"}
BETA_TARGETS = {"FA"}


@dataclass
class FakeDeepL:
    """What the server knows and saw; tests change it between requests."""

    key: str = KEY
    quota_left: int = 1_000_000
    fail_with: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def translate(self, text: str, target: str) -> str:
        return f"[{target}] {text}"


def _handler(fake: FakeDeepL) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: pytest shows failures, not every request

        def do_POST(self) -> None:
            if self.path != "/v2/translate":
                self._answer(404, {"message": "Not found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if "json" in (self.headers.get("Content-Type") or ""):
                body = json.loads(raw)
            else:
                form = parse_qs(raw)
                body = {k: v if k == "text" else v[0] for k, v in form.items()}
            body["authorization"] = self.headers.get("Authorization", "")
            fake.requests.append(body)
            if body["authorization"] != f"DeepL-Auth-Key {fake.key}":
                self._answer(403, {"message": "Wrong endpoint or authentication key"})
                return
            if fake.fail_with is not None:
                self._answer(fake.fail_with, {"message": "Try again later"})
                return
            target = str(body.get("target_lang", "")).upper()
            beta = body.get("enable_beta_languages") in (True, "1", "true")
            if target not in TARGETS and not (target in BETA_TARGETS and beta):
                self._answer(400, {"message": "Value for 'target_lang' not supported."})
                return
            texts = body.get("text") or []
            size = sum(len(t) for t in texts)
            if size > fake.quota_left:
                self._answer(456, {"message": "Quota exceeded"})
                return
            fake.quota_left -= size
            self._answer(
                200,
                {
                    "translations": [
                        {
                            "detected_source_language": body.get("source_lang") or "EN",
                            "text": fake.translate(text, target),
                            "billed_characters": len(text),
                        }
                        for text in texts
                    ]
                },
            )

        def _answer(self, status: int, data: dict[str, Any]) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


class Running:
    """A FakeDeepL served on a free loopback port in a thread, until stop()."""

    def __init__(self) -> None:
        self.fake = FakeDeepL()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.server.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
