"""The public 民意征集 page under load: requests/s and p50/p99 of the page rendered for every
request (cold) against the page from the page cache (cached), with concurrent clients.

On PostgreSQL (database `--db`, default `zw_consultation_bench`, created if missing; or
BENCH_DATABASE_URL), with the demo and its open consultation (4 articles) given `--comments`
published comments, served by gunicorn with 2 sync workers, DEBUG off, persistent connections,
the page cache on the file cache under ZHENGWU_VAR (what settings give without REDIS_URL).
CLIENTS processes (not threads: the load generator must not be held by one interpreter lock)
each request the page one after another for `--seconds`:
- **cold**: every request a URL not seen before (`?n=<unique>`), so each one misses the page
  cache, renders the page (the consultation, its articles and published comments) and stores
  it: what the first visitor after a change pays;
- **cached**: the page's own URL, an anonymous GET: served by `PageCacheMiddleware` from the
  cache without touching the database.
Then a comment is published through the service and the page is read again: it must show it
(the page cache moved with the change).

    .venv/bin/python bench/consultation_bench.py [--seconds 10] [--clients 4] [--comments 200]
        [--port 8171] [--db zw_consultation_bench]

`main()` returns the figures as a dict and prints a table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import serving
from run import _percentiles

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "zw_consultation_bench"
MARK = "城乡生活垃圾分类管理办法".encode()  # on the page, cold or cached


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
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "zhengwu.settings",
        }
    )
    return env


def _manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PY, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _create_database(db: str) -> None:
    import psycopg

    url = _db_url(db)
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


PREPARE = """
import datetime as dt
from django.utils import timezone
from zhengwu.interaction.demo.consultations import OPEN_TITLE
from zhengwu.interaction.models import Consultation, ConsultationComment
c = Consultation.objects.get(title=OPEN_TITLE)
sections = list(c.sections.all())
have = c.comments.filter(state="published").count()
now = timezone.now()
rows = []
for k in range(max(0, COMMENTS - have)):
    text = f"第{k + 1}条意见：建议在村民小组设置分类收集点，并明确清运时间和责任人。"
    rows.append(ConsultationComment(
        consultation=c, section=sections[k % len(sections)] if k % 5 else None,
        author_name="网友", text=text, public_text=text, state="published",
        submitted_at=now - dt.timedelta(minutes=k)))
ConsultationComment.objects.bulk_create(rows)
print("PK", c.pk, c.comments.filter(state="published").count())
"""

PUBLISH = """
from zhengwu.interaction import services
from zhengwu.interaction.models import Consultation
from zhengwu.org.models import User
c = Consultation.objects.get(pk=PK)
cm = services.comment(c, name="基准测试", text="MARKER")
services.moderate_comment(cm, publish_it=True, by=User.objects.get(username="handler"))
print("OK")
"""


def _client(port: int, path: str, cold: bool, seconds: float, k: int, out) -> None:
    """One client: requests one after another until the time is up; its latencies (s)."""
    samples, bad, n = [], 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        n += 1
        url = f"{path}?n={k}-{n}" if cold else path
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", url)
        r = conn.getresponse()
        body = r.read()
        conn.close()
        samples.append(time.perf_counter() - t0)
        if r.status != 200 or MARK not in body:
            bad += 1
    out.put((samples, bad))


def _load(port: int, path: str, *, cold: bool, clients: int, seconds: float) -> dict:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client, args=(port, path, cold, seconds, k, queue))
        for k in range(clients)
    ]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    samples = [s for r in results for s in r[0]]
    p50, p99 = _percentiles(samples)
    return {
        "requests": len(samples),
        "rps": round(len(samples) / elapsed, 1),
        "p50_ms": round(p50, 2),
        "p99_ms": round(p99, 2),
        "bad": sum(r[1] for r in results),
    }


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    return conn.getresponse().read()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--comments", type=int, default=200)
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument(
        "--db", default=DB_NAME, help="the PostgreSQL database (created if missing)"
    )
    args = parser.parse_args(argv)
    var_dir = tempfile.mkdtemp(prefix="zw-consultation-bench-")
    env = _env(var_dir, args.db)
    try:
        _create_database(args.db)
        _manage(env, "migrate", "-v0")
        _manage(env, "load_demo", "--quiet-logins")
        _manage(env, "collectstatic", "--noinput", "-v0")
        out = _manage(env, "shell", "-c", PREPARE.replace("COMMENTS", str(args.comments)))
        _, pk, comments = next(x for x in out.splitlines() if x.startswith("PK ")).split()
        path = f"/hdjl/consultations/{pk}/"
        server = serving.gunicorn("zhengwu.wsgi", args.port, env, cwd=ROOT)
        try:
            for _ in range(4):  # both workers: templates loaded, connections open, page stored
                _get(args.port, path)
            cold = _load(args.port, path, cold=True, clients=args.clients, seconds=args.seconds)
            cached = _load(args.port, path, cold=False, clients=args.clients, seconds=args.seconds)
            marker = f"发布后可见{time.time_ns()}"
            _manage(env, "shell", "-c", PUBLISH.replace("PK", pk).replace("MARKER", marker))
            moved = marker.encode() in _get(args.port, path)
        finally:
            server.terminate()
            server.wait(10)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    result = {
        "name": "民意征集页面（gunicorn 2 workers，PostgreSQL，页面缓存 file）",
        "clients": args.clients,
        "seconds": args.seconds,
        "published_comments": int(comments),
        "cold": cold,
        "cached": cached,
        "ratio_rps": round(cached["rps"] / cold["rps"], 1) if cold["rps"] else None,
        "ratio_p50": round(cold["p50_ms"] / cached["p50_ms"], 1) if cached["p50_ms"] else None,
        "moved_after_publish": moved,
        "load_average": os.getloadavg(),
    }
    result["ok"] = moved and not cold["bad"] and not cached["bad"]
    print(result["name"], f"— {args.clients} clients × {args.seconds:g} s, {comments} comments")
    print(f"{'':<8}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'bad':>6}")
    for key in ("cold", "cached"):
        f = result[key]
        print(
            f"{key:<8}{f['requests']:>10}{f['rps']:>10}{f['p50_ms']:>10}{f['p99_ms']:>10}"
            f"{f['bad']:>6}"
        )
    print(f"cached / cold req/s: {result['ratio_rps']}×; cold / cached p50: {result['ratio_p50']}×")
    print(f"page moved after a comment was published: {'yes' if moved else 'NO'}")
    print(f"负载 {result['load_average']}")
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["ok"] else 1)
