"""Benchmark of 公共资源交易 (issue 24 figures).

    .venv/bin/python bench/trading_bench.py [--projects 5000] [--checks 5000] [--only sqlite|postgresql]

As `run.py`: one child process per database (SQLite in a temporary directory; PostgreSQL at
BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/zw_trading_bench, created before and
dropped after), migrated, divisions imported and the org demo built. Then:

1. schedule checks per second: `rules.check` on CHECKS date sets of every kind and method (the
   service function, rule rows read as each call does), and `POST /api/v1/trading/schedule-check`
   through Django's test client (JSON in and out, middleware, the rule rows) on CHECKS / 5;
2. a year of the prefecture's projects (PROJECTS, spread over the 州 and the 8 counties, every
   kind, each run to a stage between its first notice and its contract) written with the spec's
   field names into an XLSX (`sheets` headers, date cells), then imported by
   `manage.py import_trading` as a superuser: seconds, rows/s (project rows and step rows), and
   the rows of each sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import _pg_admin, _setup_django

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zw_trading_bench")


def _check_inputs(n: int, rng: random.Random) -> list[tuple[str, str, dict]]:
    kinds = [
        ("engineering", "open_tender", ["documents_issued", "bid_deadline", "report_received",
                                        "candidates_published", "publicity_ends", "award_notice",
                                        "contract_signed"]),
        ("procurement", "open_tender", ["intent_published", "documents_issued", "bid_deadline",
                                        "result_confirmed", "result_published", "contract_signed",
                                        "contract_published"]),
        ("procurement", "inquiry", ["documents_issued", "bid_deadline", "result_confirmed"]),
        ("land", "listing", ["announced", "listing_starts", "listing_ends"]),
        ("property", "transfer", ["disclosure_starts", "disclosure_ends"]),
    ]  # fmt: skip
    out = []
    for _ in range(n):
        kind, method, names = rng.choice(kinds)
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
        dates = {}
        for name in names:
            day += dt.timedelta(days=rng.randint(0, 25))
            dates[name] = day.isoformat()
        out.append((kind, method, dates))
    return out


def checks(n: int) -> dict:
    from django.test import Client

    from zhengwu.trading import rules

    inputs = _check_inputs(n, random.Random(24))
    rules.check(*inputs[0][:2], rules.parse_dates(inputs[0][0], inputs[0][2]))  # warm
    t = time.perf_counter()
    refused = 0
    for kind, method, raw in inputs:
        found = rules.check(kind, method, rules.parse_dates(kind, raw))
        refused += bool(rules.refusing(found))
    service = n / (time.perf_counter() - t)
    client = Client()
    api_n = max(1, n // 5)
    body = [json.dumps({"kind": k, "method": m, "dates": d}) for k, m, d in inputs[:api_n]]
    client.post("/api/v1/trading/schedule-check", body[0], content_type="application/json")
    t = time.perf_counter()
    for b in body:
        r = client.post("/api/v1/trading/schedule-check", b, content_type="application/json")
        assert r.status_code == 200, r.content[:300]
    api = api_n / (time.perf_counter() - t)
    return {"service": service, "api": api, "checks": n, "api_checks": api_n, "refused": refused}


def workbook(projects: int, today: dt.date) -> tuple[bytes, int, int]:
    """PROJECTS projects with their steps, under the spec's field names (as `export_trading`
    writes them), dates as date cells."""
    from openpyxl import Workbook

    from zhengwu.org.models import Agency, ServiceCentre
    from zhengwu.trading import demo, sheet_export, sheets
    from zhengwu.trading.steps import BY_ACTION

    rng = random.Random(2026)
    runner = demo.Runner(None, today, rng)
    owners = {
        (a.jurisdiction.code, a.short_name): a
        for a in Agency.objects.filter(jurisdiction__code__in=demo.COUNTIES).select_related(
            "jurisdiction"
        )
    }
    centres = {
        c.jurisdiction.code: c.name
        for c in ServiceCentre.objects.filter(kind=ServiceCentre.CENTRE).select_related(
            "jurisdiction"
        )
    }
    wb = Workbook(write_only=True)
    ws_p, ws_n = wb.create_sheet(sheets.PROJECTS), wb.create_sheet(sheets.NOTICES)
    p_fields, n_fields = list(sheets.PROJECT_HEADERS), list(sheets.NOTICE_HEADERS)
    ws_p.append([sheets.PROJECT_HEADERS[f][0] for f in p_fields])
    ws_n.append([sheets.NOTICE_HEADERS[f][0] for f in n_fields])
    base = demo.plans(today, random.Random(1))
    steps_written = 0
    for i in range(projects):
        template = base[i % len(base)]
        code = demo.COUNTIES[i % len(demo.COUNTIES)]
        if (code, template.owner) not in owners:
            code = template.code
        plan = demo.Plan(
            template.kind, template.method, f"{template.name}（第{i + 1}批）", code,
            template.owner, template.budget, today - dt.timedelta(days=rng.randint(25, 365)),
        )  # fmt: skip
        owner = owners[(plan.code, plan.owner)]
        pcode = f"{plan.code}-{today.year}-B{i + 1:05d}"
        row = {
            "kind": dict(sheets.KINDS)[plan.kind],
            "method": dict(sheets.METHODS[plan.kind])[plan.method],
            "code": pcode,
            "name": plan.name,
            "owner_name": owner.name,
            "owner": owner.usci,
            "centre": centres.get(plan.code, ""),
            "region": plan.code,
            "budget": plan.budget,
            "statutory": "是",
        }
        ws_p.append([row.get(f, "") for f in p_fields])
        for action, on, extra in getattr(runner, plan.kind)(None, plan):
            if on > today:
                break
            facts = extra.get("facts", {})
            winner = facts.get("winner") or {}
            cells = {
                "project": pcode,
                "step": BY_ACTION[f"trading.{action}"].label,
                "on": on,
                **{k: v for k, v in extra.items() if k in sheets.NOTICE_HEADERS},
                "winner": winner.get("name", ""),
                "amount": winner.get("amount", ""),
                "bidders": sheet_export.priced_text(facts.get("bidders")),
                "candidates": sheet_export.priced_text(facts.get("candidates")),
            }
            cells.pop("facts", None)
            ws_n.append([cells.get(f, "") for f in n_fields])
            steps_written += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), projects, steps_written


def child(database: str, projects: int, n_checks: int) -> dict:
    var = tempfile.mkdtemp(prefix=f"zw-trading-bench-{database}-")
    _setup_django(PG_URL if database == "postgresql" else None, var)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from zhengwu.org import demo as org_demo
    from zhengwu.trading.models import Notice, Project

    call_command("migrate", verbosity=0)
    call_command("import_divisions", stdout=io.StringIO())
    org_demo.build()
    result: dict = {"database": database}
    result["checks"] = checks(n_checks)
    t = time.perf_counter()
    data, n_projects, n_steps = workbook(projects, timezone.localdate())
    result["write_seconds"] = time.perf_counter() - t
    path = Path(var) / "trading.xlsx"
    path.write_bytes(data)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    t = time.perf_counter()
    call_command("import_trading", str(path), by="root", stdout=io.StringIO())
    seconds = time.perf_counter() - t
    result["import"] = {
        "projects": n_projects,
        "steps": n_steps,
        "bytes": len(data),
        "seconds": seconds,
        "rows_per_second": (n_projects + n_steps) / seconds,
        "loaded_projects": Project.objects.count(),
        "loaded_notices": Notice.objects.count(),
    }
    return result


def run_child(database: str, projects: int, n_checks: int) -> dict:
    if database == "postgresql":
        problem = _pg_admin("DROP DATABASE IF EXISTS {name}", PG_URL) or _pg_admin(
            "CREATE DATABASE {name}", PG_URL
        )
        if problem:
            return {"database": database, "error": f"PostgreSQL unavailable: {problem}"}
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", database, "--projects", str(projects),
             "--checks", str(n_checks)],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
    finally:
        if database == "postgresql":
            _pg_admin("DROP DATABASE IF EXISTS {name}", PG_URL)
    if out.returncode != 0:
        return {"database": database, "error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    lines = [
        "| database | checks/s (service) | checks/s (API) | projects | step rows | import s "
        "| rows/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['database']} | {r['error']} |")
            continue
        c, i = r["checks"], r["import"]
        lines.append(
            f"| {r['database']} | {c['service']:,.0f} | {c['api']:,.0f} | {i['projects']:,} | "
            f"{i['steps']:,} | {i['seconds']:.1f} | {i['rows_per_second']:,.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--checks", type=int, default=5000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        found = child(args.child, args.projects, args.checks)
        print(json.dumps(found))
        return found
    databases = [args.only] if args.only else ["sqlite", "postgresql"]
    results = []
    for database in databases:
        print(f"… {database}", file=sys.stderr, flush=True)
        results.append(run_child(database, args.projects, args.checks))
    print(table(results))
    if any("error" in r for r in results):
        sys.exit(1)
    return {"results": results}


if __name__ == "__main__":
    main()
