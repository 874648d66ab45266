from flask import Blueprint

from navigator.events import presenters, views

bp = Blueprint("events", __name__, url_prefix="/<locale>", template_folder="templates")
bp.add_url_rule("/events", "events", views.events)
bp.add_url_rule("/events.ics", "feed", views.feed)
bp.add_url_rule("/events/<slug:slug>", "event", views.event)


@bp.app_template_global()
def event_when(occurrence) -> str:  # type: ignore[no-untyped-def]
    return presenters.when_text(occurrence)


@bp.app_template_global()
def event_time(occurrence) -> str:  # type: ignore[no-untyped-def]
    return presenters.time_range(occurrence)


@bp.app_template_global()
def event_day(day) -> str:  # type: ignore[no-untyped-def]
    return presenters.day_text(day)


@bp.app_template_global()
def event_rhythm(rule) -> str:  # type: ignore[no-untyped-def]
    return presenters.rhythm_text(rule)
