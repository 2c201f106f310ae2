"""Chinese full-text search benchmark: index build, two-word query latency, precision@10.

    .venv/bin/python bench/search_bench.py                 # 200,000 documents, SQLite and PostgreSQL
    .venv/bin/python bench/search_bench.py --docs 1000000 --backend postgresql
    .venv/bin/python bench/search_bench.py --docs 20000 --json   # machine-readable

The generator writes a prefecture's worth of government documents (titles and ~500-character
bodies from the vocabulary of 政府信息公开) with a fixed seed, and plants the documents of the
labelled query set (bench/search_queries.json): for each query, documents about it (both words,
at least one in the title) and decoys that mention both words only in passing deep in an
unrelated body. No other generated document contains both words of a labelled query.

Each backend runs in a child process with its own DATABASE_URL: SQLite in a temporary file,
PostgreSQL in a database of its own (`zw_search_bench_<pid>`, created and dropped here; set
BENCH_PG_URL to point elsewhere, default postgres://postgres@127.0.0.1:5432). Documents are
segmented once (segment.index_text: rjieba, one process per CPU core) and cached under the temp directory, so the two backends
load identical tokens. Queries go through zhengwu.search.index.search — the same code as the
API — and are timed end to end (count, ranking of the bounded candidate set, highlighting).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUERIES_FILE = HERE / "search_queries.json"
PG_DB = f"zw_search_bench_{os.getpid()}"  # two runs at once never share a database
SEED = 20261126

PLACES = [
    "吉首市",
    "泸溪县",
    "凤凰县",
    "花垣县",
    "保靖县",
    "古丈县",
    "永顺县",
    "龙山县",
    "乾州街道",
    "矮寨镇",
    "河溪镇",
    "浦市镇",
    "沱江镇",
    "阿拉营镇",
    "边城镇",
    "双龙镇",
    "迁陵镇",
    "默戎镇",
    "灵溪镇",
    "芙蓉镇",
    "石牌镇",
    "里耶镇",
    "民安街道",
    "洗车河镇",
]
AGENCIES = [
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "公安局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "农业农村局",
    "卫生健康局",
    "市场监督管理局",
    "交通运输局",
    "水利局",
    "林业局",
    "生态环境分局",
    "应急管理局",
    "医疗保障局",
    "文化旅游广电局",
    "乡村振兴局",
]
TOPICS = [
    "财政预决算",
    "政府采购",
    "工程招投标",
    "土地招拍挂",
    "住房公积金",
    "涉农资金",
    "社保基金",
    "低保",
    "城乡居民基本养老保险",
    "不动产登记",
    "营业执照",
    "行政许可",
    "行政处罚",
    "义务教育",
    "医疗保障",
    "危房改造",
    "高标准农田",
    "乡村振兴",
    "易地扶贫搬迁",
    "安全生产",
    "生态环境保护",
    "河长制",
    "森林防火",
    "道路交通",
    "农村饮水安全",
    "产业发展",
    "招商引资",
    "营商环境",
    "就业创业",
    "职业技能培训",
    "退役军人服务",
    "残疾人两项补贴",
    "特困供养",
    "临时救助",
    "耕地地力保护补贴",
    "农机购置补贴",
    "文物保护",
    "旅游市场秩序",
    "食品安全",
    "药品监管",
    "消防安全",
    "防汛抗旱",
    "地质灾害防治",
    "老旧小区改造",
    "城市管理",
]
QUALIFIERS = [
    "工作",
    "推进",
    "落实",
    "实施",
    "管理",
    "监督",
    "检查",
    "考核",
    "公示",
    "通报",
    "整改",
    "资金",
    "项目",
    "申报",
    "审批",
    "发放",
    "补助",
    "标准",
    "调整",
    "办理",
    "服务",
    "群众",
    "培训",
    "宣传",
    "排查",
    "验收",
    "建设",
    "规划",
    "统计",
    "分配",
    "使用",
    "绩效",
    "评价",
    "中标",
    "成交",
    "提取",
    "注销",
    "缴费",
    "报销",
    "整合",
    "约谈",
    "巡河",
    "学位",
    "种植",
    "传承",
    "执行",
    "时限",
    "三公经费",
]
DOC_TYPES = ["通知", "公告", "公示", "报告", "意见", "实施方案", "管理办法", "决定", "批复", "通报"]
LAWS = [
    "《中华人民共和国政府信息公开条例》",
    "《中华人民共和国预算法》",
    "《中华人民共和国政府采购法》",
    "《中华人民共和国招标投标法》",
    "《社会救助暂行办法》",
    "《住房公积金管理条例》",
    "《中华人民共和国行政许可法》",
    "《优化营商环境条例》",
    "《中华人民共和国安全生产法》",
    "州委州政府有关文件精神",
    "省人民政府有关规定",
]
SENTENCES = [
    "为进一步做好{topic}{q1}，根据{law}等有关规定，结合{place}实际，制定本{type}。",
    "{place}{agency}高度重视{topic}，坚持问题导向，认真{q1}各项{q2}任务。",
    "截至{month}月底，全{unit}累计完成{topic}{q2}{n}项，涉及群众{m}人。",
    "各乡镇（街道）要明确责任分工，切实加强{topic}的组织领导，确保{q1}到位。",
    "对{q2}中发现的问题，要建立台账，限期{q1}，并将结果向社会公开。",
    "本{type}自印发之日起施行，由{agency}负责解释。",
    "联系电话：0743-{phone}，办公时间为工作日上午8:00至12:00，下午14:30至17:30。",
    "{year}年，{place}将继续围绕{topic}，加大{q2}力度，不断提升群众满意度。",
    "请各单位于{month}月{day}日前将{topic}{q2}情况报送{agency}。",
    "会议听取了{topic}有关情况汇报，研究部署了下一阶段{q1}重点。",
    "{agency}对{place}{topic}进行了专项{q2}，共发现问题{n}个，已全部督促{q1}。",
    "按照“谁主管、谁负责”的原则，压实{topic}主体责任，强化日常{q2}。",
]
UNITS = ["州", "县", "市", "镇", "乡"]


def _fill(rng: random.Random, template: str, topic: str | None = None) -> str:
    return template.format(
        topic=topic or rng.choice(TOPICS),
        q1=rng.choice(QUALIFIERS),
        q2=rng.choice(QUALIFIERS),
        law=rng.choice(LAWS),
        place=rng.choice(PLACES),
        agency=rng.choice(AGENCIES),
        type=rng.choice(DOC_TYPES),
        unit=rng.choice(UNITS),
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        year=rng.randint(2016, 2026),
        n=rng.randint(3, 900),
        m=rng.randint(20, 90000),
        phone=rng.randint(8000000, 8999999),
    )


def _body(rng: random.Random, topic: str, chars: int = 500) -> str:
    parts, size = [], 0
    while size < chars:
        s = _fill(rng, rng.choice(SENTENCES), topic if rng.random() < 0.5 else None)
        parts.append(s)
        size += len(s)
    return "".join(parts)


def _title(rng: random.Random, topic: str) -> str:
    return (
        f"{rng.choice(PLACES)}{rng.choice(AGENCIES)}关于{topic}{rng.choice(QUALIFIERS)}"
        f"的{rng.choice(DOC_TYPES)}"
    )


def load_queries() -> list[dict]:
    return json.loads(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]


def _scrub(title: str, body: str, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """No generated document may hold both words of a labelled query: drop the first word."""
    for a, b in pairs:
        text = title + body
        if a in text and b in text:
            title, body = title.replace(a, "有关事项"), body.replace(a, "有关事项")
    return title, body


def _doc(i: int, rng: random.Random, title: str, body: str) -> dict:
    year = 2016 + i % 10
    return {
        "key": f"d{i}",
        "title": title,
        "body": body,
        "place": i % 8,
        "agency": i % 160,
        "column": rng.choice(TOPICS[:12]),
        "year": year,
        "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


def generate(n: int) -> list[dict]:
    """n documents: the labelled ones (relevant and decoys) first, then the rest."""
    rng = random.Random(SEED)
    queries = load_queries()
    pairs = [tuple(q["query"].split()) for q in queries]
    docs: list[dict] = []
    for q in queries:
        a, b = q["query"].split()
        others = [p for p in pairs if p != (a, b)]
        assert [f"d{len(docs) + i}" for i in range(len(q["relevant_keys"]))] == q["relevant_keys"]
        for k in range(len(q["relevant_keys"])):
            title = q["titles"][k % len(q["titles"])].format(
                place=rng.choice(PLACES),
                agency=rng.choice(AGENCIES),
                year=2016 + k % 10,
                month=rng.randint(1, 12),
            )
            sentence = q["sentences"][k % len(q["sentences"])]
            title, body = _scrub(title, sentence + _body(rng, rng.choice(TOPICS), 400), others)
            docs.append(_doc(len(docs), rng, title, body))
        for _ in range(q["decoys"]):
            topic = rng.choice(TOPICS)
            title, text = _scrub(
                _title(rng, topic), _body(rng, topic, 250) + "|" + _body(rng, topic, 200), others
            )
            start, end = text.split("|")
            body = f"{start}另外，会上还简要通报了{a}相关情况。{end}有关{b}的事项另行通知。"
            docs.append(_doc(len(docs), rng, title, body))
    while len(docs) < n:
        topic = rng.choice(TOPICS)
        title, body = _scrub(_title(rng, topic), _body(rng, topic), pairs)
        docs.append(_doc(len(docs), rng, title, body))
    return docs[:n]


def _segment(doc: dict) -> dict:
    from zhengwu.search import segment

    doc["title_tokens"] = segment.index_text(doc["title"])
    doc["body_tokens"] = segment.index_text(doc["body"])
    return doc


def corpus(n: int, workdir: Path, log) -> Path:
    """Generated and segmented documents, cached as gzipped JSON lines."""
    path = workdir / f"zw-search-bench-{n}-{SEED}.jsonl.gz"
    if path.exists() and path.stat().st_mtime > QUERIES_FILE.stat().st_mtime:
        log(f"语料缓存：{path}")
        return path
    t0 = time.perf_counter()
    docs = generate(n)
    log(f"生成 {n} 篇文档 {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    with (
        multiprocessing.get_context("fork").Pool(os.cpu_count() or 2) as pool,
        gzip.open(tmp, "wt", encoding="utf-8") as out,
    ):
        for k, doc in enumerate(pool.imap(_segment, docs, chunksize=500), 1):
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            if k % 50000 == 0:
                log(f"  分词 {k}/{n}")
    tmp.rename(path)
    seconds = time.perf_counter() - t0
    _segment_seconds(path).write_text(f"{seconds:.1f}")
    log(f"分词（rjieba，{os.cpu_count() or 2} 个进程） {seconds:.1f} s")
    return path


def _segment_seconds(path: Path) -> Path:
    """Where the corpus's segmentation time is kept: the build time includes it."""
    return Path(f"{path}.seconds")


# --- the child: one backend -----------------------------------------------------------------


def _setup_django():
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    import django

    django.setup()


def _rows(path: Path, jurisdictions: list[str], vendor: str):
    import datetime as dt

    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            published = dt.datetime.fromisoformat(d["published"] + "T09:00:00+08:00")
            if vendor == "sqlite":  # how Django stores an aware datetime there: naive UTC text
                published = published.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
            yield (
                "benchdoc",
                d["key"],
                d["title"],
                d["body"],
                f"/xxgk/doc/{d['key']}/",
                jurisdictions[d["place"]],
                1000 + d["agency"],
                AGENCIES[d["agency"] % len(AGENCIES)],
                d["column"],
                d["year"],
                published,
                d["title_tokens"],
                d["body_tokens"],
                published,
                "",
            )


COLUMNS = (
    'kind, key, title, body, url, jurisdiction_path, agency_id, agency_name, "column", year, '
    'published_at, title_tokens, body_tokens, indexed_at, "group"'
)


def _migration(name: str):
    import importlib

    return importlib.import_module(f"zhengwu.search.migrations.{name}")


def _load(path: Path, log) -> dict:
    from django.db import connection

    jurisdictions = [f"433100/4331{c:02d}/" for c in (1, 22, 23, 24, 25, 26, 27, 30)]
    figures = {}
    t0 = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS search_entry_vector")
            cur.execute("DROP INDEX IF EXISTS search_entry_title_vector")
            with cur.cursor.copy(f"COPY search_entry ({COLUMNS}) FROM STDIN") as copy:
                for row in _rows(path, jurisdictions, connection.vendor):
                    copy.write_row(row)
        figures["load_s"] = time.perf_counter() - t0
        log(f"  载入（COPY，含生成 tsvector）{figures['load_s']:.1f} s")
        t1 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
            for sql in _migration("0003_period_lexemes").INDEXES:  # as the migration builds them
                cur.execute(sql)
            # What autovacuum does soon after a bulk load: statistics and the visibility map.
            cur.execute("VACUUM ANALYZE search_entry")
        figures["index_s"] = time.perf_counter() - t1
        log(f"  GIN 索引 {figures['index_s']:.1f} s")
    else:
        from django.db import transaction

        marks = ", ".join(["%s"] * 15)
        sql = f"INSERT INTO search_entry ({COLUMNS}) VALUES ({marks})"  # noqa: S608
        batch = []
        with transaction.atomic(), connection.cursor() as cur:
            for row in _rows(path, jurisdictions, connection.vendor):
                batch.append(row)
                if len(batch) == 5000:
                    cur.executemany(sql, batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
        figures["load_s"] = time.perf_counter() - t0
        log(f"  载入（INSERT，FTS5 由触发器同步）{figures['load_s']:.1f} s")
        t1 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
            cur.execute("ANALYZE")
        figures["index_s"] = time.perf_counter() - t1
        log(f"  FTS5 optimize {figures['index_s']:.1f} s")
    figures["build_s"] = figures["load_s"] + figures["index_s"]
    return figures


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def _time_queries(queries: list[str], rounds: int) -> dict:
    from zhengwu.search import index

    for q in queries:  # warm the caches once; then measure
        index.search(q)
    timings, totals, slowest = [], [], {}
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            results = index.search(q)
            ms = (time.perf_counter() - t0) * 1000
            timings.append(ms)
            totals.append(results.total)
            slowest[q] = max(ms, slowest.get(q, 0.0))
    return {
        "queries": len(queries),
        "runs": len(timings),
        "p50_ms": statistics.median(timings),
        "p99_ms": _percentile(timings, 99),
        "max_ms": max(timings),
        "median_hits": statistics.median(totals),
        "slowest": sorted(slowest.items(), key=lambda item: -item[1])[:3],
    }


def _precision(queries: list[dict], n_relevant: dict[str, set[str]]) -> dict:
    from zhengwu.search import index

    per_query = []
    for q in queries:
        relevant = n_relevant[q["query"]]
        first = index.search(q["query"])
        top = [h.url.split("/")[-2] for h in first.hits[:10]]
        found = set()
        for page in range(1, first.pages + 1):
            found |= {h.url.split("/")[-2] for h in index.search(q["query"], page=page).hits}
        per_query.append(
            {
                "query": q["query"],
                "relevant": len(relevant),
                "hits": first.total,
                "p_at_10": sum(k in relevant for k in top) / min(10, len(relevant)),
                "recall": len(found & relevant) / len(relevant),
            }
        )
    return {
        "precision_at_10": statistics.mean(r["p_at_10"] for r in per_query),
        "recall": statistics.mean(r["recall"] for r in per_query),
        "per_query": per_query,
    }


def child(args) -> dict:
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    _setup_django()
    from django.core.management import call_command
    from django.db import connection

    from zhengwu.search import segment

    segment.tokenizer()  # dictionary load is per process, not per query
    call_command("migrate", "search", verbosity=0)
    log(f"[{connection.vendor}] 载入 {args.docs} 篇")
    figures = _load(Path(args.corpus), log)

    queries = load_queries()
    relevant = {q["query"]: set(q["relevant_keys"]) for q in queries}
    rng = random.Random(SEED)
    rare = [q["query"] for q in queries] + [
        f"{rng.choice(PLACES[8:])} {rng.choice(TOPICS)}" for _ in range(20)
    ]
    frequent = [f"{rng.choice(TOPICS[:12])} {rng.choice(QUALIFIERS[:24])}" for _ in range(20)] + [
        "工作 推进",
        "群众 服务",
        "项目 资金",
        "监督 检查",
        "通知 办理",
    ]
    figures["rare"] = _time_queries(rare, args.rounds)
    log(
        f"  少见词组 p50 {figures['rare']['p50_ms']:.1f} ms  p99 {figures['rare']['p99_ms']:.1f} ms"
    )
    figures["frequent"] = _time_queries(frequent, args.rounds)
    log(
        f"  常见词组 p50 {figures['frequent']['p50_ms']:.1f} ms  "
        f"p99 {figures['frequent']['p99_ms']:.1f} ms  "
        f"（中位命中 {figures['frequent']['median_hits']:.0f}）"
    )
    figures["labelled"] = _precision(queries, relevant)
    log(
        f"  标注集 precision@10 {figures['labelled']['precision_at_10']:.3f}  "
        f"recall {figures['labelled']['recall']:.3f}"
    )
    figures["vendor"] = connection.vendor
    return figures


# --- the parent -----------------------------------------------------------------------------


def _pg_admin(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def run_backend(backend: str, args, corpus_path: Path, workdir: Path) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    sqlite_file = workdir / f"zw-search-bench-{os.getpid()}.sqlite3"
    pg_base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    if backend == "postgresql":
        _pg_admin(pg_base, f"DROP DATABASE IF EXISTS {PG_DB}")
        _pg_admin(pg_base, f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"{pg_base}/{PG_DB}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    env["ZHENGWU_VAR"] = str(workdir / "zw-search-bench-var")
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--docs",
        str(args.docs),
        "--rounds",
        str(args.rounds),
        "--corpus",
        str(corpus_path),
    ]
    try:
        out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
        return json.loads(out)
    finally:
        if backend == "postgresql":
            _pg_admin(pg_base, f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)


def table(results: dict[str, dict], docs: int, segment_s: float | None) -> str:
    lines = [
        f"全文检索基准：{docs} 篇文档（约500字/篇），两个词的查询，结果含计数、排序与高亮",
        "",
        f"分词（rjieba，两个后端共用）：{segment_s:.1f} s" if segment_s else "分词：用时未记录",
        "",
        "| 后端 | 建索引 s（载入+索引） | 少见词组 p50/p99 ms | 常见词组 p50/p99 ms（中位命中） | precision@10 | recall |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['build_s']:.1f} ({r['load_s']:.1f}+{r['index_s']:.1f}) "
            f"| {r['rare']['p50_ms']:.1f} / {r['rare']['p99_ms']:.1f} "
            f"| {r['frequent']['p50_ms']:.1f} / {r['frequent']['p99_ms']:.1f} "
            f"({r['frequent']['median_hits']:.0f}) "
            f"| {r['labelled']['precision_at_10']:.3f} | {r['labelled']['recall']:.3f} |"
        )
    worst = max(r[k]["p99_ms"] for r in results.values() for k in ("rare", "frequent"))
    lines += [
        "",
        f"目标：两个词的查询 p99 < 200 ms —— 最差 p99 {worst:.1f} ms，{'达到' if worst < 200 else '未达到'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000, help="文档数（默认 200000）")
    parser.add_argument(
        "--backend", choices=["sqlite", "postgresql", "both"], default="both", help="测哪个后端"
    )
    parser.add_argument("--rounds", type=int, default=3, help="每个查询计时的轮数")
    parser.add_argument("--json", action="store_true", help="输出 JSON 而不是表格")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figures = child(args)
        print(json.dumps(figures, ensure_ascii=False))
        return figures

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    workdir = Path(os.environ.get("BENCH_TMP", tempfile.gettempdir()))
    sys.path.insert(0, str(ROOT / "src"))
    corpus_path = corpus(args.docs, workdir, log)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = {b: run_backend(b, args, corpus_path, workdir) for b in backends}
    seconds = _segment_seconds(corpus_path)
    segment_s = float(seconds.read_text()) if seconds.exists() else None
    if args.json:
        print(
            json.dumps(
                {"docs": args.docs, "segment_s": segment_s, "results": results},
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        print(table(results, args.docs, segment_s))
    return results


if __name__ == "__main__":
    main()
