"""Benchmark of 电子监察 on PostgreSQL (issue 5's figures).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_supervision_bench \
        .venv/bin/python bench/supervision_bench.py [--open 1000000] [--finished 600000] [--keep]

or from another script: `from bench.supervision_bench import main; main(["--open", "1000000"])`.

1. Generates OPEN running clocks (COPY) spread over the 8 counties and their agencies, with due
   dates computed on the official calendar (about 85% 正常, 8% 预警, 5% 黄牌, 2% 红牌), and
   FINISHED clocks stopped this year (a prefecture-year of data for the dashboard).
2. Classifies every open clock by state from its dates: one indexed COUNT per state (< 2 s).
3. The first sweep (every clock starts 'normal'): rows touched and time, cards issued.
4. The next day's incremental sweep: only the clocks whose state changed are touched.
5. The daily snapshot task, then the 州 dashboard (median of 5; < 300 ms).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zw_supervision_bench"
ROOT = Path(__file__).resolve().parent.parent


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()


def _prepare(stdout) -> None:
    from django.core.management import call_command

    from zhengwu.org.models import Jurisdiction

    call_command("migrate", verbosity=0)
    if not Jurisdiction.objects.filter(code="433100").exists():
        call_command("load_demo", quiet_logins=True, stdout=io.StringIO())
    stdout.write("数据库就绪\n")


def _generate(n_open: int, n_finished: int, today: dt.date, seed: int, stdout) -> None:
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from zhengwu.core import calendar
    from zhengwu.core.models import Clock
    from zhengwu.org.models import Agency, ServiceCentre
    from zhengwu.supervision.models import Card

    rng = random.Random(seed)
    with connection.cursor() as c:
        c.execute(f"DELETE FROM {Card._meta.db_table} WHERE clock_id IS NOT NULL")
        c.execute(f"TRUNCATE {Clock._meta.db_table} CASCADE")
    ct = ContentType.objects.get_for_model(ServiceCentre).pk
    agencies = list(
        Agency.objects.exclude(jurisdiction__level="prefecture")
        .select_related("jurisdiction")
        .values_list("id", "scope_path", "jurisdiction__code")
    )
    purposes = [
        "行政许可承诺时限",
        "依申请公开答复期限",
        "网民留言答复期限",
        "办件环节时限",
        "差评整改",
    ]
    limits = [5, 10, 15, 20, 20, 20, 60]
    cal = calendar.for_jurisdiction("433100")
    w = cal.workdays
    warn_days, pct = settings.ZHENGWU_WARN_WORKDAYS, settings.ZHENGWU_WARN_USED_PERCENT
    memo: dict[tuple[int, int], tuple[dt.date, dt.date]] = {}

    def dates(start: dt.date, limit: int):
        key = (start.toordinal(), limit)
        if key not in memo:
            i = bisect.bisect_right(w, start.toordinal())
            warn_index = max(0, min(limit - 1 - warn_days, -(-limit * pct // 100) - 1))
            memo[key] = (
                dt.date.fromordinal(w[i + limit - 1]),
                dt.date.fromordinal(w[i + warn_index]),
            )
        return memo[key]

    def start_for(limit: int) -> dt.date:
        span = limit * 7 // 5 + 1  # calendar days of `limit` working days, roughly
        r = rng.random()
        if r < 0.85:
            back = rng.randint(0, max(0, int(span * 0.8)))
        elif r < 0.93:
            back = int(span * 0.85) + rng.randint(0, 2)
        elif r < 0.98:
            back = span + rng.randint(2, 4)
        else:
            back = span + rng.randint(8, 60)
        return today - dt.timedelta(days=back)

    cols = (
        "subject_type_id, subject_id, purpose, jurisdiction_code, scope_path, agency_id, "
        'started_on, "limit", unit, extension, state, due_date, warn_on, provisional, '
        "stopped_on, status"
    )
    t0 = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {Clock._meta.db_table} ({cols}) FROM STDIN") as copy,
    ):
        for k in range(n_open):
            agency_id, path, code = agencies[k % len(agencies)]
            limit = rng.choice(limits)
            start = start_for(limit)
            due, warn = dates(start, limit)
            copy.write_row(
                (
                    ct,
                    k + 1,
                    rng.choice(purposes),
                    code,
                    path,
                    agency_id,
                    start,
                    limit,
                    "workdays",
                    0,
                    "running",
                    due,
                    warn,
                    False,
                    None,
                    "normal",
                )
            )
        jan1 = dt.date(today.year, 1, 1)
        for k in range(n_finished):
            agency_id, path, code = agencies[k % len(agencies)]
            limit = rng.choice(limits)
            start = jan1 + dt.timedelta(days=rng.randint(0, (today - jan1).days - 30))
            due, warn = dates(start, limit)
            stopped = due - dt.timedelta(days=rng.randint(-3, limit))
            copy.write_row(
                (
                    ct,
                    n_open + k + 1,
                    rng.choice(purposes),
                    code,
                    path,
                    agency_id,
                    start,
                    limit,
                    "workdays",
                    0,
                    "stopped",
                    due,
                    warn,
                    False,
                    min(stopped, today),
                    "normal",
                )
            )
    stdout.write(
        f"生成 {n_open:,} 个在办时限和 {n_finished:,} 个本年办结时限：{time.perf_counter() - t0:.1f} 秒\n"
    )


def _timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="电子监察基准测试（PostgreSQL）")
    parser.add_argument("--open", type=int, default=1_000_000, help="在办时限数（默认100万）")
    parser.add_argument("--finished", type=int, default=600_000, help="本年办结时限数")
    parser.add_argument("--keep", action="store_true", help="沿用库中已有的时限，不重新生成")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        parser.error("基准测试需要 PostgreSQL：--database-url postgres://…")
    out = sys.stdout
    _setup(args.database_url)
    _prepare(out)

    from django.utils import timezone

    from zhengwu.core.models import Clock
    from zhengwu.org.models import Jurisdiction
    from zhengwu.supervision import services, stats, status
    from zhengwu.supervision.models import Card, Snapshot

    today = timezone.localdate()
    if not args.keep:
        _generate(args.open, args.finished, today, 433100, out)
    else:
        Clock.objects.filter(state=Clock.RUNNING).exclude(status="normal").update(status="normal")
    Card.objects.filter(clock__isnull=False).delete()
    from django.db import connection

    with connection.cursor() as c:
        # What autovacuum does in production: visibility map (index-only scans) and statistics.
        c.execute(f"VACUUM ANALYZE {Clock._meta.db_table}")
        c.execute(f"VACUUM ANALYZE {Card._meta.db_table}")
    report: dict = {"open_clocks": Clock.objects.filter(state=Clock.RUNNING).count()}

    counts, secs = _timed(status.classify, today)
    report["classify"] = {"seconds": round(secs, 3), "queries": len(counts), "counts": counts}
    out.write(f"按状态分类（每种状态一条索引查询）：{secs:.3f} 秒 {counts}\n")

    first, secs = _timed(services.sweep, today)
    report["first_sweep"] = {"seconds": round(secs, 3), **first}
    out.write(
        f"首次巡检（全部从“正常”出发）：{secs:.3f} 秒，状态变化 {first['changed']}，亮牌 {first['cards']}\n"
    )

    again, secs = _timed(services.sweep, today)
    report["repeat_sweep"] = {"seconds": round(secs, 3), **again}
    out.write(f"同日再次巡检：{secs:.3f} 秒，状态变化 {again['changed']}，亮牌 {again['cards']}\n")

    from zhengwu.core import calendar

    # the next working day, so that 预警 dates (always working days) come due too
    tomorrow = calendar.for_jurisdiction("433100").next_workday_on_or_after(
        today + dt.timedelta(days=1)
    )
    nxt, secs = _timed(services.sweep, tomorrow)
    touched = sum(nxt["changed"].values())
    report["next_day_sweep"] = {
        "seconds": round(secs, 3),
        "rows_touched": touched,
        **nxt,
    }
    out.write(
        f"下一工作日增量巡检：{secs:.3f} 秒，只更新状态变化的 {touched:,} 行 {nxt['changed']}，新亮牌 {nxt['cards']}\n"
    )
    services.update_statuses(today)  # back to today's states for the dashboard

    root = Jurisdiction.objects.get(code="433100")
    Snapshot.objects.filter(date=today).delete()
    live = []
    for _ in range(3):
        _, secs = _timed(stats.dashboard, root, today=today)
        live.append(secs)
    written, snap_secs = _timed(stats.snapshot_all, today)
    report["snapshot_task"] = {"seconds": round(snap_secs, 3), "rows": written}
    out.write(f"每日快照任务（州和8县市）：{snap_secs:.2f} 秒，{written} 项\n")
    runs = []
    for _ in range(6):
        d, secs = _timed(stats.dashboard, root, today=today)
        runs.append(secs)
    median = statistics.median(runs[1:])
    report["dashboard"] = {
        "median_ms": round(median * 1000, 1),
        "source": d["source"],
        "live_without_snapshot_ms": round(statistics.median(live) * 1000, 1),
        "rows": len(d["rows"]),
    }
    out.write(
        f"州统计面板：中位 {median * 1000:.1f} 毫秒（快照 + 实时预警/黄牌/红牌）；"
        f"无快照时全量实时计算 {statistics.median(live) * 1000:.0f} 毫秒\n"
    )
    out.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
    return report


if __name__ == "__main__":
    main()
