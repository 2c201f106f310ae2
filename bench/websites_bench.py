"""Benchmark of the quarterly 政府网站 check (issue 22 §4 figures).

    .venv/bin/python bench/websites_bench.py [--only sqlite|postgresql] [--articles 40]
                                             [--crawl-sites 4] [--pages 20] [--rate 20]

As `run.py`: one child process per database (SQLite in a temporary directory; PostgreSQL at
BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/zw_websites_bench, created before and
dropped after), migrated, the real divisions imported (1,922 jurisdictions) and the org demo
built (the 州's and counties' agencies). Then `websites.opening.open_sites()` opens one site per
jurisdiction and per department, and content is bulk-loaded with realistic volume:

- articles: ARTICLES per township/village/department site, ten times that for the 州 and each
  county, spread over the last two years across the site's list and page columns (one in five
  sites neglected: nothing for 8 months); 3 leaders on every 州, county and township site;
- 12,000 主动公开 documents of the governments and departments (one in six a 规范性文件);
- an open mailbox per government agency, and 20,000 letters (half 咨询) with their answers;
- 3,000 service items (one in ten with its guide half empty).

Then:
1. the database part of the check of every site (`websites.checks.services.run`: every
   indicator, the scoring, storing one result and its findings per site, the audit records),
   timed once, with the SQL statements it ran (target ≤ 60 s);
   Villages' sites are checked here (ZHENGWU_SITE_CHECK_LEVELS) though not by default.
2. the link crawl: CRAWL_SITES county sites through Django's WSGI handler on a loopback
   server (wsgiref, threaded), bounded to PAGES pages per site at RATE requests per second, and
   once more unthrottled (rate 1,000/s): pages per second.
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
import threading
import time
from pathlib import Path

from run import _pg_admin, _setup_django

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/zw_websites_bench")
DAY = dt.date(2026, 11, 16)


def _content(articles_per_site: int) -> dict:
    from zhengwu.core.times import BEIJING
    from zhengwu.disclosure.models import Document
    from zhengwu.interaction.models import Mailbox, Message
    from zhengwu.org.models import Agency
    from zhengwu.services.models import Item, ItemType
    from zhengwu.websites.models import Article, Leader, Site, SiteColumn

    rng = random.Random(2026)
    sites = list(Site.objects.values_list("pk", "level", "scope_path"))
    columns: dict[int, list[tuple[int, str]]] = {}
    for pk, site_id, kind in SiteColumn.objects.values_list("pk", "site_id", "kind"):
        columns.setdefault(site_id, []).append((pk, kind))
    body = "本网讯 " + "为进一步做好政务公开工作，会议要求各单位认真落实各项工作任务。" * 12
    articles, leaders = [], []
    for pk, level, path in sites:
        n = articles_per_site * (10 if level in ("prefecture", "county") else 1)
        neglected = rng.random() < 0.2
        lists = [c for c, kind in columns.get(pk, []) if kind != "leaders"]
        for i in range(n):
            age = rng.randrange(240, 730) if neglected else rng.randrange(0, 730)
            if i < len(lists) and not neglected:
                age = rng.randrange(0, 10)  # each column has something recent
            when = dt.datetime.combine(DAY - dt.timedelta(days=age), dt.time(9), tzinfo=BEIJING)
            articles.append(
                Article(
                    site_id=pk,
                    column_id=lists[i % len(lists)],
                    scope_path=path,
                    title=f"第{i + 1}条工作动态",
                    body=body,
                    status="published",
                    published_at=when,
                )
            )
        if level in ("prefecture", "county", "township"):
            for k in range(3):
                leaders.append(
                    Leader(
                        site_id=pk,
                        scope_path=path,
                        name=f"示例领导{k + 1}",
                        post="副职",
                        cv="示例简历。" * 10,
                        duties="分管工作。",
                        status="published",
                        published_at=dt.datetime(2026, 1, 5, tzinfo=BEIJING),
                    )
                )
    Article.objects.bulk_create(articles, batch_size=5000)
    Leader.objects.bulk_create(leaders, batch_size=5000)

    agencies = list(Agency.objects.values_list("pk", "scope_path", "kind", "jurisdiction_id"))
    docs = [
        Document(
            agency_id=a,
            scope_path=path,
            index_no=f"BENCH-{i:08d}",
            title=f"关于第{i}项工作的通知",
            created_on=DAY - dt.timedelta(days=rng.randrange(0, 900)),
            published_on=DAY - dt.timedelta(days=rng.randrange(0, 900)),
            genre="行政规范性文件" if i % 6 == 0 else "其他文件",
            status="published",
        )
        for i, (a, path, _, _) in enumerate(rng.choice(agencies) for _ in range(12_000))
    ]
    Document.objects.bulk_create(docs, batch_size=5000)

    govs = [(a, path) for a, path, kind, _ in agencies if kind == Agency.GOVERNMENT]
    existing = set(Mailbox.objects.values_list("agency_id", flat=True))
    Mailbox.objects.bulk_create(
        [Mailbox(name=f"信箱{a}", agency_id=a, scope_path=p) for a, p in govs if a not in existing]
    )
    boxes = list(Mailbox.objects.values_list("pk", "agency_id", "scope_path"))
    letters = []
    for i in range(20_000):
        box, agency, path = rng.choice(boxes)
        submitted = DAY - dt.timedelta(days=rng.randrange(1, 400))
        replied = rng.random() < 0.9
        letters.append(
            Message(
                number=f"B{i:09d}",
                query_code_hash="x",
                kind="consult" if i % 2 else "suggest",
                mailbox_id=box,
                agency_id=agency,
                scope_path=path,
                title="咨询",
                body="请问。",
                writer_name="示例",
                state="replied" if replied else "accepted",
                submitted_at=dt.datetime.combine(submitted, dt.time(8), tzinfo=BEIJING),
                accepted_on=submitted,
                replied_on=submitted + dt.timedelta(days=rng.randrange(1, 20)) if replied else None,
            )
        )
    Message.objects.bulk_create(letters, batch_size=5000)

    item_type, _ = ItemType.objects.get_or_create(code="01", defaults={"name": "行政许可"})
    items = []
    for i in range(3000):
        a, path, _, j = rng.choice(agencies)
        empty = i % 10 == 0
        items.append(
            Item(
                name=f"示例事项{i}",
                basic_code=f"B{i:011d}",
                implementation_code=f"BI{i:010d}",
                item_type=item_type,
                agency_id=a,
                jurisdiction_id=j,
                scope_path=path,
                legal_basis="" if empty else "《示例法》",
                conditions="" if empty else "条件",
                procedure="" if empty else "流程",
                location="" if empty else "大厅",
                hours="" if empty else "工作日",
                consult="" if empty else "0743-8000000",
                effective_on=dt.date(2025, 1, 1),
            )
        )
    Item.objects.bulk_create(items, batch_size=5000)
    return {
        "sites": len(sites),
        "articles": len(articles),
        "leaders": len(leaders),
        "documents": len(docs),
        "messages": len(letters),
        "items": len(items),
    }


def _serve():
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server("127.0.0.1", 0, get_wsgi_application(), Threaded, Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def child(database: str, articles: int, crawl_sites: int, pages: int, rate: float) -> dict:
    var = tempfile.mkdtemp(prefix=f"zw-websites-bench-{database}-")
    # every site of the 1,922 jurisdictions, villages included (the figure), and the
    # departments'
    os.environ["ZHENGWU_SITE_CHECK_LEVELS"] = "prefecture,county,township,village,department"
    _setup_django(PG_URL if database == "postgresql" else None, var)
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhengwu.org import demo
    from zhengwu.websites.checks import services
    from zhengwu.websites.checks.context import load_sites
    from zhengwu.websites.checks.crawl import Crawler
    from zhengwu.websites.checks.models import Finding, SiteCheck
    from zhengwu.websites.opening import open_sites

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("import_divisions", stdout=io.StringIO())
    demo.build()
    open_sites(on=dt.date(2024, 1, 1))
    t = time.perf_counter()
    loaded = _content(articles)
    load_seconds = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    with CaptureQueriesContext(connection) as queries:
        t = time.perf_counter()
        checks = services.run(day=DAY)
        check_seconds = time.perf_counter() - t
    t = time.perf_counter()
    services.run(day=DAY)  # the re-run replaces the quarter
    rerun_seconds = time.perf_counter() - t

    server, base = _serve()
    county_sites = [s for s in load_sites() if s.level == "county"][:crawl_sites]
    crawl = {}
    for label, r in (("bounded", rate), ("unthrottled", 1000.0)):
        crawler = Crawler(base, max_pages=pages, rate=r, timeout=10)
        t = time.perf_counter()
        n = sum(crawler.crawl(s).pages for s in county_sites)
        seconds = time.perf_counter() - t
        crawl[label] = {
            "rate": r,
            "pages": n,
            "requests": crawler.requests,
            "seconds": seconds,
            "pages_per_s": n / seconds,
        }
    server.shutdown()
    return {
        "database": database,
        "loaded": loaded,
        "load_seconds": load_seconds,
        "checked": len(checks),
        "failed": SiteCheck.objects.filter(result=SiteCheck.FAIL).count(),
        "findings": Finding.objects.count(),
        "check_seconds": check_seconds,
        "rerun_seconds": rerun_seconds,
        "queries": len(queries.captured_queries),
        "reads": sum(
            1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
        ),
        "crawl_sites": len(county_sites),
        "pages_bound": pages,
        "crawl": crawl,
    }


def run_child(database: str, args) -> dict:
    if database == "postgresql":
        problem = _pg_admin("DROP DATABASE IF EXISTS {name}", PG_URL) or _pg_admin(
            "CREATE DATABASE {name}", PG_URL
        )
        if problem:
            return {"database": database, "error": f"PostgreSQL unavailable: {problem}"}
    try:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                database,
                "--articles",
                str(args.articles),
                "--crawl-sites",
                str(args.crawl_sites),
                "--pages",
                str(args.pages),
                "--rate",
                str(args.rate),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    finally:
        if database == "postgresql":
            _pg_admin("DROP DATABASE IF EXISTS {name}", PG_URL)
    if out.returncode != 0:
        return {"database": database, "error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    lines = [
        "| database | sites | DB check s | re-run s | SQL statements (reads) | findings | crawl bounded pages/s | crawl unthrottled pages/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['database']} | {r['error']} |")
            continue
        c = r["crawl"]
        lines.append(
            f"| {r['database']} | {r['checked']:,} | {r['check_seconds']:.1f} | "
            f"{r['rerun_seconds']:.1f} | {r['queries']} ({r['reads']}) | {r['findings']:,} | "
            f"{c['bounded']['pages_per_s']:.1f} (≤ {c['bounded']['rate']:.0f}/s) | "
            f"{c['unthrottled']['pages_per_s']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--crawl-sites", type=int, default=4)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        out = child(args.child, args.articles, args.crawl_sites, args.pages, args.rate)
        print(json.dumps(out, ensure_ascii=False))
        return
    results = [
        run_child(db, args) for db in ([args.only] if args.only else ["sqlite", "postgresql"])
    ]
    print(table(results))
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
