"""Script injection is neutralised: content Markdown, search queries, question answers,
and the JSON API. Checks are structural (parsed HTML): an escaped `&lt;script&gt;` shown as
text is inert, a `<script>` element or an `on...=` attribute is not."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from navigator import create_app
from navigator.content.loader import PackError, check_pack, load_pack
from navigator.core.templating import ALLOWED_TAGS, render_markdown
from navigator.db import make_engine
from tests.conftest import DEMO_PACK, FIXED_NOW, csrf_token
from tests.security.conftest import (
    SECRET,
    answer_input,
    drop_database,
    field_errors,
    fresh_database,
)

SCRIPT = "<script>alert(1)</script>"
MARKDOWN_PAYLOADS = [
    SCRIPT,
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "![x](javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<p style="position:fixed">x</p>',
    '<details open ontoggle="alert(1)">x</details>',
    "<form action=https://evil.example><button>Go</button></form>",
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<!-- <script>alert(1)</script> -->",
]
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


class Elements(HTMLParser):
    """Every element and attribute of a page, with entity-decoded attribute values."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k.lower(): v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def _scheme(url: str) -> str | None:
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) + ":" if match else None


def assert_inert(html: str, *, allowed_tags: set[str] | None = None) -> None:
    """No script element, no event handler, no dangerous URL, no inline style."""
    assert "<script" not in html.lower()
    for tag, attrs in Elements(html).elements:
        assert tag not in {"script", "iframe", "object", "embed", "style", "form", "base"} or (
            tag == "form" and allowed_tags is None
        ), tag
        if allowed_tags is not None:
            assert tag in allowed_tags, f"<{tag}> is not an allowed tag"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}=...>"
            assert name != "style", f"<{tag} style=...>"
            assert name != "srcdoc"
            if name in {"href", "src", "action", "formaction", "xlink:href", "data"}:
                scheme = _scheme(value)
                assert scheme is None or scheme in SAFE_SCHEMES, f"<{tag} {name}={value!r}>"


def foreign_svg(html: str) -> list[str]:
    """<svg> elements that are not our own vendored topic icons."""
    return re.findall(r'<svg(?! class="icon icon-[a-z0-9-]+" xmlns=)[^>]*>', html)


# (a) content Markdown ------------------------------------------------------------------


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_render_markdown_neutralises(payload):
    html = str(render_markdown(payload))
    assert_inert(html, allowed_tags=ALLOWED_TAGS)
    assert "<img" not in html and "<svg" not in html


def test_render_markdown_still_renders_safe_links():
    html = str(render_markdown("[Website](https://demo-city.example.org) and **bold**"))
    elements = dict(Elements(html).elements)
    assert elements["a"]["href"] == "https://demo-city.example.org"
    assert "noopener" in elements["a"]["rel"]
    assert "strong" in elements


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A fresh database (of the suite's kind) loaded with a pack whose language café carries
    attack payloads in its summary, eligibility summary and Markdown description."""
    tmp = tmp_path_factory.mktemp("hostile")
    pack = tmp / "pack"
    shutil.copytree(DEMO_PACK, pack)
    service = pack / "services" / "language-cafe.md"
    _edit(
        service,
        'summary: "Practise German and other languages over coffee, every week."',
        'summary: \'Practise German <script>alert("summary")</script> "><svg onload=alert(1)>\'',
    )
    _edit(
        service,
        'eligibility_summary: "Everyone is welcome',
        "eligibility_summary: \"<img src=x onerror=alert('who')> Everyone is welcome",
    )
    _edit(
        service,
        "Children are welcome. There is a play corner.",
        "Children are welcome. There is a play corner.\n\n" + "\n\n".join(MARKDOWN_PAYLOADS),
    )
    url = fresh_database(tmp, "hostile")
    engine = make_engine(url)
    with Session(engine) as session:
        load_pack(session, pack)
        session.commit()
    engine.dispose()
    application = create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": SECRET, "NOW": FIXED_NOW}
    )
    yield application
    application.extensions["navigator_db"].dispose()
    drop_database(url)


def test_hostile_pack_content_is_inert_on_the_service_page(hostile_app):
    client = hostile_app.test_client()
    response = client.get("/en/services/language-cafe")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The payload reached the page (as text), so the check below is meaningful.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onerror=alert(&#39;who&#39;)" in html or "onerror=alert('who')" in html
    # The schema.org data block holds the payload as JSON text that cannot close the block
    # (tojson escapes < > &); browsers never run it. The rest of the page is inert.
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in block and "\\u003cscript\\u003e" in block
    assert '<script>alert("summary")</script>' in json.loads(block)["description"]
    html = html.replace(f'<script type="application/ld+json">{block}</script>', "")
    assert_inert(html)
    assert "<img" not in html and not foreign_svg(html) and "<iframe" not in html


@pytest.mark.parametrize("path", ["/en/search?q=language", "/en/topics/language-learning"])
def test_hostile_pack_content_is_inert_in_service_cards(hostile_app, path):
    html = hostile_app.test_client().get(path).get_data(as_text=True)
    assert "Practise German &lt;script&gt;" in html
    assert_inert(html)
    assert not foreign_svg(html)


def test_pack_links_must_be_http_or_https(pack_copy):
    _edit(
        pack_copy / "organisations" / "city-library.yaml",
        "website:",
        "website: javascript:alert(1)\nold_website:",
    )
    with pytest.raises(PackError):
        check_pack(pack_copy)  # what load_pack runs before writing anything


# (b) search queries --------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        SCRIPT,
        '"><svg onload=alert(1)>',
        "'><img src=x onerror=alert(1)>",
        "</title><script>alert(1)</script>",
        "javascript:alert(1)",
    ],
)
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_search_query_is_escaped_in_results_page(client, query, locale):
    response = client.get(f"/{locale}/search", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if "<" in query:
        assert query not in html
    assert_inert(html)
    assert not foreign_svg(html) and "<img" not in html
    # The query is kept in the search box, escaped inside the attribute.
    boxes = [a for t, a in Elements(html).elements if t == "input" and a.get("name") == "q"]
    assert boxes and boxes[0]["value"] == query.strip()


def test_search_query_is_not_evaluated_as_a_template(client):
    html = client.get("/en/search", query_string={"q": "{{ 7*7 }} {{config}}"}).get_data(
        as_text=True
    )
    assert "{{ 7*7 }} {{config}}" in html
    assert "SECRET_KEY" not in html and "test-secret-key" not in html


def test_search_query_does_not_break_out_of_language_picker_links(client):
    html = client.get("/en/search", query_string={"q": '"><svg onload=alert(1)>'}).get_data(
        as_text=True
    )
    links = [a["href"] for t, a in Elements(html).elements if t == "a" and "hreflang" in a]
    assert len(links) >= 2
    for href in links:
        assert href.startswith("/") and not href.startswith("//")
        assert "<" not in href and '"' not in href


# (c) question answers and the API ------------------------------------------------------


def _post_answer(client, locale: str, fact: str, answer: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(f"/{locale}/start").get_data(as_text=True))
    return client.post(
        f"/{locale}/start",
        data={"csrf_token": token, "fact": fact, "answer": answer, "t": "", "next": "Next"},
    )


@pytest.mark.parametrize("fact", ["residence_status", "employment", "registered_address", "age"])
def test_script_answer_is_refused_and_not_echoed_raw(app, fact):
    client = app.test_client()
    response = _post_answer(client, "en", fact, SCRIPT)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert SCRIPT not in html
    assert_inert(html)
    errors = field_errors(html)
    assert errors and all(e.strip() for e in errors)
    assert 'role="alert"' in html


@pytest.mark.parametrize(
    ("fact", "english"),
    [("residence_status", "Not a valid choice."), ("age", "Not a valid decimal value.")],
)
def test_script_answer_error_is_in_the_readers_language(app, fact, english):
    client = app.test_client()
    response = _post_answer(client, "ar", fact, SCRIPT)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    errors = field_errors(html)
    assert errors, "no error shown"
    assert english not in errors[0]
    assert re.search(r"[\u0600-\u06FF]", errors[0]), errors


def test_number_answer_keeps_the_hostile_value_escaped_in_the_input(app):
    response = _post_answer(app.test_client(), "en", "age", '"><script>alert(1)</script>')
    assert response.status_code == 400
    box = answer_input(response.get_data(as_text=True))
    assert 'value="&#34;&gt;&lt;script&gt;' in box or 'value="&quot;&gt;&lt;script&gt;' in box


def test_multi_choice_script_answer_is_refused_and_escaped(app):
    response = _post_answer(app.test_client(), "en", "needs", SCRIPT)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert SCRIPT not in html
    assert_inert(html)
    assert field_errors(html)


def test_multi_choice_error_is_in_the_readers_language(app):
    response = _post_answer(app.test_client(), "ar", "needs", SCRIPT)
    errors = field_errors(response.get_data(as_text=True))
    assert errors and re.search(r"[\u0600-\u06FF]", errors[0]), errors


API_VALUE_PAYLOADS = [
    ({"facts": {"age": SCRIPT}}, "facts.age"),
    ({"facts": {"residence_status": SCRIPT}}, "facts.residence_status"),
    ({"facts": {"registered_address": SCRIPT}}, "facts.registered_address"),
    ({"facts": {"children_ages": [SCRIPT]}}, "facts.children_ages"),
    ({"facts": {"age": 30}, "needs": [SCRIPT]}, "needs"),
    ({"locale": SCRIPT}, "locale"),
    ({"facts": SCRIPT}, "facts"),
]


@pytest.mark.parametrize(("body", "field"), API_VALUE_PAYLOADS)
def test_api_refuses_script_values_with_json_and_no_reflection(client, body, field):
    response = client.post("/api/v1/eligibility", json=body)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    data = json.loads(response.get_data(as_text=True))
    assert data["error"]["field"] == field
    assert data["error"]["message"]
    assert b"<script" not in response.data


def test_api_unknown_fact_is_a_json_400(client):
    response = client.post("/api/v1/eligibility", json={"facts": {SCRIPT: 1}})
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert json.loads(response.data)["error"]["message"] == "unknown fact"


@pytest.mark.parametrize("body", [{"facts": {SCRIPT: 1}}, {SCRIPT: 1}])
def test_api_does_not_reflect_attacker_chosen_keys_raw(client, body):
    response = client.post("/api/v1/eligibility", json=body)
    assert response.status_code == 400
    assert b"<script" not in response.data
