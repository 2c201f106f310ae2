"""Production settings: `manage.py check --deploy` passes, and production refuses a weak key or
no field encryption key."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, tmp_path, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(ZHENGWU_ENV="production", ZHENGWU_VAR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def field_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        ZHENGWU_FIELD_KEY=field_key(),
        ALLOWED_HOSTS="zhengwu.example.gov.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_field_key(tmp_path):
    """The TOTP secrets' key is the deployment's own, not one derived from SECRET_KEY."""
    env = {"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "zhengwu.example.gov.cn"}
    result = manage("check", tmp_path=tmp_path, ZHENGWU_FIELD_KEY="", **env)
    assert result.returncode != 0 and "ZHENGWU_FIELD_KEY" in result.stderr
    bad = manage("check", tmp_path=tmp_path, ZHENGWU_FIELD_KEY="not-a-key", **env)
    assert bad.returncode != 0 and "无效的密钥" in bad.stderr
    rotating = manage(
        "check", tmp_path=tmp_path, ZHENGWU_FIELD_KEY=f"{field_key()},{field_key()}", **env
    )
    assert rotating.returncode == 0, rotating.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY="short", ALLOWED_HOSTS="zhengwu.example.gov.cn"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_web_worker_keeps_what_it_loaded_out_of_full_collections(tmp_path):
    """The WSGI module freezes what the app loaded (Django, the apps, the segmenters'
    dictionaries): a full garbage collection in a worker then walks only what requests made."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(ZHENGWU_VAR=str(tmp_path), PYTHONPATH=str(ROOT / "src"))
    script = (
        "import gc; from zhengwu.wsgi import application; "
        "print(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    frozen, tracked = result.stdout.split()[-2:]
    assert int(frozen) > 50_000  # the app as loaded
    assert int(tracked) < int(frozen) // 10  # what a full collection still walks
