"""Benchmark of 政府信息公开 on PostgreSQL (issue 3's figures other than search).

    .venv/bin/python bench/disclosure_bench.py [--docs 1000000] [--requests 50000]
        [--import-rows 100000] [--seconds 10] [--port 8161] [--keep]

Its own database (`zw_disclosure_bench`, created and dropped), Django set up in this process
(DATABASE_URL, ZHENGWU_VAR in a temporary directory), migrated, divisions imported and the org
demo built (`zhengwu.org.demo.build()` only).

1. The catalogue list page. DOCS published documents (a prefecture's decade, 2016–2026) are
   loaded with COPY over the 州 and county agencies of the org demo, into each agency's standard
   catalogue columns. The 州 government's `/xxgk/<usci>/catalogue/` (its own documents and its
   departments') and a busy department's are then requested through gunicorn (2 sync workers,
   DEBUG off) with `wrk` (2 connections, after a 2 s warm-up), first page and a page filtered by year and column; next to them a bare
   Django view in the same gunicorn settings returning the bytes of the real page.
   Goal: p99 < 100 ms and within 3x of bare.
2. The annual report of the 州 government for 2025 with REQUESTS requests (COPY) over its
   departments (outcomes on every row of table 三, some carried over, some still open), timed as
   `annual.build(agency, 2025)` (what `manage.py annual_report` runs). Goal: < 2 s.
3. `import_documents` of an IMPORT_ROWS-row CSV (the columns of docs/data-import.md) into one
   agency: total seconds and rows/s. Goal: 100,000 rows in < 5 minutes, with progress shown.
4. `import_requests` of an IMPORT_ROWS-row XLSX register as offices keep it (Excel date cells,
   short and numbered outcome forms): rows/s.

`main()` returns the figures as a dict and prints a table.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import serving

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "zw_disclosure_bench"
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
YEARS = range(2016, 2027)

# ---------------------------------------------------------------- the bare view (gunicorn app)
# gunicorn imports this module as `disclosure_bench:bare_application` with BENCH_BARE_BYTES set:
# a minimal Django project whose one view returns the captured bytes of the real page.
_bare_handler = None


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse(_BARE_BODY, content_type="text/html; charset=utf-8")


_BARE_BODY = b""
urlpatterns: list = []


def bare_application(environ, start_response):
    global _bare_handler, _BARE_BODY, urlpatterns
    if _bare_handler is None:
        from django.conf import settings
        from django.urls import re_path

        _BARE_BODY = Path(os.environ["BENCH_BARE_BYTES"]).read_bytes()
        urlpatterns = [re_path(r"^.*$", bare_view)]
        settings.configure(
            DEBUG=False,
            ALLOWED_HOSTS=["*"],
            ROOT_URLCONF=__name__,
            SECRET_KEY="bare",
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
        )
        import django
        from django.core.wsgi import get_wsgi_application

        django.setup()
        _bare_handler = get_wsgi_application()
    return _bare_handler(environ, start_response)


# ---------------------------------------------------------------- setup


def _setup(url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["ZHENGWU_VAR"] = var_dir
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()


def _drop(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare() -> None:
    from django.core.management import call_command

    from zhengwu.org import demo

    call_command("migrate", verbosity=0)
    call_command("import_divisions", stdout=io.StringIO())
    demo.build()


def _copy(model, rows) -> int:
    """COPY `rows` (dicts of attname → value) into `model`'s table; fields not given take their
    model default (auto_now fields: now)."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    n = 0
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[k] if k in row else defaults[k] for k in names])
            n += 1
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load (statistics, visibility map).
        cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return n


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# ---------------------------------------------------------------- 1. the catalogue page

WORDS = [
    "关于",
    "印发",
    "实施方案",
    "通知",
    "乡村振兴",
    "财政预算",
    "政府采购",
    "安全生产",
    "公共资源",
    "招投标",
    "义务教育",
    "医疗保障",
    "住房公积金",
    "社会救助",
    "湘西州",
    "工作要点",
    "整治",
    "规划",
]


def generate_documents(n: int, seed: int = 433100) -> dict:
    """N published documents over the 州 and county agencies, 2016–2026, in their columns.
    A third go to the 州 government and its departments (the busiest catalogue)."""
    from zhengwu.disclosure.models import TOPICS, Column, Document
    from zhengwu.org.models import Agency

    rng = random.Random(seed)
    agencies = list(
        Agency.objects.filter(jurisdiction__level__in=["prefecture", "county"], is_active=True)
        .select_related("jurisdiction")
        .order_by("id")
    )
    leaves: dict[int, list[int]] = {}
    for agency_id, column_id in Column.objects.filter(
        agency__in=agencies, parent__isnull=False
    ).values_list("agency_id", "id"):
        leaves.setdefault(agency_id, []).append(column_id)
    zhou = [a for a in agencies if a.jurisdiction.level == "prefecture"]
    weights = [3.0 * len(agencies) / len(zhou) if a in zhou else 1.0 for a in agencies]
    genres = [g for g, _ in Document.GENRES]
    today = dt.date(2026, 11, 20)
    serial: dict[tuple[int, int], int] = {}

    def rows():
        for k in range(n):
            a = rng.choices(agencies, weights)[0]
            year = rng.choice(YEARS)
            created = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            created = min(created, today - dt.timedelta(days=30))
            published = created + dt.timedelta(days=rng.randint(0, 25))
            key = (a.pk, created.year)
            serial[key] = serial.get(key, 0) + 1
            validity = rng.choices(["valid", "amended", "repealed", "expired"], [85, 5, 6, 4])[0]
            yield {
                "agency_id": a.pk,
                "scope_path": a.scope_path,
                "column_id": rng.choice(leaves[a.pk]),
                "index_no": f"{a.usci}/{created.year}-{serial[key]:06d}",
                "title": f"{a.name}{''.join(rng.sample(WORDS, 4))}（{k}）",
                "summary": "".join(rng.sample(WORDS, 6)),
                "created_on": created,
                "doc_number": f"{a.jurisdiction.name[:2]}发〔{created.year}〕{serial[key]}号",
                "published_on": published,
                "topic": rng.choice(TOPICS),
                "genre": rng.choice(genres),
                "validity": validity,
                "validity_changed_on": None if validity == "valid" else published,
                "keywords": " ".join(rng.sample(WORDS, 3)),
                "status": "published",
            }

    t0 = time.perf_counter()
    count = _copy(Document, rows())
    return {"docs": count, "copy_s": round(time.perf_counter() - t0, 1)}


def _catalogue_urls() -> dict[str, str]:
    from django.db.models import Count

    from zhengwu.disclosure.models import Document
    from zhengwu.org.models import Agency

    gov = Agency.objects.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)
    busy = (
        Document.objects.exclude(agency=gov)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    dept = Agency.objects.get(pk=busy["agency_id"])
    filtered = "?year=2024&column=g20-01"
    return {
        "州政府 第1页": f"/xxgk/{gov.usci}/catalogue/",
        "州政府 2024年+栏目": f"/xxgk/{gov.usci}/catalogue/{filtered}",
        "州政府 第200页": f"/xxgk/{gov.usci}/catalogue/?page=200",
        f"{dept.name} 第1页": f"/xxgk/{dept.usci}/catalogue/",
        f"{dept.name} 2024年+栏目": f"/xxgk/{dept.usci}/catalogue/{filtered}",
    }


def explain_catalogue(url: str) -> list[str]:
    """EXPLAIN ANALYZE of every query the page runs (in process, test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        Client().get(url)
    lines = []
    with connection.cursor() as cursor:
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN ANALYZE " + sql)
            plan = [r[0] for r in cursor.fetchall()]
            total = plan[-1]
            lines.append(f"{q['time']}s  {sql[:160]}\n    {plan[0]}\n    {total}")
    return lines


def _wrk(port: int, path: str, seconds: float, connections: int) -> dict:
    return serving.wrk(f"http://127.0.0.1:{port}{path}", connections=connections, seconds=seconds)


def bench_catalogue(
    url: str, var_dir: str, port: int, seconds: float, conns: int, cache: str = "file"
) -> dict:
    """The catalogue pages through gunicorn, served from the page cache (the first request of
    each renders it: `cold_ms`), against the bare view. `cache`: "file" (FileBasedCache under
    ZHENGWU_VAR, what settings give without REDIS_URL) or "redis" (production)."""
    import http.client

    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "ZHENGWU_VAR": var_dir,
            "DEBUG": "false",
            "CONN_MAX_AGE": "600",
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
        }
    )
    env.pop("REDIS_URL", None)
    redis = None
    if cache == "redis":
        redis, env["REDIS_URL"] = serving.redis_server(var_dir)
    pages = _catalogue_urls()
    results: dict[str, dict] = {}
    bodies: dict[str, bytes] = {}
    real = serving.gunicorn("zhengwu.wsgi", port, env, cwd=ROOT)
    try:
        for label, path in pages.items():
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t0 = time.perf_counter()
            c.request("GET", path)
            r = c.getresponse()
            bodies[label] = r.read()
            cold = (time.perf_counter() - t0) * 1000
            if r.status != 200:
                raise RuntimeError(f"{path}: HTTP {r.status}")
            results[label] = {"path": path, "bytes": len(bodies[label]), "cold_ms": round(cold, 1)}
            _wrk(port, path, 2, conns)  # warm-up: both workers, their connections and templates
            results[label]["real"] = _wrk(port, path, seconds, conns)
    finally:
        real.terminate()
        real.wait(10)
        if redis is not None:
            redis.terminate()
            redis.wait(10)
    for label in pages:
        body_file = Path(var_dir) / "bare.html"
        body_file.write_bytes(bodies[label])
        bare_env = dict(env, BENCH_BARE_BYTES=str(body_file), PYTHONPATH=str(ROOT / "bench"))
        bare_env.pop("DJANGO_SETTINGS_MODULE")
        bare = serving.gunicorn(
            "disclosure_bench:bare_application", port, bare_env, cwd=ROOT, ready_path="/"
        )
        try:
            _wrk(port, results[label]["path"], 2, conns)
            results[label]["bare"] = _wrk(port, results[label]["path"], seconds, conns)
        finally:
            bare.terminate()
            bare.wait(10)
        r, b = results[label]["real"], results[label]["bare"]
        results[label]["ratio_p99"] = round(r["p99_ms"] / b["p99_ms"], 2)
        results[label]["ratio_p50"] = round(r["p50_ms"] / b["p50_ms"], 2)
    return results


# ---------------------------------------------------------------- 2. the annual report


def generate_requests(n: int, seed: int = 2025) -> dict:
    """N requests received in 2025 by the 州 government and its departments, plus 5% carried
    over from 2024; 4% still open at the year's end; outcomes over every row of table 三."""
    from zhengwu.disclosure.requests import rules
    from zhengwu.disclosure.requests.models import Remedy, Request
    from zhengwu.org.models import Agency

    rng = random.Random(seed)
    gov = Agency.objects.get(jurisdiction__code="433100", kind=Agency.GOVERNMENT)
    agencies = list(Agency.objects.filter(jurisdiction_id=gov.jurisdiction_id).order_by("id"))
    by_row = {}
    for o in rules.OUTCOMES:
        by_row.setdefault(o.row, o.code)
    rows = list(by_row.items())
    row_weights = [40 if r == "（一）予以公开" else 10 if "部分" in r else 2 for r, _ in rows]
    types = [code for code, _ in rules.APPLICANT_KINDS]
    channels = [code for code, _ in rules.REGISTERED_CHANNELS]
    carried = n // 20

    def one(k: int, year: int):
        a = agencies[0] if rng.random() < 0.3 else rng.choice(agencies)
        received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        still_open = rng.random() < 0.04 and year == 2025
        row, code = rng.choices(rows, row_weights)[0]
        answered = None if still_open else received + dt.timedelta(days=rng.randint(3, 40))
        if year == 2024 and answered and answered.year == 2024:
            answered = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randint(0, 20))
        applicant = rng.choices(types, [70, 15, 2, 3, 5, 5])[0]
        return {
            "number": f"YSQ{year}{k:08d}",
            "query_code_hash": f"{k:064x}",
            "agency_id": a.pk,
            "scope_path": a.scope_path,
            "channel": rng.choice(channels),
            "arrived_on": received,
            "received_on": received,
            "receipt_basis": "网上申请提交之日",
            "applicant_kind": applicant,
            "applicant_name": "张三" if applicant == rules.NATURAL else "湘西某某有限公司",
            "applicant_id_number": "433101198803140228",
            "applicant_phone": "13800000000",
            "subject": f"申请公开{rng.choice(WORDS)}相关文件",
            "status": "handling" if answered is None else "archived",
            "outcome": "" if answered is None else code,
            "outcome_row": "" if answered is None else row,
            "answered_on": answered,
            "archived_on": answered,
        }

    def gen():
        for k in range(n):
            yield one(k, 2025)
        for k in range(carried):
            yield one(n + k, 2024)

    t0 = time.perf_counter()
    count = _copy(Request, gen())
    ids = list(
        Request.objects.filter(agency__in=agencies, received_on__year=2025).values_list(
            "id", "agency_id", "scope_path"
        )[: n // 100]
    )
    kinds = [k for k, _ in Remedy.KINDS]
    results = [r for r, _ in Remedy.RESULTS]
    _copy(
        Remedy,
        (
            {
                "request_id": rid,
                "agency_id": aid,
                "scope_path": path,
                "kind": rng.choice(kinds),
                "filed_on": dt.date(2025, rng.randint(2, 11), rng.randint(1, 28)),
                "result": (res := rng.choice(results)),
                "decided_on": None if res == "pending" else dt.date(2025, 12, 1),
            }
            for rid, aid, path in ids
        ),
    )
    return {"requests": count, "copy_s": round(time.perf_counter() - t0, 1), "gov": gov}


def bench_annual(gov, rounds: int = 5) -> dict:
    from zhengwu.disclosure.requests import annual

    times, data = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        data = annual.build(gov, 2025)
        times.append(time.perf_counter() - t0)
    return {
        "first_s": round(times[0], 3),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "new_2025": data["table3"][annual.R1]["总计"],
        "checks_passed": data["checks"]["passed"],
    }


# ---------------------------------------------------------------- 3. import_documents


def write_import_csv(path: Path, n: int, seed: int = 7) -> None:
    from zhengwu.disclosure.catalogue import standard_columns
    from zhengwu.disclosure.models import TOPICS

    rng = random.Random(seed)
    codes = [c["code"] for c in standard_columns("county") if c["parent_code"]]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            ["索引号", "名称", "内容概述", "生成日期", "文号", "发布日期"]
            + ["主题分类", "体裁", "有效性", "关键词", "栏目", "正文"]
        )
        for k in range(n):
            created = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 3600))
            published = created + dt.timedelta(days=rng.randint(0, 30))
            w.writerow(
                [
                    "",
                    f"{''.join(rng.sample(WORDS, 4))}（导入{k}）",
                    "".join(rng.sample(WORDS, 6)),
                    created.isoformat(),
                    f"吉政发〔{created.year}〕{k}号",
                    published.isoformat(),
                    rng.choice(TOPICS),
                    rng.choice(["其他文件", "通知公告", "行政规范性文件", "工作报告"]),
                    "现行有效",
                    " ".join(rng.sample(WORDS, 3)),
                    rng.choice(codes),
                    "".join(rng.sample(WORDS, 10)) * 5,
                ]
            )


class _Progress(io.StringIO):
    """Keeps the command's progress lines, echoing every 10th to the terminal."""

    def __init__(self):
        super().__init__()
        self.lines = 0

    def write(self, s):
        self.lines += 1
        if self.lines % 10 == 1 or "导入完成" in s:
            sys.stdout.write(f"  {s.strip()}\n")
            sys.stdout.flush()
        return super().write(s)


def bench_import(var_dir: str, n: int) -> dict:
    """`manage.py import_documents` of an n-row CSV into the 吉首市 government, as an officer
    runs it; its progress lines echoed. Statements are counted through Django's execute wrapper:
    the COPY of each bulk insert goes by psycopg's own cursor and is counted apart (one per
    table and batch: documents, versions, clocks, audit events, search entries)."""
    from django.core.management import call_command
    from django.db import connection

    from zhengwu.disclosure import imports
    from zhengwu.disclosure.models import Document
    from zhengwu.org.models import Agency

    agency = (
        Agency.objects.filter(jurisdiction__code="433101", kind=Agency.GOVERNMENT)
        .select_related("jurisdiction")
        .order_by("id")
        .first()
    )
    path = Path(var_dir) / "import.csv"
    write_import_csv(path, n)
    before = Document.objects.filter(agency=agency).count()
    progress = _Progress()
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    t0 = time.perf_counter()
    with connection.execute_wrapper(count):
        call_command("import_documents", str(path), agency=agency.usci, stdout=progress)
    elapsed = time.perf_counter() - t0
    loaded = Document.objects.filter(agency=agency).count() - before
    batches = -(-n // imports.BATCH)
    return {
        "rows": n,
        "loaded": loaded,
        "seconds": round(elapsed, 1),
        "rows_per_s": round(loaded / elapsed, 1),
        "batch": imports.BATCH,
        "queries_per_batch": round(statements / batches, 1),
        "copies_per_batch": 5,
        "progress_lines": progress.lines,
    }


# ---------------------------------------------------------------- 4. import_requests


TODAY = dt.date.today()
# What requests ask for, as registers word it: a place, a year and a matter.
MATTERS = [
    "土地征收补偿安置方案", "征地补偿款发放明细", "危房改造补助名单", "低保户名单及补助标准",
    "道路硬化工程预算", "饮水安全工程招标文件", "易地扶贫搬迁安置点建设资金",
    "农村厕所改造验收材料", "集体林权流转合同", "产业扶贫项目资金使用情况", "村级财务收支明细",
    "自来水管网改造工程合同", "学校新建项目可行性研究报告", "卫生院建设工程竣工验收报告",
    "耕地地力保护补贴发放名单", "退耕还林补助资金发放情况", "河道治理工程环评批复",
    "乡村公路养护经费", "高标准农田建设项目批复", "控制性详细规划",
]  # fmt: skip


def write_register_xlsx(path: Path, n: int, seed: int = 31) -> None:
    """A register as an office keeps it (docs/data-import.md): the Chinese header, Excel date
    cells for 收到申请日期, the other dates written as offices write them, channels, applicant
    types and outcomes in their short and numbered forms; about one request in twenty still open.
    Each asks for a matter of a real village (the divisions) in a year, so like requests are as
    rare as in a register: a few matters of a few villages are asked for by several people."""
    from openpyxl import Workbook

    from zhengwu.org.models import Jurisdiction

    villages = list(
        Jurisdiction.objects.filter(level=Jurisdiction.VILLAGE).values_list("name", flat=True)
    )
    channels = ["当面申请", "信函申请", "网上申请", "网络申请", "传真申请", "其他"]
    kinds = ["自然人", "公民", "商业企业", "法人或其他组织/科研机构", "法律服务机构", "其他"]
    outcomes = [
        "（一）予以公开",
        "部分公开",
        "（三）不予公开/1.属于国家秘密",
        "不予公开-属于国家秘密",
        "本机关不掌握相关政府信息",
        "（五）不予处理 2、重复申请",
        "已主动公开",
    ]
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("申请登记簿")
    sheet.append(
        ["序号", "收到申请日期", "申请人", "申请人类型", "申请方式"]
        + ["所需信息的内容描述", "办理结果", "答复日期", "收费金额（元）", "备注"]
    )
    for k in range(n):
        received = TODAY - dt.timedelta(days=rng.randint(30, 1800))  # the last five years
        answered = received + dt.timedelta(days=rng.randint(3, 25))
        open_ = rng.random() < 0.05
        written = rng.choice(
            [
                answered.isoformat(),
                f"{answered.year}/{answered.month}/{answered.day}",
                f"{answered.year}年{answered.month}月{answered.day}日",
            ]
        )
        subject = (
            f"{rng.choice(villages)}{received.year - rng.randint(0, 2)}年{rng.choice(MATTERS)}"
        )
        sheet.append(
            [
                k + 1,
                received,  # an Excel date cell
                f"申请人{k}",
                rng.choice(kinds),
                rng.choice(channels),
                subject,
                "" if open_ else rng.choice(outcomes),
                "" if open_ else written,
                "" if open_ or rng.random() < 0.9 else "100",
                "未办结" if open_ else "",
            ]
        )
    book.save(path)


def bench_import_requests(var_dir: str, n: int) -> dict:
    """`manage.py import_requests` of an n-row XLSX register into the 吉首市 government."""
    from django.core.management import call_command

    from zhengwu.disclosure.requests.models import Request
    from zhengwu.org.models import Agency

    agency = (
        Agency.objects.filter(jurisdiction__code="433101", kind=Agency.GOVERNMENT)
        .order_by("id")
        .first()
    )
    path = Path(var_dir) / "register.xlsx"
    t0 = time.perf_counter()
    write_register_xlsx(path, n)
    written = time.perf_counter() - t0
    before = Request.objects.filter(agency=agency).count()
    progress = _Progress()
    t0 = time.perf_counter()
    call_command("import_requests", str(path), agency=agency.usci, stdout=progress)
    elapsed = time.perf_counter() - t0
    loaded = Request.objects.filter(agency=agency).count() - before
    return {
        "rows": n,
        "loaded": loaded,
        "write_s": round(written, 1),
        "seconds": round(elapsed, 1),
        "rows_per_s": round(loaded / elapsed, 1),
        "bytes": path.stat().st_size,
    }


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    # One connection per gunicorn worker: latency without queueing in front of the workers.
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--port", type=int, default=8161)
    parser.add_argument(
        "--only", choices=["catalogue", "annual", "import", "import_requests"], action="append"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the page's queries")
    parser.add_argument(
        "--cache",
        choices=["file", "redis", "both"],
        default="file",
        help="the page cache's backend: the file cache (no REDIS_URL), a private redis-server, "
        "or both one after the other",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args(argv)
    parts = args.only or ["catalogue", "annual", "import", "import_requests"]
    if not shutil.which("wrk") and "catalogue" in parts:
        raise SystemExit("wrk is needed for the catalogue figures (apt-get install wrk)")
    var_dir = tempfile.mkdtemp(prefix="zw-disclosure-bench-")
    _setup(args.url, var_dir)
    result: dict = {"load_average": os.getloadavg()}
    try:
        t0 = time.perf_counter()
        _prepare()
        print(f"数据库就绪（{time.perf_counter() - t0:.1f} s），负载 {os.getloadavg()}", flush=True)
        if "catalogue" in parts:
            gen = generate_documents(args.docs)
            print(f"已生成 {gen['docs']} 件文件（COPY {gen['copy_s']} s）", flush=True)
            if args.explain:
                for label, path in _catalogue_urls().items():
                    print(f"--- {label} {path}")
                    print("\n".join(explain_catalogue(path)))
            result["catalogue"] = {"generated": gen, "ok": True}
            for cache in ["redis", "file"] if args.cache == "both" else [args.cache]:
                pages = bench_catalogue(
                    args.url, var_dir, args.port, args.seconds, args.connections, cache
                )
                result["catalogue"][cache] = pages
                print(
                    f"\n目录页（{gen['docs']} 件，gunicorn 2 workers，wrk -c{args.connections}，"
                    f"页面缓存 {cache}）"
                )
                print(
                    f"{'page':<34}{'real p50':>10}{'real p99':>10}{'bare p50':>10}"
                    f"{'bare p99':>10}{'p99 x':>7}{'rps':>8}{'cold ms':>9}"
                )
                for label, r in pages.items():
                    print(
                        f"{label:<34}{r['real']['p50_ms']:>10}{r['real']['p99_ms']:>10}"
                        f"{r['bare']['p50_ms']:>10}{r['bare']['p99_ms']:>10}"
                        f"{r['ratio_p99']:>7}{r['real']['rps']:>8}{r['cold_ms']:>9}"
                    )
                worst = max(r["real"]["p99_ms"] for r in pages.values())
                ratio = max(r["ratio_p99"] for r in pages.values())
                ok = worst < 100 and ratio <= 3
                result["catalogue"]["ok"] &= ok
                print(f"p99 < 100 ms and ≤ 3x bare: {'yes' if ok else 'NO'}", flush=True)
        if "annual" in parts:
            gen = generate_requests(args.requests)
            gov = gen.pop("gov")
            print(f"\n已生成 {gen['requests']} 件申请（COPY {gen['copy_s']} s）", flush=True)
            a = bench_annual(gov)
            result["annual"] = {"generated": gen, **a, "ok": a["max_s"] < 2}
            print(
                f"州政府2025年度报告：首次 {a['first_s']} s，中位 {a['median_s']} s，"
                f"最长 {a['max_s']} s（新收 {a['new_2025']} 件，勾稽 "
                f"{'通过' if a['checks_passed'] else '未通过'}）；< 2 s: "
                f"{'yes' if result['annual']['ok'] else 'NO'}"
            )
        if "import" in parts:
            print(f"\nimport_documents {args.import_rows} 行：", flush=True)
            imp = bench_import(var_dir, args.import_rows)
            result["import"] = {**imp, "ok": 100_000 / imp["rows_per_s"] < 300}
            print(
                f"导入 {imp['loaded']}/{imp['rows']} 行，{imp['seconds']} s，"
                f"{imp['rows_per_s']} 行/s；100,000 行预计 {100_000 / imp['rows_per_s']:.0f} s"
                f"（目标 < 300 s）；每批 {imp['batch']} 行：{imp['queries_per_batch']} 条 SQL"
                f" + {imp['copies_per_batch']} 次 COPY"
            )
        if "import_requests" in parts:
            print(f"\nimport_requests {args.import_rows} 行（XLSX 登记簿）：", flush=True)
            reg = bench_import_requests(var_dir, args.import_rows)
            result["import_requests"] = reg
            print(
                f"导入 {reg['loaded']}/{reg['rows']} 行（{reg['bytes'] // 1024} KB，"
                f"生成 {reg['write_s']} s），{reg['seconds']} s，{reg['rows_per_s']} 行/s"
            )
    finally:
        result["load_average_end"] = os.getloadavg()
        if not args.keep:
            _drop(args.url)
        shutil.rmtree(var_dir, ignore_errors=True)
    print(f"负载：开始 {result['load_average']}，结束 {result['load_average_end']}")
    return result


if __name__ == "__main__":
    out = main()
    sys.exit(0 if all(v.get("ok", True) for v in out.values() if isinstance(v, dict)) else 1)
