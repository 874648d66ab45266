"""/editor/statistics, its CSV and the unmet-needs report: who may open them, what they
show, and that no small count is shown or can be worked out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from navigator.db import db
from navigator.directory.models import Location
from navigator.feedback.models import ZeroResultSearch
from navigator.statistics.views import safe_cell
from tests.conftest import csrf_token

# A period of its own, far from the suite's fixed day: other tests' counts stay out.
START, END = dt.date(2031, 3, 3), dt.date(2031, 3, 30)
PERIOD = f"start={START.isoformat()}&end={END.isoformat()}"
HIDDEN = "fewer than 10"


@pytest.fixture(scope="module")
def centres(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(select(Location).order_by(Location.id).limit(2)).all()
        return [(row.id, row.slug) for row in rows]


def _add_visits(add_visit, centres):  # type: ignore[no-untyped-def]
    (first, _slug), (second, _other) = centres
    for _ in range(12):
        add_visit(START, location_id=first, needs=("housing", "=cmd|' /C calc'!A0"))
    for _ in range(3):
        add_visit(START + dt.timedelta(days=1), location_id=second, outcome="accepted")


@pytest.fixture
def data(app, add_visit, centres):  # type: ignore[no-untyped-def]
    with app.app_context():
        if db.session.scalar(select(ZeroResultSearch).where(ZeroResultSearch.day == START)):
            return  # already recorded by an earlier test of this module
        for query, count in (("wohnungsamt", 14), ("rare words", 2)):
            db.session.add(ZeroResultSearch(day=START, locale="de", query=query, count=count))
        db.session.commit()
    _add_visits(add_visit, centres)


@pytest.mark.parametrize("role", ["admin", "city_editor"])
def test_editors_and_admins_see_the_page_with_charts_and_tables(signed_in, data, role):
    page = signed_in(role).get(f"/editor/statistics?{PERIOD}&centre=")
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg") >= 4 and html.count("<table") >= 4
    assert "<script" not in html
    # Each chart is one labelled image, its table beside it.
    for match in re.finditer(r'<svg[^>]*aria-labelledby="([\w-]+)-title"', html):
        assert f'id="{match.group(1)}-title"' in html
    # Needs (and languages, unmet needs) by website and by each welcome centre.
    needs_head = html.split('id="needs-heading"')[1].split("</thead>")[0]
    assert needs_head.count('<th scope="col">') == 5  # need, website, two centres, total
    # 12 visits at the first centre are shown; the 3 at the second are not.
    assert ">12<" in html and ">3<" not in html and HIDDEN in html


@pytest.mark.parametrize(
    "role", ["organisation_editor", "author", "translator", "observer", "desk"]
)
def test_other_roles_are_refused(signed_in, role):
    client = signed_in(role)
    for path in ("/editor/statistics", "/editor/statistics.csv", "/editor/statistics/unmet"):
        assert client.get(path).status_code == 403, path


def test_anonymous_readers_are_sent_to_sign_in(client):
    response = client.get("/editor/statistics.csv")
    assert response.status_code == 302 and "/editor/login" in response.headers["Location"]


def test_the_csv_has_the_pages_counts_with_the_same_suppression(signed_in, data):
    client = signed_in("admin")
    response = client.get(f"/editor/statistics.csv?{PERIOD}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["Table", "Row", "Column", "Count"]
    counts = [row[3] for row in rows[1:]]
    assert "12" in counts and HIDDEN in counts and "3" not in counts
    # Every cell a spreadsheet would run as a formula is text.
    for row in rows[1:]:
        for cell in row[:3]:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert any(row[1].startswith("'=cmd") for row in rows)


def test_safe_cell_defuses_formulas():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("Housing") == "Housing"


SECTIONS = (
    "visits",
    "languages",
    "needs",
    "unmet",
    "languages-over-time",
    "needs-over-time",
    "unmet-over-time",
    "outcomes",
)


def _grid(html: str, key: str) -> list[list[int | None]]:
    """A section's table as shown: counts, None where "fewer than 10"."""
    table = html.split(f'id="{key}-heading"')[1].split("</table>")[0]
    grid = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        grid.append([None if HIDDEN in cell else int(cell) for cell in cells])
    return grid


@pytest.mark.parametrize("centre", ["", "web", "first"])
def test_no_hidden_count_can_be_worked_out_on_the_page(signed_in, data, centres, centre):
    centre = str(centres[0][0]) if centre == "first" else centre
    html = signed_in("admin").get(f"/editor/statistics?{PERIOD}&centre={centre}").text
    for key in SECTIONS:
        if (
            f'id="{key}-heading"' not in html
            or "<table" not in html.split(f'id="{key}-heading"')[1]
        ):
            continue
        grid = _grid(html, key)
        lines = [*grid, *([list(column) for column in zip(*grid, strict=True)] if grid else [])]
        for line in lines:
            if len(line) > 1:
                assert sum(value is None for value in line) != 1, (key, line)


def test_languages_and_needs_over_time(signed_in, data):
    """Week by week, website and desks together: 12 visits in the first week with housing
    and the unknown need, 3 in the same week with housing only (see `_add_visits`)."""
    html = signed_in("admin").get(f"/editor/statistics?{PERIOD}").text
    needs = html.split('id="needs-over-time-heading"')[1].split("</table>")[0]
    header = needs.split("</thead>")[0]
    assert header.index("Housing") < header.index("=cmd")  # the largest first
    grid = _grid(html, "needs-over-time")
    assert [15, 12, 27] in grid  # housing, the other need, the week's total
    assert [15] in _grid(html, "languages-over-time")  # Arabic, every visitor's language


def test_filters_by_centre_and_month(signed_in, data, centres):
    (first, _s), (_second, _o) = centres
    html = signed_in("admin").get(f"/editor/statistics?{PERIOD}&by=month&centre={first}").text
    assert "March 2031" in html
    assert "Website" not in html.split('id="visits-heading"')[1].split("</thead>")[0]


def test_bad_input_is_a_clear_message_and_keeps_what_was_entered(signed_in):
    response = signed_in("admin").get("/editor/statistics?start=2031-13-45&end=2031-01-01")
    assert response.status_code == 400
    assert "Please enter a date such as 2026-01-31." in response.text
    assert 'value="2031-13-45"' in response.text
    response = signed_in("admin").get("/editor/statistics?start=2031-03-01&end=2031-01-01")
    assert response.status_code == 400 and "before its start" in response.text
    assert signed_in("admin").get("/editor/statistics?centre=999999").status_code == 400
    response = signed_in("admin").get("/editor/statistics?start=2099-01-01")
    assert response.status_code == 400 and "after its end" in response.text
    assert 'value="2099-01-01"' in response.text


def test_the_unmet_report(signed_in, data):
    html = signed_in("city_editor").get(f"/editor/statistics/unmet?{PERIOD}").text
    assert "Needs left unmet, by residence status group" in html
    assert "wohnungsamt" in html  # searched 14 times
    assert "rare words" not in html  # twice: could tell who searched
    assert "1 rarer search is not shown." in html
    assert "=cmd" in html  # the unknown need, escaped like any text
    assert "<script" not in html


def test_arabic_reads_right_to_left(signed_in, data):
    client = signed_in("admin")
    page = client.get("/editor/")
    client.post(
        "/editor/language",
        data={"csrf_token": csrf_token(page.text), "locale": "ar", "next": "/editor/"},
    )
    html = client.get(f"/editor/statistics?{PERIOD}").text
    assert re.search(r'<html[^>]*lang="ar"[^>]*dir="rtl"', html) or re.search(
        r'<html[^>]*dir="rtl"[^>]*lang="ar"', html
    )
    assert 'direction="rtl"' in html  # the charts
    assert "العربية" in html  # the visitors' language, named in Arabic
    assert "أقل من 10" in html  # "fewer than 10", translated, in the tables and charts
    assert "اللغة" in html  # the languages table's header
