"""What the page benchmarks share: gunicorn started and waited for, `wrk` run and read, and a
private redis-server."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import time
from pathlib import Path

GUNICORN = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "gunicorn")

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def gunicorn(
    app: str,
    port: int,
    env: dict,
    *,
    cwd,
    ready_path: str = "/healthz",
    options: tuple[str, ...] = ("--keep-alive", "30"),
    timeout: float = 60,
) -> subprocess.Popen:
    """gunicorn serving `app` with 2 workers on 127.0.0.1:`port` (sync workers with 30 s
    keep-alive, unless `options` say otherwise), returned once `ready_path` answers. A port
    already in use stops the benchmark: it would measure another process's server."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use: choose another with --port")
    server = subprocess.Popen(
        [GUNICORN, app, "--workers", "2", "--bind", f"127.0.0.1:{port}", *options,
         "--log-level", "warning"],
        env=env,
        cwd=cwd,
    )  # fmt: skip
    end = time.monotonic() + timeout
    while time.monotonic() < end and server.poll() is None:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", ready_path)
            c.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    server.wait(10)
    raise RuntimeError("gunicorn did not start")


def wrk(
    url: str, *, connections: int, seconds: float, script: Path | None = None, cwd=None
) -> dict:
    """`wrk --latency` against `url` (one thread): p50/p99 in ms, req/s, requests, non-2xx/3xx."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, cwd=cwd
    ).stdout
    figures = {}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        figures[f"p{pct}_ms"] = round(float(m.group(1)) * _UNITS[m.group(2)], 2)
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    figures["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non2xx"] = int(bad.group(1)) if bad else 0
    return figures


def redis_server(var_dir: str) -> tuple[subprocess.Popen, str]:
    """A private redis-server on a unix socket in `var_dir` (no persistence, no port to collide
    with another run's), as production's REDIS_URL; returns it and its URL."""
    sock = str(Path(var_dir) / "redis.sock")
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly", "no"],
        cwd=var_dir,
        stdout=subprocess.DEVNULL,
    )
    end = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-s", sock, "ping"], capture_output=True).returncode:
        if time.monotonic() > end:
            raise RuntimeError("redis-server did not start")
        time.sleep(0.2)
    return server, f"unix://{sock}"
