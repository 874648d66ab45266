"""Bar charts as inline SVG, drawn on the server: no script, no request elsewhere.

The chart is a picture of a table shown beside it (the table is what screen readers and
keyboard users read), so it is one labelled image. Hidden (suppressed) counts get no bar,
only the words "fewer than 10": a bar's length would give the count away. In right-to-left
pages the labels stand on the right and the bars grow to the left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from navigator.i18n import direction

ROW = 28
LABEL = 200
BARS = 300
VALUE = 110
WIDTH = LABEL + BARS + VALUE


@dataclass(frozen=True)
class Bar:
    label: str
    #: the label's own language when it differs from the page's (a fallback text)
    lang: str | None
    #: None: hidden, fewer than the threshold
    value: int | None


def bar_chart(
    bars: Sequence[Bar], *, title: str, hidden_text: str, locale: str, chart_id: str
) -> Markup:
    rtl = direction(locale) == "rtl"
    top = max((bar.value for bar in bars if bar.value is not None), default=0) or 1
    height = ROW * max(len(bars), 1) + 8
    # Labels end next to the bars: their right edge in either direction, which is where
    # right-to-left text starts. Counts start next to the bar's end in the page's direction.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" direction="{"rtl" if rtl else "ltr"}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for index, bar in enumerate(bars):
        y = 4 + index * ROW
        middle = y + ROW / 2 + 5
        length = 0 if bar.value is None else round(BARS * bar.value / top)
        if rtl:
            label_x, bar_x = WIDTH - 8, WIDTH - LABEL - length
            value_x = WIDTH - LABEL - length - 6
        else:
            label_x, bar_x, value_x = LABEL - 8, LABEL, LABEL + length + 6
        own = direction(bar.lang) if bar.lang else direction(locale)
        lang = f' lang="{escape(bar.lang)}" direction="{own}"' if bar.lang else ""
        anchor = "start" if own == "rtl" else "end"
        parts.append(
            f'<text x="{label_x}" y="{middle}" text-anchor="{anchor}"{lang}>'
            f"{escape(_short(bar.label))}</text>"
        )
        if bar.value is None:
            parts.append(
                f'<text class="hidden-count" x="{value_x}" y="{middle}" '
                'text-anchor="start">'
                f"{escape(hidden_text)}</text>"
            )
            continue
        parts.append(
            f'<rect class="bar" x="{bar_x}" y="{y + 4}" width="{length}" height="{ROW - 8}"/>'
        )
        parts.append(f'<text x="{value_x}" y="{middle}" text-anchor="start">{bar.value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text above is escaped)


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
