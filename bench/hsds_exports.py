"""The HSDS API's whole exports (`format=ndjson`) while the content changes (step 2b of
run.py): the first requests after a content load with the exports prepared ahead (`flask
content prepare-hsds`, which `content load` runs), after an editor publishes one service,
and on a new day; then the steady state, streamed from the lines those changes left."""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from navigator.db import db

HSDS = "/api/v1/hsds"
KINDS = ("services", "services?minimal=true", "service_at_locations")
ROUNDS = 3


def _first_requests(locales: list[str]) -> list[str]:
    """One round: every kind of whole export in every locale, each once."""
    urls = []
    for kind in KINDS:
        joiner = "&" if "?" in kind else "?"
        urls += [f"{HSDS}/{kind}{joiner}format=ndjson&locale={loc}" for loc in locales]
    return urls


def measure(
    app: Any,
    series: Callable[..., dict[str, Any]],
    locales: list[str],
    budget: float,
    log: Callable[[str], None],
) -> dict[str, Any]:
    from navigator.content import canonical
    from navigator.directory.models import City, Service
    from navigator.editor import revisions
    from navigator.editor.models import Account
    from navigator.hsds.cli import prepare_exports

    out: dict[str, Any] = {}
    round_urls = _first_requests(locales)
    with app.app_context():
        db.session.scalars(select(City)).one().content_version += 1  # as a content load does
        db.session.commit()
        wall, cpu = time.perf_counter(), time.thread_time()
        prepare_exports(locales)
        log(
            f"prepare-hsds ahead ({', '.join(locales)}, {len(KINDS)} kinds): cpu "
            f"{time.thread_time() - cpu:.1f} s, wall {time.perf_counter() - wall:.1f} s"
        )
        editor = db.session.scalars(select(Account).where(Account.role == "city_editor")).first()
        if editor is None:
            editor = Account(email="bench@example.org", role="city_editor", password_hash="!")  # noqa: S106  (never signs in)
            db.session.add(editor)
            db.session.commit()
        editor_id = editor.id
        slugs = list(db.session.scalars(select(Service.slug).order_by(Service.slug).limit(50)))
    out["ndjson, first after content load (prepared ahead)"] = series(
        "ndjson, first after load (ahead)", round_urls, budget
    )

    publish_cpu: list[float] = []
    published = iter(range(len(slugs)))
    page = f"{HSDS}/services?per_page=25&locale={locales[0]}"

    def publish() -> None:
        """An editor publishes one service (a new title): the editor's request."""
        cpu = time.thread_time()
        with app.app_context():
            editor = db.session.get(Account, editor_id)
            slug = slugs[next(published) * 7 % len(slugs)]
            service = db.session.scalars(select(Service).where(Service.slug == slug)).one()
            data = copy.deepcopy(revisions.snapshot("services", service))
            data["title"] = f"{data.get('title', '')} (checked)"
            draft = revisions.save("services", service, canonical.tidy("services", data), editor)
            revisions.publish(draft, editor)
            db.session.commit()
        publish_cpu.append((time.thread_time() - cpu) * 1000)

    def each_round(change: Callable[[], None]) -> Callable[[int], None]:
        """`change`, then one untimed API page (which builds the API's index of the new
        version or day, as any first API request does), before each round of exports."""

        def before(i: int) -> None:
            if i % len(round_urls) == 0:
                change()
                client.get(page)

        return before

    client = app.test_client()
    out["API page, first after one service is published (its index)"] = series(
        "page, first after a publish", [page] * ROUNDS, budget, before=lambda i: publish()
    )
    out["ndjson, first after one service is published"] = series(
        "ndjson, first after a publish",
        round_urls * ROUNDS,
        budget,
        before=each_round(publish),
    )
    log(f"publishing one service (the editor's request): cpu max {max(publish_cpu):.0f} ms")

    start = app.config.get("NOW") or dt.datetime.now(dt.UTC)
    days = iter(range(1, 100))

    def next_day() -> None:
        app.config["NOW"] = start + dt.timedelta(days=next(days))

    out["API page, first on a new day (its index)"] = series(
        "page, first on a new day", [page] * ROUNDS, budget, before=lambda i: next_day()
    )
    out["ndjson, first on a new day"] = series(
        "ndjson, first on a new day", round_urls * ROUNDS, budget, before=each_round(next_day)
    )
    out["ndjson, whole set (after the changes)"] = series(
        "ndjson, whole set (after changes)",
        [round_urls[i % len(locales)] for i in range(20)],
        budget,
    )
    return out
