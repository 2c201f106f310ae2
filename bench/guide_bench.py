"""The public 办事指南 page under load: p50 / p99 latency and throughput (goal: p99 < 50 ms).

On PostgreSQL (database `--db`, default `zw_services_bench`, created if missing), with the demo
catalogue, served by gunicorn with 2 sync workers and persistent database connections, DEBUG
off, the page cache on the file cache under ZHENGWU_VAR (what settings give without REDIS_URL)
or, with `--cache redis`, a private redis-server. `wrk` (keep-alive connections, CLIENTS of
them) requests the guides of a sample of items across the 州, county and township sites, chosen
at random by a Lua script, for a fixed time, after a warm-up pass that fills the page cache. The
first (uncached) request of each guide is reported separately, and the application's own cost
per cached guide in process.

    .venv/bin/python bench/guide_bench.py [--seconds 15] [--clients 4] [--items 200]
        [--port 8151] [--db zw_services_bench] [--cache file|redis] [--src DIR]
        [--pages guides|trading]

`--pages trading` measures the trading column instead (issue 24): /ggzy/ of the 州 and of each
county, and a sample of notices on their own government's site, from the page cache alike.

`--src DIR` serves another checkout's code (e.g. a worktree of main) for before/after figures.

`main()` returns the figures as a dict (for bench/run.py) and prints a table.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import serving

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "zw_services_bench"
SRC = ROOT  # the checkout whose code is served (--src)
PAGES = "guides"  # or "trading": the trading column and its notices (--pages)
MARKS = {"guides": "受理条件", "trading": "公共资源交易"}  # what each page must show


def _db_url(name: str) -> str:
    return os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")


def _env(var_dir: str, db: str) -> dict:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DATABASE_URL": _db_url(db),
            "ZHENGWU_VAR": var_dir,
            "DEBUG": "false",
            "CONN_MAX_AGE": "600",
            "PYTHONPATH": str(SRC / "src"),
            "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
        }
    )
    return env


def _manage(env: dict, *args: str) -> str:
    out = subprocess.run(
        [PY, str(SRC / "manage.py"), *args],
        env=env,
        cwd=SRC,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def _create_database(db: str) -> None:
    import psycopg

    url = _db_url(db)
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _sample_urls(env: dict, n: int) -> list[str]:
    if PAGES == "trading":
        return _trading_urls(env, n)
    code = (
        "from zhengwu.services.models import Item\n"
        "qs = Item.objects.filter(state='active').select_related('jurisdiction')"
        ".order_by('id')\n"
        "for i in qs: print('ITEM', i.pk, i.jurisdiction.code if i.jurisdiction.parent_id else '')\n"
    )
    out = _manage(env, "shell", "-c", code)
    rows = [line.split()[1:] for line in out.splitlines() if line.startswith("ITEM ")]
    rng = random.Random(433100)
    rows = rng.sample(rows, min(n, len(rows)))
    return [
        f"/site/{r[1]}/zwfw/guide/{r[0]}/" if len(r) > 1 else f"/zwfw/guide/{r[0]}/" for r in rows
    ]


TRADING = (
    "from zhengwu.trading.models import Notice\n"
    "qs = Notice.objects.filter(state='published').select_related('project__jurisdiction')"
    ".order_by('id')\n"
    "for x in qs: j = x.project.jurisdiction; print('NOTICE', x.pk, j.code if j.parent_id else '')\n"
)


def _trading_urls(env: dict, n: int) -> list[str]:
    """The trading column of the 州 and of each county with notices, and a sample of notices,
    each on its own government's site."""
    rows = [line.split()[1:] for line in _manage(env, "shell", "-c", TRADING).splitlines()
            if line.startswith("NOTICE ")]  # fmt: skip
    sites = sorted({r[1] for r in rows if len(r) > 1})
    columns = ["/ggzy/", *[f"/site/{code}/ggzy/" for code in sites]]
    rows = random.Random(433100).sample(rows, min(max(n - len(columns), 0), len(rows)))
    notices = [f"/site/{r[1]}/ggzy/gg/{r[0]}/" if len(r) > 1 else f"/ggzy/gg/{r[0]}/" for r in rows]
    return columns + notices


IN_PROCESS = """
import json, time
from django.test import Client
urls = json.loads(URLS)
c = Client()
for u in urls:
    assert c.get(u).status_code == 200, u
samples = []
for _ in range(ROUNDS):
    for u in urls:
        t0 = time.perf_counter()
        c.get(u)
        samples.append(time.perf_counter() - t0)
print("SAMPLES", json.dumps(samples))
"""


def _in_process(env: dict, urls: list[str], rounds: int = 5) -> list[float]:
    """The application's own cost per cached guide (Django test client, no HTTP server)."""
    import json

    code = IN_PROCESS.replace("URLS", repr(json.dumps(urls))).replace("ROUNDS", str(rounds))
    out = _manage(env, "shell", "-c", code)
    line = next(x for x in out.splitlines() if x.startswith("SAMPLES "))
    return json.loads(line[len("SAMPLES ") :])


def _fetch(conn: http.client.HTTPConnection, url: str) -> float:
    t0 = time.perf_counter()
    conn.request("GET", url)
    r = conn.getresponse()
    body = r.read()
    elapsed = time.perf_counter() - t0
    if r.status != 200 or MARKS[PAGES].encode() not in body:
        raise RuntimeError(f"{url}: HTTP {r.status}")
    return elapsed


WRK_SCRIPT = """
local paths = {PATHS}
math.randomseed(433100)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def _wrk(port: int, urls: list[str], clients: int, seconds: float, var_dir: str) -> dict:
    """wrk over the sampled guides: req/s, p50/p99 (ms) and how many answers were not 2xx."""
    script = Path(var_dir) / "guides.lua"
    paths = "{" + ", ".join(f'"{u}"' for u in urls) + "}"
    script.write_text(WRK_SCRIPT.replace("{PATHS}", paths))
    return serving.wrk(
        f"http://127.0.0.1:{port}/", connections=clients, seconds=seconds, script=script, cwd=ROOT
    )


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main(argv: list[str] | None = None) -> dict:
    global SRC, PAGES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--port", type=int, default=8151)
    parser.add_argument(
        "--db", default=DB_NAME, help="the PostgreSQL database (created if missing)"
    )
    parser.add_argument("--cache", choices=["file", "redis"], default="file")
    parser.add_argument("--pages", choices=list(MARKS), default="guides")
    parser.add_argument("--src", type=Path, default=ROOT, help="serve this checkout's code")
    args = parser.parse_args(argv)
    SRC, PAGES = args.src.resolve(), args.pages
    var_dir = tempfile.mkdtemp(prefix="zw-guide-bench-")
    env = _env(var_dir, args.db)
    redis = None
    try:
        if args.cache == "redis":
            redis, env["REDIS_URL"] = serving.redis_server(var_dir)
        _create_database(args.db)
        _manage(env, "migrate", "-v0")
        _manage(env, "load_demo", "--quiet-logins")
        _manage(env, "collectstatic", "--noinput", "-v0")
        urls = _sample_urls(env, args.items)
        app = _in_process(env, urls)
        server = serving.gunicorn("zhengwu.wsgi", args.port, env, cwd=SRC)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
            cold = [_fetch(conn, u) for u in urls]
            for _ in range(2):  # warm both workers (their templates, connections, memory)
                for u in urls:
                    _fetch(http.client.HTTPConnection("127.0.0.1", args.port, timeout=10), u)
            load = _wrk(args.port, urls, args.clients, args.seconds, var_dir)
        finally:
            server.terminate()
            server.wait(10)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(10)
        shutil.rmtree(var_dir, ignore_errors=True)
    what = "办事指南页面" if PAGES == "guides" else "公共资源交易栏目和公告页面"
    result = {
        "name": f"{what}（gunicorn 2 workers，PostgreSQL，页面缓存 {args.cache}，命中）",
        "src": str(SRC),
        "cache": args.cache,
        **load,
        "cold_p50_ms": round(_pct(cold, 50), 2),
        "cold_p99_ms": round(_pct(cold, 99), 2),
        "in_process_p50_ms": round(_pct(app, 50), 2),
        "in_process_p99_ms": round(_pct(app, 99), 2),
        "goal_p99_ms": 50,
        "clients": args.clients,
        "items": len(urls),
        "load_average": os.getloadavg(),
    }
    result["ok"] = result["p99_ms"] < result["goal_p99_ms"] and not load["non2xx"]
    print(result["name"], "—", SRC)
    print(f"{'figure':<20}{'value':>12}")
    keys = ["requests", "rps", "p50_ms", "p99_ms", "non2xx", "cold_p50_ms", "cold_p99_ms"]
    for key in keys + ["in_process_p50_ms", "in_process_p99_ms"]:
        print(f"{key:<20}{result[key]:>12}")
    print(f"负载 {result['load_average']}")
    print(f"p99 < 50 ms: {'yes' if result['ok'] else 'NO'}")
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
