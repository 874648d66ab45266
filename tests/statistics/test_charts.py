"""The server-drawn bar charts: escaped, no bar for a hidden count, mirrored right to left."""

from __future__ import annotations

import re

from navigator.statistics.charts import Bar, bar_chart


def _chart(locale: str) -> str:
    bars = [Bar("Housing <b>", None, 40), Bar("Work", None, None), Bar("Health", "en", 20)]
    return str(
        bar_chart(
            bars, title="Needs & more", hidden_text="fewer than 10", locale=locale, chart_id="n"
        )
    )


def test_a_chart_is_one_labelled_image_with_escaped_texts():
    svg = _chart("en")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="n-title"' in svg
    assert '<title id="n-title">Needs &amp; more</title>' in svg
    assert "Housing &lt;b&gt;" in svg and "<b>" not in svg
    assert "<script" not in svg and "href" not in svg


def test_a_hidden_count_has_no_bar():
    svg = _chart("en")
    assert svg.count("<rect") == 2  # 40 and 20; "Work" is fewer than 10
    assert 'class="hidden-count"' in svg and "fewer than 10" in svg
    widths = [int(w) for w in re.findall(r'<rect[^>]*width="(\d+)"', svg)]
    assert widths[0] == 2 * widths[1]  # lengths in proportion


def test_right_to_left_labels_stand_on_the_right_and_bars_grow_left():
    ltr, rtl = _chart("en"), _chart("ar")
    assert 'direction="rtl"' in rtl and 'direction="ltr"' in ltr
    label_x = int(re.search(r'<text x="(\d+)"', rtl).group(1))
    bar_x = int(re.search(r'<rect class="bar" x="(\d+)"', rtl).group(1))
    assert label_x > bar_x
    assert int(re.search(r'<text x="(\d+)"', ltr).group(1)) < int(
        re.search(r'<rect class="bar" x="(\d+)"', ltr).group(1)
    )
    # An English label in an Arabic chart keeps its own language and direction.
    assert 'lang="en" direction="ltr"' in rtl
