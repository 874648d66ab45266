"""The hand-over: a printable bilingual page and the same as a PDF (WeasyPrint), checked by
rendering its pages (pypdfium2)."""

from __future__ import annotations

import ctypes
import re
from urllib.parse import parse_qs, urlsplit

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from navigator.desk import pdf
from navigator.questionnaire import token as tokens
from tests.conftest import csrf_token
from tests.desk.conftest import Session, token_of

ARABIC = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture
def planned(desk):  # type: ignore[no-untyped-def]
    """A de/ar session at its plan: housing and health, international protection."""
    session = Session(desk, staff="de", visitor="ar")
    session.answer(["housing", "health"])
    session.answer("international_protection")
    session.post(show_plan="y")
    assert session.response.status_code == 200
    return session


def test_the_hand_over_page(planned, app):
    planned.post("/desk/sessions/handover")
    response = planned.response
    html = response.text
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert '<html lang="de" dir="ltr">' in html
    # Visitor's language first, staff's beside it, each with its own lang and dir.
    title = re.search(r"<h1 class=\"desk-pair \">(.*?)</h1>", html, re.S).group(1)
    assert title.index('lang="ar" dir="rtl">خطتك') < title.index('lang="de" dir="ltr">Ihr Plan')
    # Weekly hours (not "open now"), addresses, what to bring, urgent numbers.
    assert "Mo. 16:00–19:00" in html and "الاثنين 16:00–19:00" in html
    assert "Jetzt geöffnet" not in html
    assert "Lindenstraße 22" in html
    assert "Was Sie mitbringen" in html or "Mitbringen" in html
    assert 'href="tel:112"' in html and "Polizei, Feuerwehr und Rettungsdienst" in html
    assert "International" in html  # the welcome centre
    # The QR code: the public plan, in the visitor's language, with a token it accepts.
    svg = re.search(r'<div class="qr">(<svg.*?</svg>)', html, re.S)
    assert svg is not None
    public = re.search(r'href="(https?://[^"]+/ar/plan\?t=[^"]+)"', _qr_links(planned))
    assert public is not None
    with app.test_request_context():
        answers = tokens.decode(parse_qs(urlsplit(public.group(1)).query)["t"][0])
    assert answers.needs == ("housing", "health")
    assert answers.values["residence_status"] == "international_protection"
    link = urlsplit(public.group(1))
    page = app.test_client().get(f"{link.path}?{link.query}")
    assert page.status_code == 200 and "خطتك" in page.text


def _qr_links(session: Session) -> str:
    """The hand-over's QR target, as the page links it for people who cannot scan."""
    return session.html


def test_the_qr_code_encodes_the_public_plan(planned, app):
    """segno encodes the link: decode nothing, but the link is the public plan's."""
    planned.post("/desk/sessions/handover")
    assert app.config["PUBLIC_URL"]  # the absolute address comes from the configuration
    assert f"{app.config['PUBLIC_URL'].rstrip('/')}/ar/plan?t=" in planned.html


def _pdf(session: Session) -> bytes:
    response = session.client.post(
        "/desk/sessions/handover.pdf",
        data={"csrf_token": csrf_token(session.html), "t": token_of(session.html)},
    )
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def _fonts(page) -> set[str]:  # type: ignore[no-untyped-def]
    """The names of the fonts the page's text is drawn with."""
    names = set()
    for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        font = pdfium_c.FPDFTextObj_GetFont(item.raw)
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
        names.add(buffer.value.decode())
    return names


def test_the_pdf_renders_both_languages_with_arabic_glyphs(planned):
    data = _pdf(planned)
    assert data.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(data)
    try:
        assert len(document) >= 1
        text = " ".join(
            " ".join(document[i].get_textpage().get_text_range().split())
            for i in range(len(document))
        )
        # The staff's title and texts in the text layer.
        assert "Ihr Plan" in text
        assert "Polizei, Feuerwehr und Rettungsdienst" in text
        # The visitor's: Arabic letters in the text layer. pdfium reads the letters of
        # Noto's joined forms out of order, so the visitor's title is checked in the
        # document's title, which the PDF keeps as text.
        assert len(ARABIC.findall(text)) > 200
        title = document.get_metadata_dict()["Title"]
        assert "خطتك" in title and "Ihr Plan" in title
        # Arabic drawn with the vendored font (real glyphs, whatever fonts the server has).
        assert any("Noto-Sans-Arabic" in name for name in _fonts(document[0]))
        bitmap = document[0].render(scale=1).to_pil().convert("L")
        dark = sum(bitmap.histogram()[:128])  # pixels darker than mid-grey
        assert dark > 2000, "the first page is blank"
    finally:
        document.close()


def test_the_pdf_loads_nothing_from_outside_the_static_folder(app, tmp_path):
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")
    with app.test_request_context():
        fetcher = pdf.local_fetcher_class()(allowed_protocols=("file",))
        for url in ("https://example.org/x.css", outside.as_uri(), "file:///etc/passwd"):
            with pytest.raises(ValueError):
                fetcher.fetch(url)
        static = pdf._static()
        assert fetcher.fetch((static / "handover.css").as_uri()) is not None
        # "..": outside after all
        with pytest.raises(ValueError):
            fetcher.fetch((static / "fonts" / ".." / ".." / "__init__.py").as_uri())


def test_without_weasyprint_the_pdf_link_says_so(planned, monkeypatch):
    def missing(html: str) -> bytes:
        raise pdf.PdfUnavailable("no weasyprint")

    monkeypatch.setattr(pdf, "render", missing)
    response = planned.client.post(
        "/desk/sessions/handover.pdf",
        data={"csrf_token": csrf_token(planned.html), "t": token_of(planned.html)},
    )
    assert response.status_code == 503
    assert "WeasyPrint ist nicht" in response.text  # in the staff's language (de)
    assert 'name="t"' in response.text  # the session goes on: the printable page is a click away


def test_the_pdf_finds_its_files_in_a_folder_whose_name_needs_encoding(app, tmp_path):
    """A city may install the app under "Städte Navigator": file URLs are percent-encoded."""
    static = tmp_path / "Städte Navigator" / "static"
    static.mkdir(parents=True)
    (static / "handover.css").write_text("body { color: black }")
    (tmp_path / "Städte Navigator" / "secret.css").write_text("body { color: red }")
    with app.test_request_context():
        app.static_folder, kept = str(static), app.static_folder
        try:
            fetcher = pdf.local_fetcher_class()(allowed_protocols=("file",))
            assert "%C3%A4" in (static / "handover.css").as_uri()
            assert fetcher.fetch((static / "handover.css").as_uri()) is not None
            with pytest.raises(ValueError):
                fetcher.fetch((static.parent / "secret.css").as_uri())
        finally:
            app.static_folder = kept
