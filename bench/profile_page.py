"""Profile one page kind (or the engine) against a city built by run.py --reuse-db.

    python bench/profile_page.py --db /tmp/city5000.db --page plan -n 5
    python bench/profile_page.py --db /tmp/city5000.db --engine -n 20
    python bench/profile_page.py --postgres --db benchcity --page "search (ar)" -n 50

Prints cProfile's top functions by own time and by cumulative time (navigator code only
in the second list), after one untimed warm-up request.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import run  # noqa: E402  (sets FLASK_DEBUG=0)

from navigator import create_app  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--db",
        required=True,
        help="SQLite file, or PostgreSQL schema with --postgres, built by run.py --reuse-db",
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--services", type=int, default=5000, help="as given to run.py")
    parser.add_argument("--page", default="plan")
    parser.add_argument(
        "--engine", action="store_true", help="profile build_plan instead of a page"
    )
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        info = run.citygen.generate(Path(tmp) / "pack", args.services)
    url = (
        f"{run.PG_BASE}?options=-csearch_path%3D{args.db}"
        if args.postgres
        else f"sqlite:///{args.db}"
    )
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": run.SECRET, "TESTING": False, "PAGE_CACHE_SIZE": 0}
    )
    profiler = cProfile.Profile()
    if args.engine:
        import datetime as dt

        from navigator.db import db
        from navigator.pathway.engine import Answers
        from navigator.pathway.plan import build_plan
        from navigator.pathway.source import load_catalog

        with app.app_context():
            catalog = load_catalog(db.session, "profile")
        answers = Answers((), True, {"residence_status": "student"}, frozenset(), ())
        today = dt.date(2026, 11, 24)
        build_plan(catalog, answers, today)
        t = time.perf_counter()
        profiler.enable()
        for _ in range(args.n):
            build_plan(catalog, answers, today)
        profiler.disable()
    else:
        urls = run.page_requests(app, info, max(args.n, 20))[args.page]
        random.Random(3).shuffle(urls)
        client = app.test_client()
        client.get(urls[0])
        t = time.perf_counter()
        profiler.enable()
        for u in urls[1 : args.n + 1]:
            client.get(u)
        profiler.disable()
    print(f"{args.n} runs, {(time.perf_counter() - t) / args.n * 1000:.1f} ms each (profiled)")
    for sort, restrict in (("tottime", ()), ("cumulative", ("navigator",))):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(*restrict, args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
