"""Browser tests in Debian's chromium, driven by Playwright (no browser is ever downloaded).

The app under test is a real server: gunicorn in a subprocess on a free port, against its own
temporary SQLite database prepared with `migrate` and `load_demo` (ZHENGWU_VAR=a temp dir). We
chose this over pytest-django's live_server because it needs no transactional test database (no
flush and demo reload after every test), it runs the same WSGI server as `make run`, and it is
the same whether the rest of the suite runs on SQLite or PostgreSQL.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    """Debian's chromium; installed once with apt-get when running as root, else a skip."""
    if not os.path.exists(CHROMIUM) and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"], env=env, check=False, timeout=1200
        )
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"浏览器测试需要 Debian 的 chromium（{CHROMIUM}）：未安装，且无法以 root 用 apt-get 安装"
        )
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(var: Path, steps: list[list[str]]):
    """gunicorn on a free port over a fresh SQLite database under `var`, prepared by `steps`
    (manage.py commands); yields its URL and stops it afterwards."""
    env = {
        k: v
        for k, v in os.environ.items()
        # As `make run` serves: development settings, DEBUG off (the Chinese error pages).
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "ZHENGWU_ENV", "DEBUG")
    }
    env.update(ZHENGWU_VAR=str(var), PYTHONPATH=str(ROOT / "src"))
    manage = [sys.executable, str(ROOT / "manage.py")]
    for step in steps:
        subprocess.run([*manage, *step], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    log = open(var / "server.log", "w")  # noqa: SIM115 — closed after the server stops
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "zhengwu.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--chdir",
            str(ROOT / "src"),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2).read()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                raise RuntimeError((var / "server.log").read_text()) from None
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    yield from _serve(
        tmp_path_factory.mktemp("e2e-var"), [["migrate", "-v0"], ["load_demo", "--quiet-logins"]]
    )


# The first account of an empty platform (`run_platform --no-demo`: the real divisions, nothing
# else), made as its operator would, with `create_office_admin`.
OFFICE_ADMIN = "office"


@pytest.fixture(scope="session")
def empty_server_var(tmp_path_factory) -> Path:
    """The empty server's own directory: its SQLite database and its log."""
    return tmp_path_factory.mktemp("e2e-empty")


def run_on_server(var: Path, code: str) -> str:
    """Run Python `code` with `manage.py shell` on the server's database under `var` (as an
    import or a CLI command would, beside the pages); returns what it printed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "ZHENGWU_ENV", "DEBUG")
    }
    env.update(ZHENGWU_VAR=str(var), PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}")
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def empty_server_url(empty_server_var):
    """A platform with only the divisions and one 州政务公开办 administrator (`OFFICE_ADMIN`,
    the demo password): the office sets up everything else through its pages."""
    from zhengwu.org.demo import DEMO_PASSWORD

    yield from _serve(
        empty_server_var,
        [
            ["migrate", "-v0"],
            ["import_divisions"],
            [
                "create_office_admin",
                "--username",
                OFFICE_ADMIN,
                "--name",
                "州政务公开办管理员",
                "--password",
                DEMO_PASSWORD,
            ],
        ],
    )


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What the browser refused under the pages' Content-Security-Policy, in any page opened here;
# every browser test fails if it is not empty (`_no_policy_violations`).
POLICY_VIOLATIONS: list[str] = []


def new_page(browser, server_url: str):
    """A page in a fresh context (its own cookies) that records policy violations."""
    page = browser.new_context(base_url=server_url, locale="zh-CN").new_page()
    page.set_default_timeout(15000)

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            POLICY_VIOLATIONS.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return page


@pytest.fixture(autouse=True)
def _no_policy_violations():
    POLICY_VIOLATIONS.clear()
    yield
    assert not POLICY_VIOLATIONS, "\n".join(POLICY_VIOLATIONS)


@pytest.fixture
def page(browser, server_url):
    page = new_page(browser, server_url)
    yield page
    page.context.close()


def log_in(browser, server_url: str, username: str):
    """A page of its own (a fresh context: its own cookies) logged in as `username`."""
    from zhengwu.org.demo import DEMO_PASSWORD

    page = new_page(browser, server_url)
    page.goto("/accounts/login/")
    page.get_by_label("用户名/证件号").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


# --- the office's own set-up pages, for walks that start from the empty platform -------------


def office_adds_agency(page, name: str, usci: str, code: str, kind: str = "部门") -> None:
    """The office (logged in on `page`) adds a body on 机关单位 (`/workbench/org/agencies/`)."""
    page.goto("/workbench/org/agencies/")
    page.get_by_label("名称（必填）").fill(name)
    page.get_by_label("统一社会信用代码（18位，必填）").fill(usci)
    page.get_by_label("所属区划的区划代码（必填）").fill(code)
    page.get_by_label("类型").select_option(
        label=next(label for value, label in _agency_kinds() if label.startswith(kind))
    )
    page.get_by_role("button", name="新增").click()
    page.wait_for_load_state()
    assert f"已新增{name}" in page.content(), page.content()[:2000]


def _agency_kinds():
    from zhengwu.org.models import Agency

    return Agency.KINDS


def office_adds_staff(
    page, username: str, name: str, role: str, agency: str = "", jurisdiction: str = ""
) -> None:
    """The office opens an account on 人员与角色 with an initial password (the demo's), the
    role `role` (its words) at `agency` (its name) or over `jurisdiction` (its code); the
    person changes the password at first login (`first_log_in`)."""
    from zhengwu.org.demo import DEMO_PASSWORD

    page.goto("/workbench/org/staff/new/")
    page.get_by_label("用户名（登录用，必填）").fill(username)
    page.get_by_label("姓名（必填）").fill(name)
    page.get_by_label("初始密码", exact=False).fill(DEMO_PASSWORD)
    page.get_by_label("角色", exact=True).select_option(label=role)
    if agency:
        page.get_by_label("所在单位", exact=False).select_option(label=agency)
    else:
        page.get_by_label("或辖区的区划代码", exact=False).fill(jurisdiction)
    page.get_by_role("button", name="新建账户").click()
    page.wait_for_load_state()
    assert f"角色为{role}" in page.content(), page.content()[:2000]


def first_log_in(browser, server_url: str, username: str, new_password: str):
    """An account the office opened logs in for the first time and sets its own password, as
    it must; the page stays logged in."""
    from zhengwu.org.demo import DEMO_PASSWORD

    page = log_in(browser, server_url, username)
    page.goto("/accounts/password/")
    page.get_by_label("原密码").fill(DEMO_PASSWORD)
    page.get_by_label("新密码").fill(new_password)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "密码已修改" in page.content(), page.content()[:2000]
    return page
