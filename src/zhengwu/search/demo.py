"""The demo's search index: every record the other apps' demos published, indexed once more
through the providers (idempotent: a second run leaves the same rows)."""

from zhengwu.core import searchable

from . import index


def build(stdout) -> None:
    kinds = [p.kind for p in searchable.providers()]
    if not kinds:
        stdout.write("检索：没有已注册的检索类别，跳过\n")
        return
    stats = index.reindex()
    stdout.write(f"检索：{'、'.join(kinds)} 共索引 {stats.indexed} 条，移除 {stats.removed} 条\n")
