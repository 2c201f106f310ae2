"""A web worker's memory for deadline requests over every jurisdiction (issue 18 §8).

    .venv/bin/python bench/calendar_memory.py [--before REV] [--src DIR ...]

1. Prepares one SQLite database in a temporary directory: the migrations (which seed the
   official calendar and the 州庆 overlay) and the 1,922 real divisions (`import_divisions`).
2. For each checkout (this one; `--before REV` adds the `src/` of that commit, extracted with
   `git archive`; `--src DIR` adds another checkout's `src/`), starts a fresh Python process that
   loads Django on that database and reads VmRSS (/proc/self/status) three times: after
   `django.setup()`, after the first due date (the national calendar built), and after the
   deadline page's computation (`portal.views.compute_deadline`, 2026-12-07 + 20 working days)
   for each of the 1,922 jurisdiction codes, as a worker serving those requests would; and, with
   `tracemalloc`, what one more calendar keeps (吉首's, the first with the 州庆 overlay).
3. Prints one row per checkout: the three RSS figures (MB), the growth over the 1,922 codes, the
   traced size of one calendar, the time of the first due date (the national calendar built)
   and the mean time per code afterwards; `--json` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, WORKDAYS = "2026-12-07", "20"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def _setup(src: str, var: str) -> None:
    sys.path.insert(0, src)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhengwu.settings"
    os.environ["ZHENGWU_VAR"] = var
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def prepare(var: str) -> None:
    import io

    _setup(str(ROOT / "src"), var)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_divisions", stdout=io.StringIO())


def measure(src: str, var: str) -> dict:
    _setup(src, var)
    import zhengwu
    from zhengwu.org.models import Jurisdiction
    from zhengwu.portal.views import compute_deadline

    codes = list(Jurisdiction.objects.order_by("code").values_list("code", flat=True))
    gc.collect()
    after_setup = _rss_mb()
    t = time.perf_counter()
    first = compute_deadline(START, WORKDAYS, "")
    first_ms = (time.perf_counter() - t) * 1000
    gc.collect()
    after_first = _rss_mb()
    # One more calendar (吉首: the national one with 州庆), its Python allocations traced.
    tracemalloc.start()
    compute_deadline(START, WORKDAYS, "433101")
    gc.collect()
    one_calendar = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    t = time.perf_counter()
    due = {code: compute_deadline(START, WORKDAYS, code)["due_date"] for code in codes}
    seconds = time.perf_counter() - t
    gc.collect()
    after_all = _rss_mb()
    return {
        "src": str(Path(zhengwu.__file__).resolve().parent.parent),
        "codes": len(codes),
        "rss_after_setup_mb": round(after_setup, 1),
        "rss_after_first_mb": round(after_first, 1),
        "rss_after_all_mb": round(after_all, 1),
        "growth_mb": round(after_all - after_first, 1),
        "one_calendar_kb": round(one_calendar / 1024),
        "ms_per_code": round(seconds * 1000 / max(1, len(codes)), 3),
        "first_ms": round(first_ms),
        "national_due": first["due_date"],
        "distinct_due_dates": sorted(set(due.values())),
    }


def _extract(rev: str, into: Path) -> str:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src"],
        check=True,
        capture_output=True,
    ).stdout
    target = into / f"src-{rev}"
    target.mkdir()
    with tempfile.TemporaryFile() as f:
        f.write(archive)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            tar.extractall(target, filter="data")
    return str(target / "src")


def _child(mode: str, *args: str) -> dict | None:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out) if mode == "measure" else None


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also measure the src/ of this commit")
    parser.add_argument("--src", action="append", default=[], help="another checkout's src/")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, *rest = args.child
        if mode == "prepare":
            prepare(*rest)
        else:
            print(json.dumps(measure(*rest)))
        return []
    with tempfile.TemporaryDirectory(prefix="zw-calendar-memory-") as tmp:
        var = str(Path(tmp) / "var")
        _child("prepare", var)
        sources = []
        if args.before:
            sources.append((f"before ({args.before})", _extract(args.before, Path(tmp))))
        sources += [(s, s) for s in args.src]
        sources.append(("this checkout", str(ROOT / "src")))
        results = []
        for label, src in sources:
            figures = _child("measure", src, var) | {"label": label}
            results.append(figures)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return results
    print(
        "| code | codes | RSS after setup | after first due date | after all codes | growth"
        " | one calendar | first due date | ms/code |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(
            f"| {r['label']} | {r['codes']} | {r['rss_after_setup_mb']} MB"
            f" | {r['rss_after_first_mb']} MB | {r['rss_after_all_mb']} MB"
            f" | +{r['growth_mb']} MB | {r['one_calendar_kb']} kB | {r['first_ms']} ms"
            f" | {r['ms_per_code']} |"
        )
    dues = {r["label"]: r["distinct_due_dates"] for r in results}
    print(f"distinct due dates of {START} + {WORKDAYS} working days: {dues}")
    return results


if __name__ == "__main__":
    main()
