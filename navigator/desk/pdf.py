"""The hand-over as a PDF, made by WeasyPrint from the same HTML as the printed page.

WeasyPrint is imported only when a PDF is asked for: without it (or without the Pango
library it draws with) the app still starts and the printable page still works; the PDF
link then answers with a page that says so. WeasyPrint may load files only from the app's
static folder (the stylesheet and the vendored Arabic font): never anything from a network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from flask import current_app

STYLESHEET = "handover.css"


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library it needs) is not installed on this server."""


def _static() -> Path:
    return Path(str(current_app.static_folder)).resolve()


def local_fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher

    static = _static()

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        """Opens file: URLs inside the static folder; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file://"):
                raise ValueError(f"not a local file: {url}")
            # A file URL is percent-encoded (a folder "Städte" is "St%C3%A4dte"): decoded here.
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(static) or not path.is_file():
                raise ValueError(f"not in the static folder: {url}")
            return super().fetch(path.as_uri(), headers)

    return StaticOnly


def render(html: str) -> bytes:
    """The PDF of `html` (a whole document), styled by the desk's print stylesheet."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as error:  # OSError: WeasyPrint without Pango
        raise PdfUnavailable(str(error)) from None
    fetcher = local_fetcher_class()(allowed_protocols=("file",))
    static = _static()
    # @font-face rules take effect only through a font configuration given to both.
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(static / STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    document = HTML(
        string=html, base_url=static.as_uri() + "/", url_fetcher=fetcher, media_type="print"
    )
    return bytes(document.write_pdf(stylesheets=[stylesheet], font_config=fonts))
