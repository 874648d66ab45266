"""The performance benchmark of DESIGN.md § Budgets. Usage: see bench/README.md.

python bench/run.py [--postgres] [--services 5000] [--load]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]
os.environ["FLASK_DEBUG"] = "0"
# Outside debug the app needs its public address (in-process apps and gunicorn alike).
os.environ.setdefault("NAVIGATOR_PUBLIC_URL", "http://127.0.0.1:8000")
# The benchmark times pages from one address: rate limits would answer 429 instead.
os.environ.setdefault("NAVIGATOR_RATE_LIMITS", "0")

import bulkload  # noqa: E402
import citygen  # noqa: E402
import hsds_exports  # noqa: E402
import rules as rule_bench  # noqa: E402

from navigator import create_app, migrate  # noqa: E402
from navigator.content import loader, reader  # noqa: E402
from navigator.db import db, normalise_url  # noqa: E402
from navigator.serving import tune_collector  # noqa: E402

PG_BASE = "postgresql://postgres@127.0.0.1:5432/test"
SECRET = "bench-only-secret-key-0123456789abcdefghijklmnop"
BUDGET_PAGE_MS = 50.0
BUDGET_PLAN_MS = 20.0
BUDGET_HOME_BYTES = 30_000  # "30 KB", counted as 30,000 bytes
BUDGET_REQUEST_CPU_MS = 200.0  # DESIGN.md: no request costs more than ~200 ms of CPU
HSDS = "/api/v1/hsds/services"
RESULTS = HERE / "results"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


# --------------------------------------------------------------------------- database


@contextlib.contextmanager
def database(postgres: bool, tmp: Path, reuse: str | None):  # type: ignore[no-untyped-def]
    if not postgres:
        path = Path(reuse) if reuse else tmp / "city.db"
        yield f"sqlite:///{path}"
        return
    from sqlalchemy import create_engine, text

    schema = reuse or f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(normalise_url(PG_BASE))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        if not reuse:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            log(f"dropped schema {schema}")
        engine.dispose()


def city_exists(url: str) -> bool:
    """Whether `url` already holds a migrated city (a database kept with --reuse-db)."""
    from sqlalchemy import create_engine, inspect

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    engine = create_engine(normalise_url(url))
    try:
        return inspect(engine).has_table("city")
    finally:
        engine.dispose()


def build_city(
    url: str, tmp: Path, services: int, via_loader: bool, reused: bool
) -> dict[str, Any]:
    started = time.perf_counter()
    info = citygen.generate(tmp / "pack", services)
    generated = time.perf_counter() - started
    problems = citygen.validate(tmp / "pack", info)
    if problems:
        raise SystemExit(f"generated pack is invalid: {problems.items[:10]}")
    info["timings"] = {"generate_s": generated}
    migrate.upgrade(url)  # a reused database gets any newer migration
    if reused:
        info["timings"]["reused_database"] = True
        return info
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "TESTING": False})
    with app.app_context():
        t = time.perf_counter()
        if via_loader:
            import yaml

            citygen.write_services(tmp / "pack", info["services"], info["translations"])
            if hasattr(yaml, "CSafeLoader"):  # libyaml: the pure-Python parser takes minutes
                reader.yaml.safe_load = lambda s: yaml.load(s, Loader=yaml.CSafeLoader)  # type: ignore[attr-defined]
            loader.load_pack(db.session, tmp / "pack")
            db.session.commit()
            info["timings"]["load_pack_s"] = time.perf_counter() - t
        else:
            loader.load_pack(db.session, tmp / "pack")  # the city, taxonomies, 2 services
            db.session.commit()
            info["timings"]["load_base_pack_s"] = time.perf_counter() - t
            t = time.perf_counter()
            bulkload.insert_services(db.session, info["services"])
            db.session.commit()
            info["timings"]["bulk_insert_s"] = time.perf_counter() - t
            t = time.perf_counter()
            bulkload.finish(db.session)  # search.rebuild + City.content_version
            db.session.commit()
            info["timings"]["search_rebuild_s"] = time.perf_counter() - t
        if db.engine.dialect.name == "postgresql":
            # Fresh planner statistics, as autovacuum would gather shortly after a big load;
            # without them PostgreSQL picks nested loops over 5,000 rows (see README).
            from sqlalchemy import text

            t = time.perf_counter()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            info["timings"]["analyze_s"] = time.perf_counter() - t
        db.session.remove()
        db.engine.dispose()
    return info


# --------------------------------------------------------------------------- requests


def make_tokens(
    app: Any, info: dict[str, Any], count: int, full: bool, rng: random.Random
) -> list[str]:
    from navigator.pathway.engine import Answers
    from navigator.questionnaire.token import encode

    needs_pool = [t for t in info["top_topics"] if t != "urgent-help"]
    facts = info["facts"]
    tokens = []
    with app.test_request_context():
        for _ in range(count):
            needs = tuple(rng.sample(needs_pool, rng.randint(1, 3)))
            values: dict[str, Any] = {"residence_status": rng.choice(info["statuses"])}
            order = ["needs", "residence_status"]
            if full:
                values["age"] = rng.randint(5, 70)
                values["months_since_arrival"] = rng.randint(0, 48)
                values["registered_address"] = rng.random() < 0.5
                values["employment"] = rng.choice(
                    [o["value"] for o in facts["employment"]["options"]]
                )
                order += ["age", "months_since_arrival", "registered_address", "employment"]
            tokens.append(encode(Answers(needs, True, values, frozenset(), tuple(order))))
    return tokens


def page_requests(app: Any, info: dict[str, Any], n: int, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    locales = info["locales"]
    published = [s["slug"] for s in info["services"] if s.get("status") == "published"]
    topics = info["topics"]
    en_words = [w.lower() for w in info["en_title_words"]]
    ar_words = info["ar_title_words"]
    step_tokens = make_tokens(app, info, 50, False, rng)
    plan_tokens = make_tokens(app, info, 50, True, rng)
    # Other people's plans, served untimed first: a server that has been up for a while
    # keeps the cards of the services most plans show (questionnaire/cards.py). The timed
    # plans are different people's.
    earlier_tokens = make_tokens(app, info, 100, True, random.Random(seed + 1))

    def loc(i: int) -> str:
        return locales[i % len(locales)]

    def q(words: list[str]) -> str:
        from urllib.parse import quote

        return quote(" ".join(rng.sample(words, rng.choice([1, 1, 2]))))

    return {
        "home": [f"/{loc(i)}/" for i in range(n)],
        "topic": [
            f"/{loc(i)}/topics/{rng.choice(topics)}"
            + (f"?page={rng.randint(2, 6)}" if i % 4 == 0 else "")
            for i in range(n)
        ],
        "service": [f"/{loc(i)}/services/{rng.choice(published)}" for i in range(n)],
        "search (en)": [f"/en/search?q={q(en_words)}" for _ in range(n)],
        "search (ar)": [f"/ar/search?q={q(ar_words)}" for _ in range(n)],
        "questionnaire step": [f"/{loc(i)}/start?t={rng.choice(step_tokens)}" for i in range(n)],
        "plan": [f"/{loc(i)}/plan?t={rng.choice(plan_tokens)}" for i in range(n)],
        "plan (earlier people, untimed)": [
            f"/{loc(i)}/plan?t={earlier_tokens[i % len(earlier_tokens)]}"
            for i in range(3 * len(locales) * 10)
        ],
    }


def measure_pages(
    app: Any, urls: dict[str, list[str]], warmup: int, cap_s: float
) -> dict[str, Any]:
    """Wall-clock server time per request; also the CPU time of this thread (the shared
    machine's other load inflates wall time, not CPU time). A page slower than `cap_s`
    seconds for its whole batch stops early (at least 20 requests) and says so."""
    client = app.test_client()
    out: dict[str, Any] = {}
    untimed = {name: batch for name, batch in urls.items() if name.endswith("untimed)")}
    for name, batch in urls.items():
        if name in untimed:
            continue
        for url in untimed.get(f"{name} (earlier people, untimed)", []):
            client.get(url)
        statuses: dict[int, int] = {}
        began = time.perf_counter()
        for url in batch[:warmup]:
            client.get(url)
            if time.perf_counter() - began > cap_s / 4:  # a very slow page: a short warm-up
                break
        times: list[float] = []
        cpu: list[float] = []
        sizes = []
        began = time.perf_counter()
        for url in batch:
            t, c = time.perf_counter(), time.thread_time()
            response = client.get(url)
            body = response.get_data()
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            sizes.append(len(body))
            if len(times) >= 20 and time.perf_counter() - began > cap_s:
                break
        p95 = pct(times, 95)
        out[name] = {
            "requests": len(times),
            "capped": len(times) < len(batch),
            "p50_ms": pct(times, 50),
            "p95_ms": p95,
            "max_ms": max(times),
            "cpu_p50_ms": pct(cpu, 50),
            "cpu_p95_ms": pct(cpu, 95),
            "mean_html_bytes": int(statistics.mean(sizes)),
            "statuses": {str(k): v for k, v in statuses.items()},
            "budget_ms": BUDGET_PAGE_MS,
            # The questionnaire redirects to the plan when nothing more can change it: that is an
            # answer, not an error.
            "ok": p95 < BUDGET_PAGE_MS
            and set(statuses) <= ({200, 302} if "questionnaire" in name else {200}),
        }
        log(
            f"{name:20s} n {len(times):4d}  p50 {out[name]['p50_ms']:8.1f} ms  p95 {p95:8.1f} ms"
            f"  (cpu p95 {out[name]['cpu_p95_ms']:.1f} ms)  statuses {statuses}"
        )
    return out


# --------------------------------------------------------------------------- HSDS


def measure_hsds(
    app: Any, info: dict[str, Any], n: int, cap_s: float, folder: Path, seed: int = 11
) -> dict[str, Any]:
    """The HSDS API's list page and its whole export (`format=ndjson`): server CPU per
    request. The export's first request per content version and locale builds its lines
    (what every export request cost before they were kept); the others stream them."""
    app.config["HSDS_NDJSON_DIR"] = str(folder)  # nothing kept from an earlier run
    client = app.test_client()
    rng = random.Random(seed)
    locales = info["locales"]

    def timed(url: str) -> tuple[float, float, int, int]:
        t, c = time.perf_counter(), time.thread_time()
        response = client.get(url)
        body = response.get_data()
        wall, cpu = (time.perf_counter() - t) * 1000, (time.thread_time() - c) * 1000
        return wall, cpu, response.status_code, len(body)

    def series(
        name: str, urls: list[str], budget: float | None, before: Any = None
    ) -> dict[str, Any]:
        """Timed requests; `budget` None: a figure for information, not a request's budget."""
        walls, cpus, statuses, sizes = [], [], {}, []
        began = time.perf_counter()
        for i, url in enumerate(urls):
            if before is not None:
                before(i)  # untimed: what happened just before these requests
            wall, cpu, status, size = timed(url)
            walls.append(wall)
            cpus.append(cpu)
            sizes.append(size)
            statuses[status] = statuses.get(status, 0) + 1
            if before is None and len(walls) >= 10 and time.perf_counter() - began > cap_s:
                break
        result = {
            "requests": len(walls),
            "p50_ms": pct(walls, 50),
            "p95_ms": pct(walls, 95),
            "cpu_p50_ms": pct(cpus, 50),
            "cpu_p95_ms": pct(cpus, 95),
            "mean_bytes": int(statistics.mean(sizes)),
            "statuses": {str(k): v for k, v in statuses.items()},
            "budget_cpu_ms": budget,
            "ok": None if budget is None else pct(cpus, 95) < budget and set(statuses) == {200},
        }
        log(
            f"{name:32s} n {len(walls):4d}  cpu p50 {result['cpu_p50_ms']:8.1f} ms"
            f"  p95 {result['cpu_p95_ms']:8.1f} ms  {result['mean_bytes']:,} B  {statuses}"
        )
        return result

    pages = max(1, len([s for s in info["services"] if s.get("status") == "published"]) // 25)
    timed(f"{HSDS}?per_page=1")  # the API's index, built once per content version
    out: dict[str, Any] = {}
    out["services page (25)"] = series(
        "services page (25)",
        [
            f"{HSDS}?locale={locales[i % len(locales)]}&page={rng.randint(1, pages)}&per_page=25"
            for i in range(n)
        ],
        BUDGET_REQUEST_CPU_MS,
    )
    export_locales = ["en", "ar"]
    # What `content prepare-hsds` spends per locale (the deploy and `content load` run it,
    # README): a request pays it only where that step was skipped, so it has no budget.
    out["ndjson, full build (prepare-hsds's cost; no request in operation)"] = series(
        "ndjson, full build (prepare's cost)",
        [f"{HSDS}?format=ndjson&locale={loc}" for loc in export_locales],
        None,
    )
    out["ndjson, whole set (prepared)"] = series(
        "ndjson, whole set (prepared)",
        [f"{HSDS}?format=ndjson&locale={export_locales[i % 2]}" for i in range(max(20, n // 5))],
        BUDGET_REQUEST_CPU_MS,
    )
    topics = info["topics"]
    from navigator.hsds.mapping import hsds_id

    out["ndjson, by topic (prepared)"] = series(
        "ndjson, by topic (prepared)",
        [
            f"{HSDS}?format=ndjson&locale={export_locales[i % 2]}"
            f"&taxonomy_term_id={hsds_id('taxonomy_term', rng.choice(topics))}"
            for i in range(max(20, n // 5))
        ],
        BUDGET_REQUEST_CPU_MS,
    )
    out.update(hsds_exports.measure(app, series, export_locales, BUDGET_REQUEST_CPU_MS, log))
    return out


# --------------------------------------------------------------------------- engine


def measure_engine(app: Any, info: dict[str, Any], iterations: int, cap_s: float) -> dict[str, Any]:
    from navigator.eligibility import compile as compile_rule
    from navigator.pathway.engine import Answers
    from navigator.pathway.plan import build_plan
    from navigator.pathway.source import load_catalog

    rng = random.Random(11)
    with app.app_context():
        t = time.perf_counter()
        catalog = load_catalog(db.session, "bench-engine")
        catalog_ms = (time.perf_counter() - t) * 1000
        db.session.remove()
    today = dt.date(2026, 11, 24)
    facts_spec = info["facts"]
    options = {k: [o["value"] for o in f.get("options", [])] for k, f in facts_spec.items()}
    districts = ["centre", "north", "south", "east", "west"]

    def complete_facts() -> dict[str, Any]:
        return rule_bench.complete_person(rng, info["statuses"], options, districts)

    personas = []
    for i in range(20):
        values = complete_facts()
        if i % 2:  # half: only the status is known, many services stay "maybe"
            values = {"residence_status": values["residence_status"]}
        personas.append(Answers((), True, values, frozenset(), ()))
    t = time.perf_counter()
    first = build_plan(catalog, personas[0], today)
    cold_ms = (time.perf_counter() - t) * 1000
    times = []
    steps = []
    began = time.perf_counter()
    for i in range(iterations):
        answers = personas[i % len(personas)]
        t = time.perf_counter()
        plan = build_plan(catalog, answers, today)
        times.append((time.perf_counter() - t) * 1000)
        steps.append(len(plan.steps))
        if i >= 40 and time.perf_counter() - began > cap_s:
            break
    plan_result = {
        "services_in_catalog": len(catalog.services),
        "with_rules": sum(1 for s in catalog.services if s.rules),
        "catalog_build_ms": catalog_ms,
        "cold_first_plan_ms": cold_ms,
        "iterations": len(times),
        "p50_ms": pct(times, 50),
        "p95_ms": pct(times, 95),
        "mean_steps": statistics.mean(steps),
        "first_plan_steps": len(first.steps),
        "budget_ms": BUDGET_PLAN_MS,
        "ok": pct(times, 95) < BUDGET_PLAN_MS,
    }
    log(
        f"build_plan over {len(catalog.services)} services: p50 {plan_result['p50_ms']:.2f} ms, p95 {plan_result['p95_ms']:.2f} ms"
    )

    # Compiled rules and `apply` against json-logic-qubit on the same rules in this process:
    # the city's rules with complete facts, and a workload heavy in `missing` and "between"
    # with some answers not given (bench/rules.py, which also runs on its own).
    datasets = []
    for _ in range(25):
        data = complete_facts()
        for key, logic in catalog.derived.items():
            data[key] = bool(compile_rule(logic)(data))
        datasets.append(data)
    city_rules = [r.logic for s in catalog.services for r in s.rules]
    speed = rule_bench.measure(city_rules, datasets, list(info["statuses"]))
    log(
        "rules: "
        + ", ".join(f"{name} {speed[name]['ratio']:.1f}×" for name in ("city", "heavy"))
        + ", apply first sight "
        + ", ".join(f"{speed[n]['first_sight_ratio']:.1f}×" for n in ("apply_city", "apply_heavy"))
    )
    return {"plan": plan_result, "rules": speed}


# --------------------------------------------------------------------------- size


def measure_size(app: Any) -> dict[str, Any]:
    client = app.test_client()
    css = (ROOT / "navigator" / "static" / "navigator.css").read_bytes()
    css_gz = len(gzip.compress(css, 6))
    out: dict[str, Any] = {"css_bytes": len(css), "css_gzip_bytes": css_gz}
    for locale in ("en", "ar"):
        html = client.get(f"/{locale}/").get_data()
        html_gz = len(gzip.compress(html, 6))
        assets = sorted(set(re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)))
        scripts = len(re.findall(rb"<script", html))
        total = html_gz + css_gz
        out[locale] = {
            "html_bytes": len(html),
            "html_gzip_bytes": html_gz,
            "total_gzip_bytes": total,
            "static_assets": [a.decode() for a in assets],
            "script_tags": scripts,
            "budget_bytes": BUDGET_HOME_BYTES,
            "ok": total <= BUDGET_HOME_BYTES,
        }
        log(f"/{locale}/ html {len(html)} B → {html_gz} B gz; + css {css_gz} B gz = {total} B")
    return out


# --------------------------------------------------------------------------- load


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_load(
    url: str, urls: dict[str, list[str]], tmp: Path, seconds: int, users: int
) -> dict[str, Any]:
    import subprocess
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    targets = tmp / "targets.json"
    targets.write_text(json.dumps({"plan": urls["plan"], "service": urls["service"]}))
    results: dict[str, Any] = {}
    for name, cwd, module in (("app", ROOT, "wsgi:app"), ("hello", HERE, "hello:app")):
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "FLASK_DEBUG": "0"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "2",
                "--threads",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                module,
            ],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp / f"gunicorn-{name}.log", "wb"),  # noqa: SIM115
        )
        host = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while True:
                try:
                    urllib.request.urlopen(host + "/healthz", timeout=5).read()
                    break
                except Exception:
                    if time.time() > deadline or server.poll() is not None:
                        raise RuntimeError(
                            f"gunicorn ({name}) did not start; see {tmp}/gunicorn-{name}.log"
                        ) from None
                    time.sleep(0.3)
            # Warm both workers (each builds its own catalog and compiles its rules).
            warm = urls["plan"][:20] + urls["service"][:20]
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(lambda p: urllib.request.urlopen(host + p, timeout=120).read(), warm))
            csv = tmp / f"locust-{name}"
            log(f"locust: {users} users for {seconds}s against {name} at {host}")
            subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
                    "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", host,
                    "--csv", str(csv), "--only-summary", "--loglevel", "WARNING",
                ],
                env={**os.environ, "BENCH_TARGETS": str(targets)},
                check=False,
                timeout=seconds + 90,
                stdout=subprocess.DEVNULL,
                stderr=open(tmp / f"locust-{name}.log", "wb"),  # noqa: SIM115
            )  # fmt: skip
            results[name] = parse_locust(csv)
            log(f"{name}: {results[name]['aggregated']}")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    app_rps = results["app"]["aggregated"]["rps"]
    hello_rps = results["hello"]["aggregated"]["rps"]
    results["ratio_rps_app_over_hello"] = app_rps / hello_rps if hello_rps else None
    results["settings"] = {"workers": 2, "threads": 1, "users": users, "seconds": seconds}
    return results


def parse_locust(prefix: Path) -> dict[str, Any]:
    import csv

    out: dict[str, Any] = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            key = "aggregated" if row["Name"] == "Aggregated" else row["Name"]
            out[key] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
            }
    return out


# --------------------------------------------------------------------------- report


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    fmt = lambda r: "  ".join(
        str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))
    )
    return "\n".join([fmt(header), line, *(fmt(r) for r in rows)])


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def report(res: dict[str, Any]) -> str:
    out = []
    env = res["environment"]
    out.append(
        f"\nNewcomer Navigator benchmark — {env['database']}, {res['city']['services']} services × "
        f"{len(res['city']['locales'])} locales ({res['city']['with_rules']} with rules), "
        f"{env['python']}, {env['cpus']} CPUs, load average at start {env['loadavg_start']}"
    )
    t = res["city"]["timings"]
    out.append(
        "Building the city: "
        + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in t.items())
        + f"  (total {res['city']['build_s']:.1f} s)"
    )
    rows = [
        [name, f"{p['requests']}{'*' if p.get('capped') else ''}", f"{p['p50_ms']:.1f}", f"{p['p95_ms']:.1f}",
         f"{p['cpu_p95_ms']:.1f}", f"{p['budget_ms']:.0f}", verdict(p["ok"]),
         ",".join(f"{k}×{v}" for k, v in p["statuses"].items())]
        for name, p in res.get("pages", {}).items()
    ]  # fmt: skip
    if rows:
        out.append("\nServer time per page (Flask test client, after warm-up)")
        out.append(
            table(
                rows,
                ["page", "n", "p50 ms", "p95 ms", "cpu p95 ms", "budget", "verdict", "statuses"],
            )
        )
    if any(p.get("capped") for p in res.get("pages", {}).values()):
        out.append(
            f"* stopped after --page-cap {res['arguments']['page_cap']:.0f} s: too slow for {res['arguments']['requests']} requests"
        )
    if "hsds" in res:
        rows = [
            [name, h["requests"], f"{h['cpu_p50_ms']:.1f}", f"{h['cpu_p95_ms']:.1f}",
             f"{h['p95_ms']:.1f}", f"{h['mean_bytes']:,}",
             "—" if h["budget_cpu_ms"] is None else f"{h['budget_cpu_ms']:.0f}",
             "info" if h["ok"] is None else verdict(h["ok"]), ",".join(f"{k}×{v}" for k, v in h["statuses"].items())]
            for name, h in res["hsds"].items()
        ]  # fmt: skip
        out.append(
            "\nHSDS API (server CPU per request; the first export per locale builds its lines)"
        )
        out.append(
            table(
                rows,
                ["request", "n", "cpu p50 ms", "cpu p95 ms", "p95 ms", "bytes", "cpu budget", "verdict", "statuses"],
            )
        )  # fmt: skip
    if "engine" not in res:
        return "\n".join(out)
    plan, rules = res["engine"]["plan"], res["engine"]["rules"]
    out.append("\nRule engine")
    out.append(
        table(
            [
                [f"build_plan, {plan['services_in_catalog']} services (p50 / p95 ms)", f"{plan['p50_ms']:.2f} / {plan['p95_ms']:.2f}", "< 20 ms", verdict(plan["ok"])],
                ["  first plan after catalog load (compiles rules), ms", f"{plan['cold_first_plan_ms']:.1f}", "", ""],
                ["  catalog load from the database, ms", f"{plan['catalog_build_ms']:.0f}", "", ""],
                *rule_bench.rows(rules),
            ],
            ["measure", "value", "budget", "verdict"],
        )
    )  # fmt: skip
    out.extend(rule_bench.notes(rules))
    size = res["size"]
    out.append("\nHome page over the wire (gzip -6 of HTML + navigator.css)")
    out.append(
        table(
            [
                [f"/{loc}/", size[loc]["html_bytes"], size[loc]["html_gzip_bytes"], size["css_gzip_bytes"], size[loc]["total_gzip_bytes"], "30,000", verdict(size[loc]["ok"]), size[loc]["script_tags"]]
                for loc in ("en", "ar")
            ],
            ["page", "HTML B", "HTML gz B", "CSS gz B", "total gz B", "budget B", "verdict", "<script>"],
        )
    )  # fmt: skip
    if "load" in res:
        load = res["load"]
        rows = []
        for name in ("app", "hello"):
            for key, stats in load[name].items():
                rows.append(
                    [
                        name,
                        key,
                        stats["requests"],
                        f"{stats['rps']:.1f}",
                        f"{stats['p50_ms']:.0f}",
                        f"{stats['p95_ms']:.0f}",
                        stats["failures"],
                    ]
                )
        s = load["settings"]
        out.append(
            f"\nLoad test: gunicorn -w {s['workers']} --threads {s['threads']}, locust {s['users']} users, {s['seconds']} s, no think time"
        )
        out.append(table(rows, ["server", "requests", "n", "req/s", "p50 ms", "p95 ms", "errors"]))
        ratio = load["ratio_rps_app_over_hello"]
        out.append(f"throughput ratio app / hello-world: {ratio:.3f}" if ratio else "ratio: n/a")
    return "\n".join(out)


def save(res: dict[str, Any], output: str) -> None:
    """Write what has been measured so far (a crash later keeps it)."""
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(res, indent=2, default=str, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", action="store_true", help=f"a fresh schema in {PG_BASE} (dropped at the end)"
    )
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument(
        "--load", action="store_true", help="also run the gunicorn + locust load test"
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="timed requests per page (default 200)"
    )
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first")
    parser.add_argument(
        "--page-cap",
        type=float,
        default=60.0,
        help="stop timing a page after this many seconds (min. 20 requests)",
    )
    parser.add_argument("--plan-iterations", type=int, default=300)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--via-loader", action="store_true", help="load every service with load_pack (slow)"
    )
    parser.add_argument(
        "--reuse-db",
        metavar="FILE|SCHEMA",
        help="build into FILE (SQLite) or SCHEMA (with --postgres) once, reuse it next time",
    )
    parser.add_argument(
        "--only-hsds", action="store_true", help="time only the HSDS API (list page, ndjson)"
    )
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    args = parser.parse_args(argv)
    if args.reuse_db and args.postgres and not args.reuse_db.isidentifier():
        parser.error("--reuse-db with --postgres takes a schema name")
    started = time.perf_counter()
    res: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "arguments": vars(args),
        "environment": {
            "database": "PostgreSQL" if args.postgres else "SQLite",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        },
    }
    with tempfile.TemporaryDirectory(prefix="navigator-bench-") as tmp_name:
        tmp = Path(tmp_name)
        with database(args.postgres, tmp, args.reuse_db) as url:
            reused = bool(args.reuse_db) and city_exists(url)
            log(
                f"building {args.services} services × 12 locales in {res['environment']['database']}"
            )
            t = time.perf_counter()
            info = build_city(url, tmp, args.services, args.via_loader, reused)
            build_s = time.perf_counter() - t
            log(f"built the city in {build_s:.1f} s {info['timings']}")
            res["city"] = {
                "services": args.services,
                "with_rules": info["with_rules"],
                "locales": info["locales"],
                "build_s": build_s,
                "timings": info["timings"],
            }
            # Pages are timed as rendered: the per-worker page cache (on in the load test, as
            # in production) would time repeats of the same URL instead.
            app = create_app(
                {"DATABASE_URL": url, "SECRET_KEY": SECRET, "TESTING": False, "PAGE_CACHE_SIZE": 0}
            )
            tune_collector()  # as wsgi.py does for every server
            urls = page_requests(app, info, args.requests)
            save(res, args.output)
            if not args.only_hsds:
                res["pages"] = measure_pages(app, urls, args.warmup, args.page_cap)
                save(res, args.output)
            res["hsds"] = measure_hsds(app, info, args.requests, args.page_cap, tmp / "hsds")
            save(res, args.output)
            if not args.only_hsds:
                res["engine"] = measure_engine(app, info, args.plan_iterations, args.page_cap)
                save(res, args.output)
                res["size"] = measure_size(app)
                save(res, args.output)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()  # no open connection while gunicorn runs or the schema is dropped
            if args.load:
                res["load"] = run_load(url, urls, tmp, args.load_seconds, args.users)
    res["environment"]["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    res["total_s"] = time.perf_counter() - started
    text = report(res)
    print(text)
    print(
        f"\n(total {res['total_s']:.0f} s; load average at end {res['environment']['loadavg_end']})"
    )
    res["complete"] = True
    save(res, args.output)
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
