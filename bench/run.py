"""`make bench`: the foundation's first benchmark, printed as a table (see bench/README.md).

1. add_workdays: calls per second, ours next to chinesecalendar's find_workday on the same
   inputs (and a check that both give the same dates).
2. The subtree query — every agency under a county, and under the 州 — over the 1,922 real
   jurisdictions plus 10,000 generated agencies: p50/p99 in ms, on SQLite and PostgreSQL.

Each database runs in a child process of its own (Django settings are per process):
    python bench/run.py                    # both databases, then the table
    python bench/run.py --only sqlite      # one of them
PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/zw_bench); the database is
created before and dropped after. If no server answers, its rows say so.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zw_bench")
AGENCIES = 10_000
WORKDAY_CALLS = 5_000
COUNTY_REPEATS = 200
PREFECTURE_REPEATS = 30


# --- the child: one database ------------------------------------------------------------------


def _setup_django(database_url: str | None, var: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhengwu.settings"
    os.environ["ZHENGWU_VAR"] = var
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _time(fn, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return samples


def child(database: str) -> dict:
    var = tempfile.mkdtemp(prefix=f"zw-bench-{database}-")
    _setup_django(PG_URL if database == "postgresql" else None, var)
    import io

    from django.core.management import call_command
    from django.db import connection

    import generate
    from zhengwu.org import queries
    from zhengwu.org.models import Agency, Jurisdiction

    call_command("migrate", verbosity=0)
    call_command("import_divisions", stdout=io.StringIO())
    started = time.perf_counter()
    created = generate.agencies(AGENCIES)
    load_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counties = list(Jurisdiction.objects.filter(level=Jurisdiction.COUNTY))
    root = Jurisdiction.objects.get(parent__isnull=True)
    rows = {}
    i = 0

    def county_subtree():
        nonlocal i
        i += 1
        return list(queries.agencies(counties[i % len(counties)], subtree=True))

    def county_ids():
        nonlocal i
        i += 1
        return list(
            queries.agencies(counties[i % len(counties)], subtree=True).values_list("id", flat=True)
        )

    # "ids": the query alone (index range scan, ids back); "rows": full Agency objects with
    # their jurisdiction and parent, as the API list builds them.
    rows["county ids"] = _percentiles(_time(county_ids, COUNTY_REPEATS))
    rows["county"] = _percentiles(_time(county_subtree, COUNTY_REPEATS))
    rows["prefecture ids"] = _percentiles(
        _time(
            lambda: list(queries.agencies(root, subtree=True).values_list("id", flat=True)),
            PREFECTURE_REPEATS,
        )
    )
    rows["prefecture"] = _percentiles(
        _time(lambda: list(queries.agencies(root, subtree=True)), PREFECTURE_REPEATS)
    )
    sizes = {
        "county": round(
            statistics.mean(queries.agencies(c, subtree=True).count() for c in counties)
        ),
        "prefecture": queries.agencies(root, subtree=True).count(),
    }
    result = {
        "database": database,
        "jurisdictions": Jurisdiction.objects.count(),
        "agencies": Agency.objects.count(),
        "generated": created,
        "load_seconds": load_seconds,
        "subtree": rows,
        "rows": sizes,
    }
    if database == "sqlite":
        result["workdays"] = workday_benchmark()
    return result


def workday_benchmark() -> dict:
    import datetime as dt

    from chinese_calendar import find_workday

    import generate
    from zhengwu.core import calendar

    inputs = generate.workday_inputs(WORKDAY_CALLS)
    calendar.add_workdays(*inputs[0])  # build the in-memory calendar once, as a worker does
    t = time.perf_counter()
    ours = [calendar.add_workdays(start, n) for start, n in inputs]
    ours_rate = len(inputs) / (time.perf_counter() - t)
    # find_workday(k, d) is the k-th working day after the first working day on or after d;
    # our convention (the start day not counted, the N-th working day after it) is therefore
    # find_workday(N - 1, start + 1 day).
    t = time.perf_counter()
    theirs = [find_workday(n - 1, start + dt.timedelta(days=1)) for start, n in inputs]
    theirs_rate = len(inputs) / (time.perf_counter() - t)
    return {
        "calls": len(inputs),
        "ours": ours_rate,
        "chinesecalendar": theirs_rate,
        "agree": sum(a == b for a, b in zip(ours, theirs, strict=True)),
    }


# --- the parent: databases and the table ------------------------------------------------------


def _pg_admin(sql: str, url: str = PG_URL) -> str | None:
    """Run `sql` ({name}: the database of `url`) on the server's postgres database; the error's
    first line if the server refused or did not answer."""
    import psycopg

    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.format(name=name))
    except psycopg.Error as e:
        return str(e).strip().splitlines()[0]
    return None


def run_child(database: str) -> dict:
    if database == "postgresql":
        problem = _pg_admin("DROP DATABASE IF EXISTS {name}") or _pg_admin("CREATE DATABASE {name}")
        if problem:
            return {"database": database, "error": f"PostgreSQL unavailable: {problem}"}
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", database],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    finally:
        if database == "postgresql":
            _pg_admin("DROP DATABASE IF EXISTS {name}")
    if out.returncode != 0:
        return {"database": database, "error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    lines = []
    w = next((r["workdays"] for r in results if "workdays" in r), None)
    if w:
        lines += [
            "add_workdays (start day not counted, N = 1–60, starts 2024–2026)",
            f"| {'implementation':<34} | {'calls/s':>12} |",
            f"| {'-' * 34} | {'-' * 12}:|",
            f"| {'zhengwu core.calendar.add_workdays':<34} | {w['ours']:>12,.0f} |",
            f"| {'chinesecalendar find_workday':<34} | {w['chinesecalendar']:>12,.0f} |",
            f"| {'ratio (ours / chinesecalendar)':<34} | {w['ours'] / w['chinesecalendar']:>11,.1f}× |",
            f"same due date on {w['agree']:,} of {w['calls']:,} inputs",
            "",
        ]
    lines += [
        "Subtree query: every agency under a jurisdiction (scope_path prefix, one query)",
        f"| {'database':<10} | {'subtree':<14} | {'agencies':>8} | {'p50 ms':>8} | {'p99 ms':>8} |",
        f"| {'-' * 10} | {'-' * 14} | {'-' * 7}: | {'-' * 7}: | {'-' * 7}: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['database']:<10} | {r['error']} |")
            continue
        for key, label in (
            ("county ids", "county, ids"),
            ("county", "county, rows"),
            ("prefecture ids", "州, ids"),
            ("prefecture", "州, rows"),
        ):
            p50, p99 = r["subtree"][key]
            size = r["rows"][key.split()[0]]
            lines.append(
                f"| {r['database']:<10} | {label:<14} | {size:>8,} | {p50:>8.2f} | {p99:>8.2f} |"
            )
    sample = next((r for r in results if "error" not in r), None)
    if sample:
        lines.append(
            f"over {sample['jurisdictions']:,} jurisdictions and {sample['agencies']:,} agencies "
            f"({sample['generated']:,} generated); 'county' rotates over the 8 counties (mean size shown)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    databases = [args.only] if args.only else ["sqlite", "postgresql"]
    results = []
    for database in databases:
        print(f"… {database}", file=sys.stderr, flush=True)
        results.append(run_child(database))
    print(table(results))
    if any("error" in r for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
