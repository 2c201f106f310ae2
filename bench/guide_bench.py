"""The public 办事指南 page under load: p50 / p99 latency and throughput (goal: p99 < 50 ms).

On PostgreSQL (database `zw_services_bench`, created if missing), with the demo catalogue, served
by gunicorn with 2 sync workers and persistent database connections, DEBUG off. A Python load
loop (keep-alive HTTP/1.1 connections, one per client thread) requests the guides of a sample of
items across the 州, county and township sites for a fixed time, after a warm-up pass that fills
each worker's guide cache. The first (uncached) request of each guide is reported separately.

    .venv/bin/python bench/guide_bench.py [--seconds 15] [--clients 4] [--items 200] [--port 8151]

`main()` returns the figures as a dict (for bench/run.py) and prints a table.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DB_NAME = "zw_services_bench"
DB_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")


def _env(var_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": DB_URL,
            "ZHENGWU_VAR": var_dir,
            "DEBUG": "false",
            "CONN_MAX_AGE": "600",
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
        }
    )
    return env


def _manage(env: dict, *args: str) -> str:
    out = subprocess.run(
        [PY, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def _create_database() -> None:
    import psycopg

    admin_url = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def _sample_urls(env: dict, n: int) -> list[str]:
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


def _wait(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _fetch(conn: http.client.HTTPConnection, url: str) -> float:
    t0 = time.perf_counter()
    conn.request("GET", url)
    r = conn.getresponse()
    body = r.read()
    elapsed = time.perf_counter() - t0
    if (
        r.status != 200 or b"\xe5\x8f\x97\xe7\x90\x86\xe6\x9d\xa1\xe4\xbb\xb6" not in body
    ):  # 受理条件
        raise RuntimeError(f"{url}: HTTP {r.status}")
    return elapsed


def _load(port: int, urls: list[str], clients: int, seconds: float) -> list[float]:
    samples: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        rng = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop:
            mine.append(_fetch(conn, rng.choice(urls)))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--port", type=int, default=8151)
    args = parser.parse_args(argv)
    var_dir = tempfile.mkdtemp(prefix="zw-guide-bench-")
    env = _env(var_dir)
    _create_database()
    _manage(env, "migrate", "-v0")
    _manage(env, "load_demo", "--quiet-logins")
    _manage(env, "collectstatic", "--noinput", "-v0")
    urls = _sample_urls(env, args.items)
    app = _in_process(env, urls)
    server = subprocess.Popen(
        [
            GUNICORN,
            "zhengwu.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait(args.port)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
        cold = [_fetch(conn, u) for u in urls]
        # Each worker has its own cache: warm both with fresh connections.
        for _ in range(4):
            for u in urls:
                _fetch(http.client.HTTPConnection("127.0.0.1", args.port, timeout=10), u)
        samples = _load(args.port, urls, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(10)
    result = {
        "name": "办事指南页面（gunicorn 2 workers，PostgreSQL，缓存命中）",
        "requests": len(samples),
        "rps": round(len(samples) / args.seconds, 1),
        "p50_ms": round(_pct(samples, 50), 2),
        "p99_ms": round(_pct(samples, 99), 2),
        "mean_ms": round(statistics.mean(samples) * 1000, 2),
        "cold_p50_ms": round(_pct(cold, 50), 2),
        "cold_p99_ms": round(_pct(cold, 99), 2),
        "in_process_p50_ms": round(_pct(app, 50), 2),
        "in_process_p99_ms": round(_pct(app, 99), 2),
        "goal_p99_ms": 50,
        "clients": args.clients,
        "items": len(urls),
    }
    result["ok"] = result["p99_ms"] < result["goal_p99_ms"]
    print(f"{'figure':<20}{'value':>12}")
    keys = ["requests", "rps", "p50_ms", "p99_ms", "mean_ms", "cold_p50_ms", "cold_p99_ms"]
    for key in keys + ["in_process_p50_ms", "in_process_p99_ms"]:
        print(f"{key:<20}{result[key]:>12}")
    print(f"p99 < 50 ms: {'yes' if result['ok'] else 'NO'}")
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
