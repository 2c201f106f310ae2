"""The crash test (PostgreSQL): the real app server (gunicorn, started as `run_platform` starts
it) against the committed test database; messages and case applications with files submitted
on several threads, each with an Idempotency-Key; the server killed with SIGKILL mid-load and
started again; every submission that was not acknowledged retried with its key. Then every
acknowledged submission exists exactly once (with the number its acknowledgement gave), every
retried one exactly once, a replayed acknowledgement is the first one, no uploaded file is
left without a row after the sweep, and `manage.py verify_audit` passes.

Each lane's first client gives up before its answer (as the issue's timed-out client did), so
retries of submissions the server did commit are part of the run. No timing is asserted: the
kill comes when a set number of submissions are acknowledged."""

import datetime as dt
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.cases.conftest import PDF, make_item
from zhengwu.cases.models import Case, CaseMaterial
from zhengwu.core import uploads
from zhengwu.core.models import IdempotencyKey
from zhengwu.interaction.models import Message
from zhengwu.org.models import Agency, User

ROOT = Path(__file__).resolve().parents[2]
CITIZENS = ["433101198803140228", "433123199511020171"]
THREADS, EACH, KILL_AFTER = 4, 12, 16  # 48 submissions; SIGKILL at the 16th acknowledgement
CSRF = ("crashtest" * 4)[
    :32
]  # the CSRF cookie's value, sent back in the header as a browser's page does

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the crash test needs PostgreSQL: a server process must share the committed "
        "test database, which the SQLite test database cannot",
    ),
    pytest.mark.django_db(transaction=True),
]


class Server:
    """gunicorn in its own process group, as `manage.py run_platform` starts it."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> None:
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "zhengwu.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--chdir",
                    str(ROOT / "src"),
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{self.url}/healthz", timeout=2).raise_for_status()
                return
            except requests.RequestException:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop(signal.SIGKILL)
                    raise RuntimeError(self.log.read_text()[-5000:]) from None
                time.sleep(0.2)

    def stop(self, how=signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, how)  # the master and its workers at once
            self.process.wait(timeout=30)


class Submission:
    def __init__(self, n: int, kind: str, session: str, item_id: int, materials: list[int]):
        self.n, self.kind, self.session = n, kind, session
        self.item_id, self.materials = item_id, materials
        self.key = uuid.uuid4().hex
        self.marker = f"崩溃测试{kind}{n:03d}"
        self.first: requests.Response | None = None  # the acknowledgement
        self.retried = False

    def send(self, url: str, timeout=60) -> requests.Response:
        headers = {
            "Cookie": f"sessionid={self.session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Idempotency-Key": self.key,
        }
        if self.kind == "message":
            body = {
                "jurisdiction_code": "433101",
                "kind": "consult",
                "title": self.marker,
                "body": f"{self.marker}：请问办理食品经营许可需要准备哪些材料，多久能办好？",
            }
            return requests.post(
                f"{url}/api/v1/interaction/messages", json=body, headers=headers, timeout=timeout
            )
        files = {f"material_{m}": (f"{m}.pdf", PDF, "application/pdf") for m in self.materials}
        data = {"item": self.item_id, "applicant_phone": "13907430001", "summary": self.marker}
        return requests.post(
            f"{url}/api/v1/cases/", data=data, files=files, headers=headers, timeout=timeout
        )


def logged_in(username: str) -> str:
    """The key of a committed session of `username` (the server reads sessions from the database)."""
    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client.cookies["sessionid"].value


def test_a_killed_server_loses_nothing_and_duplicates_nothing(reload_demo, settings, tmp_path):
    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "media"
    settings.ZHENGWU_AUDIT_HEAD_FILE = str(var / "audit-head.json")  # none: verify the chains
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ZHENGWU_ENV")}
    env.update(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        ZHENGWU_VAR=str(var),
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="zhengwu.settings",
        ZHENGWU_MESSAGE_RATE_ACCOUNT="100000/3600",
        ZHENGWU_MESSAGE_RATE_IP="100000/3600",
    )
    item = make_item(Agency.objects.get(jurisdiction__code="433101", short_name="市场监管"))
    materials = list(item.materials.filter(required=True).values_list("pk", flat=True))
    sessions = [logged_in(u) for u in CITIZENS]  # citizens use the API from a logged-in session
    plan = [
        [
            Submission(
                t * EACH + i, "message" if i % 2 else "case", sessions[t % 2], item.pk, materials
            )
            for i in range(EACH)
        ]
        for t in range(THREADS)
    ]
    everything = [s for lane in plan for s in lane]
    server = Server(env, tmp_path / "server.log")
    acknowledged, unexpected, lock = [], [], threading.Lock()

    def run(lane):
        for s in lane:
            try:
                # each lane's first client gives up before the answer comes (the issue's
                # timed-out client): the server goes on and commits, the client retries later
                r = s.send(server.url, timeout=(10, 0.01) if s is lane[0] else 60)
            except requests.RequestException:
                continue  # not acknowledged: the connection died with the server
            if r.status_code != 201:
                unexpected.append((s.marker, r.status_code, r.text[:500]))
                continue
            with lock:
                s.first = r
                acknowledged.append(s)
                if len(acknowledged) == KILL_AFTER:
                    server.stop(signal.SIGKILL)  # mid-load: the other threads are mid-request

    try:
        server.start()
        threads = [threading.Thread(target=run, args=(lane,)) for lane in plan]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert unexpected == []
        before_kill = len(acknowledged)
        assert server.process.poll() is not None  # it was killed
        server.start()
        pending, replayed = [s for s in everything if s.first is None], 0
        assert pending, "the server was killed after every submission was acknowledged"
        for s in pending:  # the client's retry: the same request with the same key
            s.retried = True
            r = s.send(server.url)
            assert r.status_code == 201, r.text
            s.first = r
            replayed += r.headers.get("Idempotent-Replayed") == "true"
        for s in [s for s in everything if not s.retried][:4]:  # an acknowledged one again
            again = s.send(server.url)
            assert again.headers["Idempotent-Replayed"] == "true"
            assert (again.status_code, again.content) == (s.first.status_code, s.first.content)
    finally:
        server.stop()

    # every submission exactly once, under the number its acknowledgement gave
    made = Counter(
        [
            *Message.objects.filter(title__startswith="崩溃测试").values_list("title", flat=True),
            *Case.objects.filter(summary__startswith="崩溃测试").values_list("summary", flat=True),
        ]
    )
    assert made == {s.marker: 1 for s in everything}
    for s in everything:
        number = s.first.json()["number"]
        if s.kind == "message":
            assert Message.objects.get(title=s.marker).number == number
        else:
            case = Case.objects.get(summary=s.marker)
            assert case.number == number and case.materials.count() == len(materials)
    keys = IdempotencyKey.objects.filter(key__in=[s.key for s in everything])
    assert keys.count() == len(everything)
    # every material's file is there; after the sweep, no file without a row
    for m in CaseMaterial.objects.filter(case__summary__startswith="崩溃测试"):
        assert default_storage.exists(m.file.name)
    swept = io.StringIO()
    call_command("sweep_orphan_files", hours=0, stdout=swept)
    assert list(uploads.orphans(older_than=dt.timedelta(0))) == []
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "审计链完好" in out.getvalue()
    print(  # for the log: how the run went (not asserted beyond the above)
        f"\n崩溃测试：被终止前确认 {before_kill} 项，重试 {len(pending)} 项"
        f"（其中 {replayed} 项已在终止前写入、重试得到第一次的结果），共 {len(everything)} 项，"
        f"丢失 0，重复 0；{swept.getvalue().splitlines()[-1]}"
    )
