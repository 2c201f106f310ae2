"""Benchmark of the §18 review's list for the largest body (issue 21 figure).

    .venv/bin/python bench/archive_review_bench.py [--records 20000] [--only sqlite|postgresql]

As `run.py`: one child process per database (SQLite in a temporary directory; PostgreSQL at
BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/zw_archive_review_bench, created before
and dropped after), migrated, divisions imported and the org demo built. RECORDS 公文 of the 州
government (bulk_create: 60 % 不予公开, 40 % 依申请公开, one in twenty a secret of one of the
three levels, 成文日期 spread over 2006–2024) are put in one round (`review.open_rounds`, timed
once), then:

1. the list function: what the page reads for one page of 50 — `review.rows(...)[:50]`, each
   row's flags (`review.flags`) and the round's `review.progress` — first page, the 保密期限已满
   filter, and a deep page (offset 10,000): p50/p99 ms over REPEATS;
2. the page itself, `/workbench/archive/review/<id>/` rendered through Django's test client as
   the body's 信息公开工作人员 (session, middleware, template): first page and a deep page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # the same Django setup, timing and database admin as `make bench`)
from run import _percentiles, _pg_admin, _setup_django

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zw_archive_review_bench"
)
REPEATS = 100
PAGE_REPEATS = 50


def _time(fn, repeats: int) -> list[float]:
    fn()  # warm: the first call builds the calendar and compiles the templates
    return run._time(fn, repeats)


def _records(agency, n: int) -> list:
    from zhengwu.disclosure.archive.models import DOC_TYPES, OfficialDocument

    rng = random.Random(2026)
    levels = [OfficialDocument.SECRET, OfficialDocument.CONFIDENTIAL, OfficialDocument.TOP_SECRET]
    grounds = ["s16_process", "s16_internal", "s15_third_party", "s14_law"]
    start = dt.date(2006, 1, 1)
    out = []
    for i in range(n):
        written = start + dt.timedelta(days=rng.randrange(19 * 365))
        secret = i % 20 == 0
        withheld = secret or rng.random() < 0.6
        out.append(
            OfficialDocument(
                agency=agency,
                scope_path=agency.scope_path,
                issuing_body=agency.name,
                doc_number=f"州政发〔{written.year}〕{i + 1}号",
                title=f"关于第{i + 1}项工作的{rng.choice(DOC_TYPES)}",
                doc_type=rng.choice(DOC_TYPES),
                written_on=written,
                secrecy=rng.choice(levels) if secret else "",
                attribute=OfficialDocument.WITHHELD if withheld else OfficialDocument.ON_REQUEST,
                withheld_ground=("s14_secret" if secret else rng.choice(grounds))
                if withheld
                else "",
            )
        )
    return out


def child(database: str, records: int) -> dict:
    var = tempfile.mkdtemp(prefix=f"zw-review-bench-{database}-")
    _setup_django(PG_URL if database == "postgresql" else None, var)
    import io

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from zhengwu.disclosure.archive.models import OfficialDocument
    from zhengwu.disclosure.archive.services import review
    from zhengwu.org import demo
    from zhengwu.org.models import Agency, Role, RoleAssignment, User

    setup_test_environment()  # the test client's host
    call_command("migrate", verbosity=0)
    call_command("import_divisions", stdout=io.StringIO())
    demo.build()
    body = Agency.objects.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)
    officer = User.objects.create(
        username="bench-xxgk",
        kind=User.STAFF,
        real_name="公开专员",
        password_changed_at=timezone.now(),
    )
    RoleAssignment.objects.create(user=officer, role=Role.DISCLOSURE_OFFICER, agency=body)

    t = time.perf_counter()
    OfficialDocument.objects.bulk_create(_records(body, records), batch_size=2000)
    load_seconds = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    today = dt.date(2026, 2, 2)
    t = time.perf_counter()
    ((round_, listed),) = review.open_rounds(on=today, agencies=[body])
    open_seconds = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def page_of(state="", offset=0):
        rows = list(review.rows(round_, on=today, state=state)[offset : offset + 50])
        flags = [review.flags(d, today) for d in rows]
        review.progress(round_, on=today)
        return flags

    figures = {
        "list, first page": _percentiles(_time(page_of, REPEATS)),
        "list, 保密期限已满": _percentiles(_time(lambda: page_of("released"), REPEATS)),
        "list, offset 10,000": _percentiles(_time(lambda: page_of(offset=10_000), REPEATS)),
    }
    client = Client()
    client.force_login(officer)
    url = f"/workbench/archive/review/{round_.pk}/"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    figures["page, first"] = _percentiles(_time(lambda: client.get(url), PAGE_REPEATS))
    figures["page, 201st"] = _percentiles(
        _time(lambda: client.get(url, {"page": 201}), PAGE_REPEATS)
    )
    return {
        "database": database,
        "records": records,
        "listed": listed,
        "released": review.progress(round_, on=today)["released"],
        "load_seconds": load_seconds,
        "open_seconds": open_seconds,
        "page_bytes": len(first.content),
        "figures": figures,
    }


def run_child(database: str, records: int) -> dict:
    if database == "postgresql":
        problem = _pg_admin("DROP DATABASE IF EXISTS {name}", PG_URL) or _pg_admin(
            "CREATE DATABASE {name}", PG_URL
        )
        if problem:
            return {"database": database, "error": f"PostgreSQL unavailable: {problem}"}
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", database, "--records", str(records)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    finally:
        if database == "postgresql":
            _pg_admin("DROP DATABASE IF EXISTS {name}", PG_URL)
    if out.returncode != 0:
        return {"database": database, "error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    lines = [
        "§18 review list of the largest body (州 government), one round",
        f"| {'database':<10} | {'what':<22} | {'p50 ms':>8} | {'p99 ms':>8} |",
        f"| {'-' * 10} | {'-' * 22} | {'-' * 7}: | {'-' * 7}: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['database']:<10} | {r['error']} |")
            continue
        for what, (p50, p99) in r["figures"].items():
            lines.append(f"| {r['database']:<10} | {what:<22} | {p50:>8.2f} | {p99:>8.2f} |")
    for r in results:
        if "error" not in r:
            lines.append(
                f"{r['database']}: {r['records']:,} records loaded in {r['load_seconds']:.1f} s; "
                f"round opened with {r['listed']:,} in {r['open_seconds']:.1f} s "
                f"({r['released']:,} released by law); page {r['page_bytes'] / 1024:.0f} KB"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.records)))
        return
    databases = [args.only] if args.only else ["sqlite", "postgresql"]
    results = []
    for database in databases:
        print(f"… {database}", file=sys.stderr, flush=True)
        results.append(run_child(database, args.records))
    print(table(results))
    if any("error" in r for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
