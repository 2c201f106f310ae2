"""Backups that restore: `manage.py backup DIR` and `manage.py restore DIR` (docs/deploy.md §7).

A backup is a directory DIR/<YYYYmmdd-HHMMSS>/ (Beijing time) holding the database
(`database.dump`, pg_dump's custom format, or `database.sqlite3`), `media/` (a copy of
MEDIA_ROOT), `audit-head.json` (every audit chain's head) and `manifest.json`: row counts per
table, the migration state, each file's size and SHA-256, the audit head and the dump's SHA-256.
The manifest is written last, under a temporary name renamed into place: a directory without
it is not a backup, and `restore` refuses it; a failed backup removes its directory.

The same moment: the audit head, the row counts and the migration state are read in one read
transaction, and the database is copied from that transaction's snapshot. On PostgreSQL the
transaction is REPEATABLE READ and exports its snapshot (`pg_export_snapshot()`), which
`pg_dump --snapshot` imports; on SQLite (WAL) the online backup API copies the file through the
connection that holds the read transaction, and so copies what that transaction sees. Uploaded
files are copied after the snapshot: a file is saved before the row naming it commits, so every
file a backed-up row names is there (files uploaded meanwhile come along unnamed, harmlessly).

Not in a backup: SECRET_KEY and ZHENGWU_FIELD_KEY (the key the TOTP secrets are encrypted with).
They are kept apart from the backups, and a restored database needs the same field key.
"""

from __future__ import annotations

import getpass
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import audit

FORMAT = "zhengwu-backup/1"
MANIFEST = "manifest.json"
HEAD_FILE = "audit-head.json"
MEDIA_DIR = "media"
MANIFEST_KEYS = (
    "created_at",
    "platform_version",
    "database",
    "migrations",
    "tables",
    "files",
    "audit_head",
    "audit_head_file",
)
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDORS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
NOT_INCLUDED = (
    "SECRET_KEY 与 ZHENGWU_FIELD_KEY（TOTP 密钥等加密字段的密钥）不在备份中，须与备份分开保管；"
    "恢复后的数据库须使用原来的 ZHENGWU_FIELD_KEY。"
)
# pg_restore waits at most this long for a table another session still uses.
RESTORE_LOCK_TIMEOUT = "60s"
CHUNK = 1024 * 1024
# The libpq options of DATABASE_URL passed on to pg_dump and pg_restore (no secrets among them).
LIBPQ_OPTIONS = {
    "sslmode",
    "sslcert",
    "sslkey",
    "sslrootcert",
    "sslcrl",
    "connect_timeout",
    "application_name",
    "options",
    "target_session_attrs",
    "service",
    "passfile",
    "gssencmode",
    "channel_binding",
}

Say = Callable[[str], None]


# --- what is counted ----------------------------------------------------------------------------


def census(head_file: Path | None = None) -> dict:
    """The audit head, the row count of every model table and the last migration of each app,
    read on Django's connection (inside the backup's snapshot when the backup calls it); with
    head_file, the head is also exported there (`audit.export_head`)."""
    if head_file is not None:
        audit.export_head(str(head_file))
    with connection.cursor() as cursor:
        tables = {}
        for table in sorted(
            connection.introspection.django_table_names(only_existing=True, include_views=False)
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            tables[table] = cursor.fetchone()[0]
    migrations: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        migrations[app] = max(name, migrations.get(app, ""))
    return {
        "audit_head": audit.head(),
        "tables": tables,
        "migrations": dict(sorted(migrations.items())),
    }


def _rows_anywhere() -> int:
    """How many model tables of the configured database hold at least one row."""
    found = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        ):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            found += cursor.fetchone() is not None
    return found


def _label(table: str) -> str:
    """A table as an operator reads it: the model's name, then the table's."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            return f"{model._meta.verbose_name}（{table}）"
    return table


# --- files --------------------------------------------------------------------------------------


def _files(root: Path) -> list[Path]:
    """The regular files under root, relative, in a stable order (symbolic links not followed)."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root))
    return sorted(found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Path, target: Path) -> dict:
    """Copy a file, hashing the bytes written; its entry in the manifest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as r, target.open("wb") as w:
        while chunk := r.read(CHUNK):
            digest.update(chunk)
            w.write(chunk)
            size += len(chunk)
    shutil.copystat(source, target)
    return {"size": size, "sha256": digest.hexdigest()}


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}（{error.filename}）" if error.filename else error.strerror
    return str(error)


def _size(n: int) -> str:
    return f"{n / CHUNK:.1f} MB" if n >= CHUNK else f"{n / 1024:.1f} KB"


def _write_json(path: Path, data: dict) -> None:
    """Write to a temporary name, flush it to disk, then rename: the file is whole or absent."""
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_client(program: str, *args: str, **env: str) -> None:
    """Run pg_dump or pg_restore against the configured database. The password goes in
    PGPASSWORD, never on the command line; the URL's libpq options (sslmode…) go in the
    connection string."""
    from psycopg.conninfo import make_conninfo

    db = connection.settings_dict
    params = {k: str(v) for k, v in (db.get("OPTIONS") or {}).items() if k in LIBPQ_OPTIONS}
    for key, value in (("dbname", "NAME"), ("host", "HOST"), ("port", "PORT"), ("user", "USER")):
        if db.get(value):
            params[key] = str(db[value])
    environment = os.environ | env
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    command = [program, "--no-password", f"--dbname={make_conninfo(**params)}", *args]
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as e:
        raise CommandError(
            f"找不到 {program}：请安装 PostgreSQL 客户端（大版本不低于数据库服务器）"
        ) from e
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-5:]
        raise CommandError(f"{program} 失败（退出码 {result.returncode}）：" + " / ".join(detail))


def _snapshot_postgresql(dump: Path, head_file: Path) -> dict:
    """Dump the database as one REPEATABLE READ transaction sees it, and count in it."""
    connection.ensure_connection()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counted = census(head_file)
        _pg_client("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}")
    return counted


def _restore_postgresql(dump: Path) -> None:
    """pg_restore in one transaction: it replaces the dumped tables or, failing, changes nothing.
    It waits for a table another session holds at most RESTORE_LOCK_TIMEOUT."""
    connections.close_all()
    options = f"{os.environ.get('PGOPTIONS', '')} -c lock_timeout={RESTORE_LOCK_TIMEOUT}"
    _pg_client(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        str(dump),
        PGOPTIONS=options.strip(),
    )


# --- SQLite -------------------------------------------------------------------------------------


def _snapshot_sqlite(copy: Path, head_file: Path) -> dict:
    """Count in a read transaction on Django's connection, then copy the file through that
    connection with the online backup API: the copy is what the transaction sees."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        try:
            counted = census(head_file)
            target = sqlite3.connect(copy)
            try:
                connection.connection.backup(target)
                # A self-contained file: no -wal beside it is needed to read it.
                target.execute("PRAGMA journal_mode=DELETE")
                check = target.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                target.close()
        finally:
            cursor.execute("ROLLBACK")
    if check != "ok":
        raise CommandError(f"数据库副本的完整性检查未通过：{check}")
    return counted


def _restore_sqlite(copy: Path) -> None:
    """Write the copy into the configured database through the backup API, which takes the
    database's lock and leaves no stale write-ahead log behind (a plain file copy could)."""
    target_name = connection.settings_dict["NAME"]
    connections.close_all()
    source = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(target_name, timeout=20)
    try:
        source.backup(target)
    except sqlite3.OperationalError as e:
        raise CommandError(f"无法写入数据库（{e}）：请先停止平台的全部进程") from e
    finally:
        target.close()
        source.close()


SNAPSHOT = {"postgresql": _snapshot_postgresql, "sqlite": _snapshot_sqlite}
RESTORE = {"postgresql": _restore_postgresql, "sqlite": _restore_sqlite}


def _vendor() -> str:
    if connection.vendor not in SNAPSHOT:
        raise CommandError(f"不支持备份此类数据库：{connection.vendor}")
    if connection.in_atomic_block:
        raise CommandError("备份与恢复不能在事务中进行")
    return connection.vendor


# --- backup -------------------------------------------------------------------------------------


def _version() -> str:
    try:
        return importlib.metadata.version("zhengwu")
    except importlib.metadata.PackageNotFoundError:
        return "未知"


def make(root: Path, say: Say) -> Path:
    """Back up into a new directory under root; returns it. On failure nothing is left."""
    vendor = _vendor()
    created = timezone.localtime()
    target = Path(root) / created.strftime("%Y%m%d-%H%M%S")
    try:
        target.mkdir(parents=True)
    except FileExistsError as e:
        raise CommandError(f"备份目录已存在：{target}（请稍后再试）") from e
    except OSError as e:
        raise CommandError(f"无法创建备份目录 {target}：{e.strerror}") from e
    try:
        say(f"备份到 {target}")
        dump = target / DUMP_FILES[vendor]
        counted = SNAPSHOT[vendor](dump, target / HEAD_FILE)
        say(
            f"数据库（{VENDORS[vendor]}）：{len(counted['tables'])} 张表，"
            f"{sum(counted['tables'].values())} 行，审计事件 {counted['audit_head']['seq']} 条，"
            f"已写入 {dump.name}（{_size(dump.stat().st_size)}）"
        )
        media = Path(settings.MEDIA_ROOT)
        files = [
            {"path": rel.as_posix()} | _copy(media / rel, target / MEDIA_DIR / rel)
            for rel in _files(media)
        ]
        (target / MEDIA_DIR).mkdir(exist_ok=True)
        say(f"上传文件：已复制 {len(files)} 个（{_size(sum(f['size'] for f in files))}）")
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "platform_version": _version(),
            "database": {
                "vendor": vendor,
                "file": dump.name,
                "size": dump.stat().st_size,
                "sha256": _sha256(dump),
            },
            "migrations": counted["migrations"],
            "tables": counted["tables"],
            "files": files,
            "audit_head": counted["audit_head"],
            "audit_head_file": HEAD_FILE,
            "not_included": NOT_INCLUDED,
        }
        _write_json(target / MANIFEST, manifest)
    except BaseException as e:
        shutil.rmtree(target, ignore_errors=True)
        if isinstance(e, OSError | DatabaseError | sqlite3.Error):
            raise CommandError(f"备份失败，未完成的备份目录已删除：{_reason(e)}") from e
        raise
    say(f"备份完成：{target}（清单 SHA-256 {_sha256(target / MANIFEST)}）")
    say(NOT_INCLUDED)
    return target


# --- restore ------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        if not folder.is_dir():
            raise CommandError(f"备份目录不存在：{folder}")
        complete = sorted(p.parent for p in folder.glob(f"*/{MANIFEST}"))
        if complete:
            raise CommandError(
                f"{folder} 中没有清单文件 {MANIFEST}；请指定其中的某次备份，最近的是 {complete[-1]}"
            )
        raise CommandError(f"{folder} 不是完整的备份（没有清单文件 {MANIFEST}，备份可能中途失败）")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise CommandError(f"清单文件无法读取：{e}") from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError(f"清单文件不是本平台的备份清单（应为 {FORMAT} 格式）")
    missing = [key for key in MANIFEST_KEYS if key not in manifest]
    if missing:
        raise CommandError(f"清单文件不完整，缺少：{'、'.join(missing)}")
    return manifest


def _check_dump(folder: Path, manifest: dict) -> Check:
    """The dump's SHA-256 against the manifest's, before anything is restored."""
    recorded = manifest["database"]
    if recorded["vendor"] != connection.vendor:
        raise CommandError(
            f"这份备份来自 {VENDORS.get(recorded['vendor'], recorded['vendor'])} 数据库，"
            f"当前配置的是 {VENDORS[connection.vendor]}：不能恢复"
        )
    dump = folder / recorded["file"]
    if not dump.is_file():
        raise CommandError(f"备份中缺少数据库文件 {recorded['file']}，未做任何恢复")
    if _sha256(dump) != recorded["sha256"]:
        raise CommandError(
            f"数据库文件 {recorded['file']} 的 SHA-256 与清单不符（已损坏或被改动），未做任何恢复"
        )
    return Check("数据库文件", True, f"{recorded['file']} 的 SHA-256 与清单一致（恢复前核对）")


def _replace_media(source: Path) -> int:
    """MEDIA_ROOT becomes the backup's files: each copied under a temporary name and renamed
    into place, then whatever the backup does not have is removed. The folder itself stays (it
    may be a mount)."""
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    wanted = _files(source)
    for rel in wanted:
        target = media / rel
        temporary = target.with_name(f".{target.name}.restoring")
        _copy(source / rel, temporary)
        os.replace(temporary, target)
    for rel in set(_files(media)) - set(wanted):
        (media / rel).unlink()
    return len(wanted)


def _check_rows(manifest: dict) -> Check:
    now = census()["tables"]
    wrong = [
        f"{_label(table)} 应为 {count} 行，现为 {now.get(table, '无此表')}"
        for table, count in manifest["tables"].items()
        if now.get(table) != count
    ]
    if wrong:
        return Check("行数", False, f"{len(wrong)} 张表与清单不符：" + "；".join(wrong))
    total = sum(manifest["tables"].values())
    return Check("行数", True, f"{len(manifest['tables'])} 张表共 {total} 行，与清单一致")


def _check_files(manifest: dict) -> Check:
    media = Path(settings.MEDIA_ROOT)
    recorded = {f["path"]: f for f in manifest["files"]}
    present = {rel.as_posix() for rel in _files(media)}
    wrong = []
    for path, entry in recorded.items():
        if path not in present:
            wrong.append(f"{path} 缺失")
        elif _sha256(media / path) != entry["sha256"]:
            wrong.append(f"{path} 的 SHA-256 与清单不符")
    wrong += [f"{path} 不在清单中" for path in sorted(present - recorded.keys())]
    if wrong:
        return Check("上传文件", False, f"{len(wrong)} 个文件不符：" + "；".join(wrong))
    return Check("上传文件", True, f"{len(recorded)} 个文件的 SHA-256 与清单一致")


def _check_audit(folder: Path, manifest: dict) -> Check:
    """`verify_audit --full --head` with the head exported in the backup: after a restore every
    chain is walked from its first event, not only from the head."""
    head_file = folder / manifest["audit_head_file"]
    exported = audit.load_head(str(head_file))
    if exported is None or exported.get("hash") != manifest["audit_head"]["hash"]:
        return Check("审计链", False, f"链头文件 {head_file.name} 缺失或与清单记录的链头不符")
    out = io.StringIO()
    try:
        call_command("verify_audit", head=str(head_file), full=True, stdout=out)
    except CommandError as e:
        return Check("审计链", False, str(e))
    return Check(
        "审计链", True, out.getvalue().strip() + "（自首条事件起全量校验，并核对备份中的链头）"
    )


def _pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _record(folder: Path, manifest: dict, ok: bool, say: Say) -> None:
    """The restore, on the audit chain; once verified, the local head file follows the
    restored chain (the previous one is kept beside it), or the daily check would call the
    restored chain truncated."""
    try:
        who = f"系统账户 {getpass.getuser()}"
    except (KeyError, OSError):
        who = "系统账户"
    audit.record(
        "system.restore",
        object_type="system.backup",
        object_id=folder.name,
        actor=who,
        after={
            "backup": folder.name,
            "created_at": manifest["created_at"],
            "audit_head": manifest["audit_head"]["hash"],
            "verified": ok,
        },
    )
    say("已在审计链上记录这次恢复")
    if ok:
        current = Path(settings.ZHENGWU_AUDIT_HEAD_FILE)
        if current.exists():
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            kept = current.rename(current.with_name(f"{current.stem}.before-restore-{stamp}.json"))
            say(f"恢复前的链头文件改名保留为 {kept}")
        audit.export_head()
        say(f"恢复后的链头已导出到 {current}")


def restore(folder: Path, *, yes: bool, say: Say) -> list[Check]:
    """Restore the backup in folder over the configured database and MEDIA_ROOT, then check
    the rows, the files and the audit chain against its manifest."""
    folder = Path(folder)
    _vendor()
    manifest = _manifest(folder)
    dump_check = _check_dump(folder, manifest)
    if not (folder / MEDIA_DIR).is_dir():
        raise CommandError(f"备份中缺少上传文件目录 {MEDIA_DIR}，未做任何恢复")
    say(f"备份 {folder.name}（{manifest['created_at']}，平台版本 {manifest['platform_version']}）")
    say(dump_check.detail)
    filled = _rows_anywhere()
    if filled and not yes:
        raise CommandError(
            f"当前数据库不是空的（{filled} 张表有数据），恢复将用备份覆盖全部内容。"
            "确认后请加 --yes 重新运行"
        )
    RESTORE[manifest["database"]["vendor"]](folder / manifest["database"]["file"])
    say("数据库已恢复")
    try:
        count = _replace_media(folder / MEDIA_DIR)
    except OSError as e:
        raise CommandError(f"数据库已恢复，但上传文件恢复失败：{_reason(e)}") from e
    say(f"上传文件已恢复：{count} 个（{settings.MEDIA_ROOT}）")
    cache.clear()
    say("缓存已清空（页面缓存与缓存中的会话）")
    checks = [dump_check, _check_rows(manifest), _check_files(manifest)]
    checks.append(_check_audit(folder, manifest))
    ok = all(c.ok for c in checks)
    _record(folder, manifest, ok, say)
    pending = _pending_migrations()
    if pending:
        say(f"注意：代码中有 {pending} 个数据库迁移尚未应用于恢复的数据库，请运行 migrate")
    return checks
