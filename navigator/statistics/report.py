"""The statistics pages as sections: a title, a suppressed table and its chart. Names are
put on the slugs here, in the reader's language; every count goes through
`suppression.suppress` before it reaches a page or a CSV file."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import format_date
from markupsafe import Markup
from sqlalchemy import select

from navigator.core.templating import localized
from navigator.db import db
from navigator.directory.models import Location, Service, Topic
from navigator.eligibility.sentences import bare
from navigator.i18n import _, current_locale, direction, language_name
from navigator.questionnaire import operations as ops
from navigator.referrals.models import STATUSES as OUTCOMES
from navigator.statistics import queries
from navigator.statistics.charts import Bar, bar_chart
from navigator.statistics.groups import GROUPS
from navigator.statistics.models import CHANNELS
from navigator.statistics.suppression import THRESHOLD, Table, suppress

#: how many services the "maybe" list shows
MAYBE_TOP = 20


@dataclass(frozen=True)
class Label:
    text: str
    #: the text's own language when it is not the page's (content shown in a fallback)
    lang: str | None = None

    @property
    def direction(self) -> str:
        return direction(self.lang or current_locale())


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    row_header: str
    rows: list[Label]
    columns: list[Label]
    table: Table
    chart: Markup | None

    def value(self, row: int, column: int) -> int | None:
        return self.table.shown(row, column)

    @property
    def empty(self) -> bool:
        return not self.rows


def hidden_text() -> str:
    return _("fewer than %(num)d", num=THRESHOLD)


def section(
    key: str,
    title: str,
    row_header: str,
    counts: Counter[tuple[Any, Any]],
    rows: Sequence[tuple[Hashable, Label]],
    columns: Sequence[tuple[Hashable, Label]],
    *,
    chart: bool = True,
) -> Section:
    """A table of `counts` with row and column totals, suppressed, and a chart of the row
    totals (or of the one column)."""
    cells = [[counts.get((r, c), 0) for c, _l in columns] for r, _l in rows]
    many = len(columns) > 1
    table = suppress(cells, row_totals=many, column_totals=True)
    labels = [label for _r, label in rows]
    drawn = None
    if chart and rows:
        last = len(columns) if many else 0
        bars = [
            Bar(label.text, label.lang, table.shown(index, last))
            for index, label in enumerate(labels)
        ]
        drawn = bar_chart(
            bars, title=title, hidden_text=hidden_text(), locale=current_locale(), chart_id=key
        )
    return Section(key, title, row_header, labels, [label for _c, label in columns], table, drawn)


def _content(obj: Any, field: str) -> Label:
    text = localized(obj, field)
    return Label(str(text), text.locale if text.is_fallback else None)


def need_labels(slugs: set[str]) -> dict[str, Label]:
    topics = db.session.scalars(select(Topic).where(Topic.slug.in_(slugs))) if slugs else []
    found = {topic.slug: _content(topic, "title") for topic in topics}
    return {slug: found.get(slug, Label(slug)) for slug in slugs}


def by_total(counts: Counter[tuple[Any, Any]]) -> list[Any]:
    """Row keys, the largest total first (then by key, for a stable order)."""
    totals: Counter[Any] = Counter()
    for (row, _column), count in counts.items():
        totals[row] += count
    return sorted(totals, key=lambda row: (-totals[row], str(row)))


def by_column_total(counts: Counter[tuple[Any, Any]]) -> list[Any]:
    """Column keys, the largest total first (then by key)."""
    return by_total(Counter({(column, row): n for (row, column), n in counts.items()}))


def period_label(period: dt.date, by: str) -> Label:
    if by == "month":
        return Label(format_date(period, "MMMM y"))
    return Label(_("Week of %(date)s", date=format_date(period, "medium")))


def centres(ids: set[int]) -> dict[int, Label]:
    """Welcome centres' names, by location id."""
    if not ids:
        return {}
    found = db.session.scalars(select(Location).where(Location.id.in_(ids)))
    return {location.id: _content(location, "name") for location in found}


def where_columns(filters: queries.Filters, counts: queries.Counts) -> list[tuple[Any, Label]]:
    """The website (unless one centre is chosen), then each welcome centre with counts."""
    columns: list[tuple[Any, Label]] = []
    if filters.web:
        columns.append((queries.WEB, Label(str(CHANNELS["web"]))))
    ids = {
        column
        for counter in (counts.visits, counts.languages, counts.needs, counts.outcomes)
        for _row, column in counter
        if column != queries.WEB
    }
    if filters.location_id is not None:
        ids.add(filters.location_id)
    names = centres(ids)
    order = {key: (key == queries.NO_CENTRE, names[key].text.casefold()) for key in names}
    for centre in sorted(ids, key=lambda key: order.get(key, (True, ""))):
        name = names.get(centre) if centre else None
        columns.append((centre, name or Label(_("Welcome desk, no centre"))))
    return columns


def overview(filters: queries.Filters) -> list[Section]:
    counts = queries.counts(db.session, filters)
    columns = where_columns(filters, counts)
    desk_columns = [column for column in columns if column[0] != queries.WEB]
    periods = [(p, period_label(p, filters.by)) for p in filters.periods()]
    needs = need_labels({need for need, _c in counts.needs})
    locale = current_locale()
    sections = [
        section(
            "visits",
            _("Plans made, by website and welcome centre"),
            _("Period"),
            counts.visits,
            periods,
            columns,
        ),
        section(
            "languages",
            _("Languages"),
            _("Language"),
            counts.languages,
            [(code, Label(language_name(code, locale))) for code in by_total(counts.languages)],
            columns,
        ),
        section(
            "needs",
            _("Needs chosen"),
            _("Need"),
            counts.needs,
            [(need, needs[need]) for need in by_total(counts.needs)],
            columns,
        ),
        section(
            "unmet",
            _("Needs left with no service the person can surely use"),
            _("Need"),
            counts.unmet,
            [(need, needs[need]) for need in by_total(counts.unmet)],
            columns,
        ),
    ]
    # The same over time (website and desks together): periods down, languages or needs
    # across, the largest first; nothing to show when nobody came.
    over_time = [
        (
            "languages-over-time",
            _("Languages over time"),
            counts.languages_over_time,
            lambda code: Label(language_name(code, locale)),
        ),
        (
            "needs-over-time",
            _("Needs chosen over time"),
            counts.needs_over_time,
            lambda need: needs[need],
        ),
        (
            "unmet-over-time",
            _("Needs left unmet over time"),
            counts.unmet_over_time,
            lambda need: needs[need],
        ),
    ]
    for key, title, counter, label in over_time:
        across = [(column, label(column)) for column in by_column_total(counter)]
        sections.append(
            section(key, title, _("Period"), counter, periods if across else [], across)
        )
    if desk_columns:  # referrals are made at desks only
        sections.append(
            section(
                "outcomes",
                _("Referrals made at the desk, by outcome"),
                _("Outcome"),
                counts.outcomes,
                [(key, Label(str(title))) for key, title in OUTCOMES.items()],
                desk_columns,
            )
        )
    return sections


def unmet_report(filters: queries.Filters) -> dict[str, Any]:
    counts = queries.counts(db.session, filters)
    needs = need_labels(
        {need for need, _g in counts.unmet_by_group} | {n for n, _l in counts.unmet_by_locale}
    )
    locale = current_locale()
    locales = sorted({code for _n, code in counts.unmet_by_locale})
    searches = queries.zero_result_searches(db.session, filters)
    frequent = sorted(
        ((key, count) for key, count in searches.items() if count >= THRESHOLD),
        key=lambda item: (-item[1], item[0]),
    )
    return {
        "sections": [
            section(
                "unmet-groups",
                _("Needs left unmet, by residence status group"),
                _("Need"),
                counts.unmet_by_group,
                [(need, needs[need]) for need in by_total(counts.unmet_by_group)],
                [(key, Label(str(title))) for key, title in GROUPS.items()],
            ),
            section(
                "unmet-languages",
                _("Needs left unmet, by language"),
                _("Need"),
                counts.unmet_by_locale,
                [(need, needs[need]) for need in by_total(counts.unmet_by_locale)],
                [(code, Label(language_name(code, locale))) for code in locales],
            ),
        ],
        "searches": [
            {"locale": code, "language": language_name(code, locale), "query": q, "count": n}
            for (code, q), n in frequent
        ],
        "rare_searches": sum(1 for count in searches.values() if count < THRESHOLD),
        "maybe": maybe_rows(queries.maybe_facts(db.session, filters)),
    }


def maybe_rows(counts: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
    """The services most often "maybe", with the fact that was missing; counts below the
    threshold hidden (no totals are shown, so nothing else needs hiding)."""
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAYBE_TOP]
    slugs = {service for (service, _f), _n in top}
    services = (
        {s.slug: s for s in db.session.scalars(select(Service).where(Service.slug.in_(slugs)))}
        if slugs
        else {}
    )
    vocab = ops.explanation_vocabulary()
    rows = []
    for (slug, fact), count in top:
        service = services.get(slug)
        subject = bare(vocab[fact].subject) if fact in vocab else fact
        rows.append(
            {
                "service": _content(service, "title") if service else Label(slug),
                "fact": Label(str(subject or fact)),
                "count": count if count >= THRESHOLD else None,
            }
        )
    return rows
