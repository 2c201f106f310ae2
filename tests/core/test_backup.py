"""Backups that restore (issue 18 §7): `manage.py backup DIR` takes the database, the uploaded
files and the audit head of one moment and writes a manifest; `manage.py restore DIR` puts them
back and checks rows, file hashes and the audit chain against it. The drill runs on the database
the suite runs on: CI runs the suite on SQLite and on PostgreSQL, so both are drilled, and each
vendor's own branch (pg_dump with an exported snapshot; SQLite's online backup API) is checked
where the suite runs on it.

Restoring replaces the test database itself, so these tests commit for real (transactional) and
`reload_demo` puts the demo back for the next transactional test."""

import datetime as dt
import errno
import hashlib
import io
import json
import sqlite3
import subprocess
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhengwu.core import audit, backup
from zhengwu.core.models import AuditEvent
from zhengwu.disclosure import services
from zhengwu.disclosure.models import Attachment, Document
from zhengwu.org.models import Agency, User

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def site(settings, tmp_path, reload_demo):
    """Uploads and the daily head export in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ZHENGWU_AUDIT_HEAD_FILE = str(tmp_path / "var" / "audit-head.json")
    return tmp_path


def draft(title: str) -> Document:
    """A draft of 吉首市人民政府 by its disclosure officer (audited)."""
    return services.create_draft(
        Agency.objects.get(jurisdiction__code="433101", kind=Agency.GOVERNMENT),
        {
            "title": title,
            "created_on": dt.date(2025, 9, 26),
            "genre": "预决算",
            "topic": "财政、金融、审计",
            "column": "k-czyjs",
            "summary": "2025年全市一般公共预算收支执行情况。",
            "body": "一、一般公共预算收入完成情况",
        },
        by=User.objects.get(username="disclosure"),
    )


def with_attachment(title: str) -> tuple[Document, Attachment]:
    doc = draft(title)
    att = services.add_attachment(
        doc, "预算表.pdf", PDF, by=User.objects.get(username="disclosure")
    )
    return doc, att


def make_backup(root) -> tuple:
    out = io.StringIO()
    call_command("backup", str(root), stdout=out)
    (folder,) = root.iterdir()
    return (
        folder,
        json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
        out.getvalue(),
    )


def restore(folder, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(folder), *args, stdout=out)
    return out.getvalue()


def in_thread(fn):
    """fn on a connection of its own, committed before this returns."""
    out = {}

    def run():
        try:
            out["value"] = fn()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out["value"]


def test_the_restore_drill_brings_back_the_backed_up_state(site, settings, monkeypatch):
    media = settings.MEDIA_ROOT
    doc, att = with_attachment("吉首市2025年财政预算执行情况")
    head_before = audit.head()

    # Another worker commits a draft while the backup holds its snapshot (after the head and
    # the counts were read, before the database is copied): it must be in neither.
    late = {}
    census = backup.census

    def census_then_a_concurrent_commit(head_file=None):
        counted = census(head_file)
        if head_file is not None and not late:
            late["doc"] = in_thread(lambda: draft("备份进行中起草的文件").pk)
        return counted

    monkeypatch.setattr(backup, "census", census_then_a_concurrent_commit)
    # What pg_dump is given (PostgreSQL): the password only in its environment.
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret-pw")
    calls = []
    run = subprocess.run

    def spy(command, **kwargs):
        calls.append((command, kwargs.get("env") or {}))
        return run(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    folder, manifest, out = make_backup(site / "backups")
    monkeypatch.undo()

    assert "备份完成" in out and "ZHENGWU_FIELD_KEY" in out
    assert Document.objects.filter(pk=late["doc"]).exists()
    assert manifest["audit_head"] == head_before != audit.head()
    assert json.loads((folder / "audit-head.json").read_text())["hash"] == head_before["hash"]
    assert manifest["tables"]["disclosure_document"] == Document.objects.count() - 1
    assert manifest["tables"]["disclosure_attachment"] == Attachment.objects.count()
    assert manifest["tables"]["core_auditevent"] == head_before["seq"]
    assert manifest["migrations"]["core"].startswith("00")
    assert manifest["created_at"].endswith("+08:00")
    assert "ZHENGWU_FIELD_KEY" in manifest["not_included"]
    assert {"path": att.file.name, "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()} in (
        manifest["files"]
    )
    dump = folder / manifest["database"]["file"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["sha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    if connection.vendor == "postgresql":
        ((command, env),) = [c for c in calls if c[0][0] == "pg_dump"]
        assert "--format=custom" in command
        assert any(arg.startswith("--snapshot=") for arg in command)
        assert not any("s3cret-pw" in arg for arg in command)
        assert env["PGPASSWORD"] == "s3cret-pw"
        assert dump.read_bytes().startswith(b"PGDMP")
    else:
        copy = sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copy.close()

    # The day goes on: the daily head export, rows added and deleted, a file altered.
    call_command("verify_audit", "--export-head", stdout=io.StringIO())
    later = draft("备份之后起草的文件")
    Attachment.objects.filter(pk=att.pk).delete()
    (media / att.file.name).write_bytes(b"%PDF-1.4 altered")
    (media / "disclosure" / "stray.pdf").write_bytes(PDF)

    with pytest.raises(CommandError) as refused:
        restore(folder)
    assert "当前数据库不是空的" in str(refused.value) and "--yes" in str(refused.value)
    assert Document.objects.filter(pk=later.pk).exists()

    out = restore(folder, "--yes")
    assert "通过  数据库文件" in out
    assert "通过  行数" in out
    assert "通过  上传文件" in out
    assert "通过  审计链" in out
    assert "恢复完成，校验全部通过" in out
    assert Attachment.objects.filter(pk=att.pk, document=doc).exists()
    assert not Document.objects.filter(pk__in=[later.pk, late["doc"]]).exists()
    assert (media / att.file.name).read_bytes() == PDF
    assert not (media / "disclosure" / "stray.pdf").exists()
    # The restore is on the chain, after the backed-up head, and the daily check passes
    # against the head exported after it (the one from before is kept beside it).
    last = AuditEvent.objects.order_by("-id").first()
    assert last.action == "system.restore" and last.object_id == folder.name
    assert audit.verify(audit.load_head(str(folder / "audit-head.json"))).ok
    checked = io.StringIO()
    call_command("verify_audit", stdout=checked)
    assert "审计链完好" in checked.getvalue()
    assert len(list((site / "var").glob("audit-head.before-restore-*.json"))) == 1


def test_a_damaged_or_incomplete_backup_is_refused_or_reported(site, settings, monkeypatch):
    media, root = settings.MEDIA_ROOT, site / "backups"
    doc, att = with_attachment("吉首市2025年财政预算执行情况")

    # A backup that fails at its end (the disk full) leaves no directory that looks complete.
    def disk_full(path, data):
        raise OSError(errno.ENOSPC, "磁盘空间不足", str(path))

    monkeypatch.setattr(backup, "_write_json", disk_full)
    with pytest.raises(CommandError) as failed:
        call_command("backup", str(root), stdout=io.StringIO())
    assert "备份失败" in str(failed.value) and "磁盘空间不足" in str(failed.value)
    assert list(root.iterdir()) == []
    monkeypatch.undo()

    folder, manifest, _ = make_backup(root)
    later = draft("备份之后起草的文件")

    # Without its manifest a backup is not restored.
    (folder / "manifest.json").rename(site / "manifest.json")
    with pytest.raises(CommandError) as incomplete:
        restore(folder, "--yes")
    assert "不是完整的备份" in str(incomplete.value)
    (site / "manifest.json").rename(folder / "manifest.json")

    # A dump changed after the backup is refused before anything is restored.
    dump = folder / manifest["database"]["file"]
    original = dump.read_bytes()
    middle = len(original) // 2
    dump.write_bytes(original[:middle] + bytes([original[middle] ^ 0xFF]) + original[middle + 1 :])
    with pytest.raises(CommandError) as tampered:
        restore(folder, "--yes")
    assert "SHA-256 与清单不符" in str(tampered.value) and "未做任何恢复" in str(tampered.value)
    assert Document.objects.filter(pk=later.pk).exists()
    dump.write_bytes(original)

    # A file changed in the backup: restored, and reported by name; the exit is non-zero.
    (folder / "media" / att.file.name).write_bytes(b"%PDF-1.4 forged")
    out = io.StringIO()
    with pytest.raises(CommandError) as reported:
        call_command("restore", str(folder), "--yes", stdout=out)
    assert "恢复后的校验未通过：上传文件" in str(reported.value)
    out = out.getvalue()
    assert f"未通过  上传文件：1 个文件不符：{att.file.name} 的 SHA-256 与清单不符" in out
    assert "通过  行数" in out and "通过  审计链" in out
    assert not Document.objects.filter(pk=later.pk).exists()
    assert Document.objects.filter(pk=doc.pk).exists()
    assert (media / att.file.name).read_bytes() == b"%PDF-1.4 forged"
