"""公文库 staff search benchmark: p50/p99 of archive searches scoped to one county, on PostgreSQL.

    .venv/bin/python bench/archive_bench.py                       # 1,000,000 records
    .venv/bin/python bench/archive_bench.py --records 200000 --queries 200 --json

It writes the search index entries of N 公文 (kind "archive", staff-only) spread over the 8
counties' agencies (30 bodies each): titles as offices write them (发文机关 + 关于 + 事由 + 的 + 文种,
from disclosure/archive/words.py), the 发文字号 and 发文机关 as keywords, a short body standing for
a file's text (~1 in 4 records; secret ones have none), dated 2010–2025. Entries are segmented
part by part (each agency name, 事由, 文种 and body paragraph once: rjieba is the slow step) and
COPYed into `search_entry` of a database of its own (`zw_archive_bench_<pid>`, created and dropped
here; BENCH_PG_URL points elsewhere), the GIN indexes built as the migration builds them.

Then ~200 queries (one or two words of the 事由 vocabulary, a 文种, a 机关代字) go through
`zhengwu.search.index.search(kind="archive", …)` scoped to 凤凰县 as its 政务公开办 sees it: with
`reach=` when the staff-only search is on main, else the same subtree as `jurisdiction_path`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import search_bench  # noqa: E402  (the same setup, index DDL and percentile)

PG_DB = f"zw_archive_bench_{os.getpid()}"
SEED = 20260302
COUNTIES = [(1, "吉首市", "吉"), (22, "泸溪县", "泸"), (23, "凤凰县", "凤"), (24, "花垣县", "花")]
COUNTIES += [(25, "保靖县", "保"), (26, "古丈县", "古"), (27, "永顺县", "永"), (30, "龙山县", "龙")]
SCOPED = "433100/433123/"  # 凤凰县: the county whose 政务公开办 searches
DEPTS = [
    "人民政府", "人民政府办公室", "发展和改革局", "教育局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化旅游广电局", "卫生健康局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "林业局", "乡村振兴局", "民族宗教事务局",
    "退役军人事务局", "城市管理局", "政务服务中心", "档案馆",
]  # fmt: skip
PARAGRAPHS = [
    "为切实做好{m}，经研究，现将有关事项通知如下：一、提高思想认识，落实工作责任。",
    "各单位要高度重视{m}，明确分管领导和具体责任人，按时报送工作进展情况。",
    "请各乡镇人民政府、各街道办事处结合实际，认真抓好{m}的贯彻落实，确保取得实效。",
    "根据上级有关文件精神，结合我县实际，制定本方案，围绕{m}开展专项行动。",
]


def _tokens(text: str, cache: dict) -> str:
    from zhengwu.search import segment

    found = cache.get(text)
    if found is None:
        found = cache[text] = segment.index_text(text)
    return found


def rows(n: int, log):
    """COPY rows of the search_entry table for `n` archive records."""
    from zhengwu.disclosure.archive import words

    rng = random.Random(SEED)
    cache: dict[str, str] = {}
    matters = [m.format(y="").replace("年", "") for m in words.MATTERS]
    now = dt.datetime.now(dt.UTC)
    for i in range(n):
        c, county, short = COUNTIES[i % 8]
        d = rng.randrange(len(DEPTS))
        body_name = f"{county}{DEPTS[d]}"
        year = rng.randint(2010, 2025)
        kind = words.doc_type(rng)
        matter = rng.choice(matters)
        title = f"{body_name}关于{matter}的{kind}"
        number = f"{short}{'政' if d < 2 else DEPTS[d][:2]}发〔{year}〕{rng.randint(1, 300)}号"
        secret = rng.random() < 0.02
        body = "" if secret or rng.random() < 0.75 else rng.choice(PARAGRAPHS).format(m=matter)
        title_tokens = " ".join(
            [_tokens(body_name, cache), "关于", _tokens(matter, cache), "的", kind,
             _tokens(number, cache), _tokens(body_name, cache)]
        )  # fmt: skip
        body_tokens = _tokens(body, cache) if body else ""
        published = dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28), 1, 0, tzinfo=dt.UTC)
        yield (
            "archive", str(i + 1), title, body, f"/workbench/archive/{i + 1}/",
            f"433100/4331{c:02d}/", 1000 + (i % 8) * 100 + d, body_name, kind, year, published,
            title_tokens, body_tokens, now, "",
        )  # fmt: skip
        if (i + 1) % 100000 == 0:
            log(f"  已写入 {i + 1}/{n}")


def load(n: int, log) -> dict:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("DROP INDEX IF EXISTS search_entry_vector")
        cur.execute("DROP INDEX IF EXISTS search_entry_title_vector")
        with cur.cursor.copy(f"COPY search_entry ({search_bench.COLUMNS}) FROM STDIN") as copy:
            for row in rows(n, log):
                copy.write_row(row)
    load_s = time.perf_counter() - t0
    log(f"  载入（COPY）{load_s:.1f} s")
    t1 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        for sql in search_bench._migration("0003_period_lexemes").INDEXES:
            cur.execute(sql)
        cur.execute("VACUUM ANALYZE search_entry")
    index_s = time.perf_counter() - t1
    log(f"  GIN 索引 {index_s:.1f} s")
    return {"load_s": round(load_s, 1), "index_s": round(index_s, 1)}


def queries(count: int) -> list[str]:
    from zhengwu.disclosure.archive import words

    rng = random.Random(SEED + 1)
    vocab = ["防汛", "食品安全", "森林防火", "最低生活保障", "老旧小区", "行政执法", "饮水安全",
             "耕地保护", "营商环境", "就业创业", "地质灾害", "义务教育", "乡村振兴", "政府采购",
             "文物保护", "安全生产", "干部教育", "预算执行", "民族团结", "投资计划"]  # fmt: skip
    out = []
    while len(out) < count:
        roll = rng.random()
        if roll < 0.4:
            out.append(rng.choice(vocab))
        elif roll < 0.8:
            out.append(f"{rng.choice(vocab)} {rng.choice(words.ROUTINE_TYPES)}")
        elif roll < 0.9:
            out.append(f"{rng.choice(vocab)} {rng.choice(DEPTS[2:])}")
        else:
            out.append(f"凤政发〔{rng.randint(2010, 2025)}〕")
    return out


def _search(q: str, reach):
    from zhengwu.search import index

    if reach is not None:
        return index.search(q, kind="archive", reach=reach)
    return index.search(q, kind="archive", jurisdiction_path=SCOPED)


def _reach():
    """A 凤凰县 政务公开办's reach, when `org.scopes.reach` exists (the staff-only search)."""
    from zhengwu.org import scopes

    if not hasattr(scopes, "reach"):
        return None
    from zhengwu.org.models import Jurisdiction, Role, RoleAssignment, User

    j = Jurisdiction.objects.get(code="433123")
    user, _ = User.objects.get_or_create(username="archive-bench", kind=User.STAFF)
    RoleAssignment.objects.get_or_create(user=user, role=Role.OPENNESS_ADMIN, jurisdiction=j)
    return scopes.reach(user, [Role.OPENNESS_ADMIN])  # type: ignore[attr-defined]


def child(args) -> dict:
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    search_bench._setup_django()
    import io

    from django.core.management import call_command

    from zhengwu.search import segment

    segment.tokenizer()
    call_command("migrate", verbosity=0)
    call_command("import_divisions", stdout=io.StringIO())
    log(f"[postgresql] 载入 {args.records} 件公文的索引条目")
    figures = load(args.records, log)
    reach = _reach()
    figures["scoped_by"] = "reach" if reach is not None else "jurisdiction_path"
    qs = queries(args.queries)
    for q in qs:  # warm once, then measure
        _search(q, reach)
    timings, hits = [], []
    for _ in range(args.rounds):
        for q in qs:
            t0 = time.perf_counter()
            found = _search(q, reach)
            timings.append((time.perf_counter() - t0) * 1000)
            hits.append(found.total)
    figures |= {
        "records": args.records,
        "queries": len(qs) * args.rounds,
        "p50_ms": round(search_bench._percentile(timings, 50), 1),
        "p99_ms": round(search_bench._percentile(timings, 99), 1),
        "max_ms": round(max(timings), 1),
        "median_hits": sorted(hits)[len(hits) // 2],
    }
    log(f"  p50 {figures['p50_ms']} ms  p99 {figures['p99_ms']} ms（{figures['scoped_by']}）")
    return figures


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figures = child(args)
        print(json.dumps(figures))
        return figures
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    search_bench._pg_admin(base, f"DROP DATABASE IF EXISTS {PG_DB}")
    search_bench._pg_admin(base, f"CREATE DATABASE {PG_DB}")
    env = dict(os.environ, DATABASE_URL=f"{base}/{PG_DB}")
    cmd = [sys.executable, __file__, "--child", "--records", str(args.records)]
    cmd += ["--queries", str(args.queries), "--rounds", str(args.rounds)]
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    finally:
        search_bench._pg_admin(base, f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    figures = json.loads(out) | {"total_s": round(time.perf_counter() - t0, 1)}
    print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 2))
    return figures


if __name__ == "__main__":
    main()
