"""A regression check for the segfault once seen serving plan pages on the 5,000-service city.

    python bench/run.py --reuse-db /tmp/bench-city.db      # builds the city once
    python -X faulthandler bench/crash_plan_pages.py /tmp/bench-city.db

Serves 150 plan pages in-process (Flask test client) and prints "planned 200" when it
survives. Until 2026-12-01 this crashed CPython 3.11 every time (not 3.12): every page
imported its macros "with context", which left the page's ORM objects in a reference cycle,
and collecting them during a later request corrupted memory. `PYTHONMALLOC=debug` makes such
a crash come sooner. tests/serving/test_garbage.py keeps pages free of such cycles.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.environ.setdefault("NAVIGATOR_RATE_LIMITS", "0")

import run  # noqa: E402  (sets FLASK_DEBUG=0 and the public URL)

from navigator import create_app  # noqa: E402
from navigator.pathway.engine import Answers  # noqa: E402
from navigator.questionnaire import token as tokens  # noqa: E402


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    database = sys.argv[1]
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": run.SECRET})
    client = app.test_client()
    statuses = ["student", "refugee", "eu_citizen", "no_permit"]
    with app.test_request_context():
        links = [
            tokens.encode(Answers((), True, {"residence_status": s}, frozenset(), ()))
            for s in statuses
        ]
    rng = random.Random(1)
    response = None
    for _ in range(150):
        response = client.get(f"/en/plan?t={rng.choice(links)}")
    print("planned", response.status_code if response else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
