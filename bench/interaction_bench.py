"""政民互动 benchmarks on PostgreSQL behind gunicorn (2 workers, loopback):

1. Message submission under load: citizens post letters through POST /api/v1/interaction/messages
   (logged-in sessions with their CSRF cookie: citizens do not get API tokens; rate limits
   raised through the environment) from a threaded load generator;
   reports accepted messages per second, p50/p99 latency, and checks every acknowledged number
   against the database after the run (none may be lost).
2. The live interview from the cache: `wrk` (when installed, else the threaded generator) on the
   htmx fragment /hdjl/interviews/<id>/live/, the state JSON and the full page; requests per
   second (target ≥ 500 for the cached fragment).

    .venv/bin/python bench/interaction_bench.py [--db zw_interaction_bench] [--seconds 20]
                                                [--threads 16] [--citizens 40] [--port 8191]

`main(argv)` returns the figures as a dict (bench/run.py can call it) and prints them as JSON.
The database is created if missing and reused; the demo is loaded once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import serving

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/"
WORDS = [
    "道路",
    "维修",
    "坑洼",
    "低保",
    "申请",
    "材料",
    "学校",
    "收费",
    "资料费",
    "农村",
    "饮水",
    "停水",
    "水管",
    "景区",
    "管理",
    "凤凰",
    "停车",
    "噪音",
    "工资",
    "拖欠",
    "医院",
    "医生",
    "食品",
    "过期",
    "超市",
    "路灯",
    "公交",
    "站点",
    "宅基地",
    "审批",
    "社保",
    "养老",
    "补贴",
    "发放",
]


def _env(db: str, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=PG + db,
        DJANGO_SETTINGS_MODULE="zhengwu.settings",
        DEBUG="0",
        ZHENGWU_VAR=f"/tmp/zw-interaction-bench-{port}",
        # The limits a real deployment keeps are raised so the load generator is not refused.
        ZHENGWU_MESSAGE_RATE_ACCOUNT="1000000/60",
        ZHENGWU_MESSAGE_RATE_IP="1000000/60",
        ZHENGWU_PUBLIC_POST_RATE_IP="1000000/60",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def _ensure_database(db: str) -> None:
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            conn.execute(f'CREATE DATABASE "{db}"')


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _login_headers(user) -> dict[str, str]:
    """The headers of a citizen's logged-in browser: the session cookie (a session made as the
    log in makes it) and the CSRF cookie with its header."""
    import secrets
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = secrets.token_hex(16)  # 32 characters: the form of Django's CSRF secret
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }


def _prepare(citizens: int) -> tuple[list[dict], list[int], int]:
    """Bench citizens logged in, the mailboxes to write to, and a live interview."""
    import django

    django.setup()
    from django.utils import timezone

    from zhengwu.core.identity import id_number_check_char
    from zhengwu.interaction import services
    from zhengwu.interaction.models import Interview, InterviewQuestion, Mailbox
    from zhengwu.org.models import User

    logins = []
    for n in range(citizens):
        born = dt.date(1990, 1, 1) + dt.timedelta(days=n)
        body = f"433101{born:%Y%m%d}9{n % 100:02d}"
        idn = body + id_number_check_char(body)
        user, _ = User.objects.get_or_create(
            username=idn,
            defaults={
                "kind": User.CITIZEN,
                "id_number": idn,
                "real_name": f"压测用户{n}",
                "phone": f"139{n:08d}",
            },
        )
        logins.append(_login_headers(user))
    boxes = list(Mailbox.objects.order_by("id").values_list("id", flat=True))
    handler = User.objects.get(username="handler")
    root_gov = Mailbox.objects.get(agency__jurisdiction__code="433100", kind=Mailbox.LEADER).agency
    interview = Interview.objects.create(
        title="压测：政务服务“一网通办”在线访谈",
        summary="压测用的直播访谈。",
        agency=root_gov,
        guests="州政务服务中心主任",
        host="主持人",
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    services.set_interview_state(interview, state=Interview.LIVE, by=handler)
    for k in range(20):
        q = services.ask_question(
            interview, name=f"网友{k}", text=f"第{k}个问题：网上办事怎么查进度？"
        )
        services.moderate_question(q, approve=True, by=handler)
        services.post(
            interview,
            speaker="州政务服务中心主任",
            text="可登录政务服务网“我的办件”查看每一步的办理情况和期限。" * 3,
            question=InterviewQuestion.objects.get(pk=q.pk),
            by=handler,
        )
    return logins, boxes, interview.pk


def _start_server(env: dict, port: int) -> subprocess.Popen:
    return serving.gunicorn(
        "zhengwu.wsgi", port, env, cwd=ROOT, options=("--worker-class", "gthread", "--threads", "4")
    )


def _letter(rng: random.Random, box: int) -> bytes:
    words = "".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
    return json.dumps(
        {
            "mailbox_id": box,
            "kind": rng.choice(["consult", "suggest", "complain", "help", "report"]),
            "title": f"关于{rng.choice(WORDS)}{rng.choice(WORDS)}的问题",
            "body": f"{words}，请有关部门尽快处理并答复。编号{rng.randint(0, 10**9)}",
        },
        ensure_ascii=False,
    ).encode()


def _submit_load(port: int, logins: list[dict], boxes: list[int], seconds: float, threads: int):
    latencies: list[float] = []
    acked: list[str] = []
    errors: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int):
        rng = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        login = logins[k % len(logins)]
        mine, lat, errs = [], [], {}
        while time.monotonic() < stop:
            body = _letter(rng, rng.choice(boxes))
            started = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    "/api/v1/interaction/messages",
                    body=body,
                    headers={**login, "Content-Type": "application/json"},
                )
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                errs[0] = errs.get(0, 0) + 1
                continue
            lat.append(time.perf_counter() - started)
            if response.status == 201:
                mine.append(json.loads(data)["number"])
            else:
                errs[response.status] = errs.get(response.status, 0) + 1
        with lock:
            acked.extend(mine)
            latencies.extend(lat)
            for code, n in errs.items():
                errors[code] = errors.get(code, 0) + n

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return acked, latencies, errors, time.monotonic() - started


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = {"tool": "wrk", "connections": connections}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            figures["rps"] = float(parts[1])
        elif parts[:1] == ["99%"]:
            figures["p99"] = parts[1]
        elif "Non-2xx" in line:
            figures["non_2xx"] = int(parts[-1])
    return figures


def _get_load(port: int, path: str, seconds: int, threads: int) -> dict:
    count, stop, lock = [0], time.monotonic() + seconds, threading.Lock()

    def worker():
        conn, n = http.client.HTTPConnection("127.0.0.1", port, timeout=10), 0
        while time.monotonic() < stop:
            conn.request("GET", path)
            conn.getresponse().read()
            n += 1
        with lock:
            count[0] += n

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return {"tool": "python-threads", "rps": round(count[0] / seconds, 1)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="政民互动 benchmarks (PostgreSQL, gunicorn -w 2)")
    parser.add_argument("--db", default="zw_interaction_bench")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--citizens", type=int, default=40)
    parser.add_argument("--port", type=int, default=8191)
    args = parser.parse_args(argv)

    env = _env(args.db, args.port)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")})
    os.environ["ZHENGWU_VAR"] = env["ZHENGWU_VAR"]
    sys.path.insert(0, str(ROOT / "src"))
    _ensure_database(args.db)
    print("migrate + demo …", file=sys.stderr)
    _manage(env, "migrate", "-v0")
    _manage(env, "load_demo", "--quiet-logins")
    logins, boxes, interview_id = _prepare(args.citizens)
    from zhengwu.interaction.models import Message

    before = Message.objects.count()
    server = _start_server(env, args.port)
    try:
        # Warm both workers (jieba's dictionary, the sensitive-word list, the cached live state).
        _submit_load(args.port, logins, boxes, 2, 4)
        warm_numbers = Message.objects.count()
        print(f"submission load: {args.seconds}s × {args.threads} threads …", file=sys.stderr)
        acked, latencies, errors, elapsed = _submit_load(
            args.port, logins, boxes, args.seconds, args.threads
        )
        fragment = f"/hdjl/interviews/{interview_id}/live/"
        state = f"/api/v1/interaction/interviews/{interview_id}/live"
        page = f"/hdjl/interviews/{interview_id}/"
        _get_load(args.port, fragment, 1, 4)
        _get_load(args.port, state, 1, 4)
        live = {}
        for name, path in (("fragment", fragment), ("state_json", state), ("full_page", page)):
            print(f"live interview: {path} …", file=sys.stderr)
            url = f"http://127.0.0.1:{args.port}{path}"
            live[name] = (
                _wrk(url, 10, 32) if shutil.which("wrk") else _get_load(args.port, path, 10, 16)
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    stored = Message.objects.filter(number__in=acked).count()
    result = {
        "submission": {
            "seconds": round(elapsed, 1),
            "threads": args.threads,
            "accepted": len(acked),
            "accepted_per_second": round(len(acked) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
            "p99_ms": round(1000 * _percentile(latencies, 99), 1),
            "errors": errors,
            "acknowledged_in_database": stored,
            "lost": len(acked) - stored,
            "duplicated_numbers": len(acked) - len(set(acked)),
            "messages_before": before,
            "messages_after_warmup": warm_numbers,
        },
        "live_interview": live,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if result["submission"]["lost"] or result["submission"]["duplicated_numbers"]:
        raise SystemExit("acknowledged messages are missing from the database")
    return result


if __name__ == "__main__":
    main()
