from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhengwu.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        from zhengwu.core import searchable
        from zhengwu.portal import workbench

        from . import permissions, tasks  # noqa: F401 — tasks: for the worker

        searchable.listen(_on_changed, _on_removed, _on_added)
        searchable.answer_similar(_similar)
        workbench.register_panel(_panel)


def _on_changed(doc):
    from . import index

    index.upsert(doc)


def _similar(text, **options):
    from . import similar

    return similar.similar(text, **options)


def _on_added(docs):
    from . import index

    index.bulk_load(docs)


def _on_removed(kind, key):
    from . import index

    index.delete(kind, key)


def _panel(user):
    """政务公开办管理员: failed re-index runs as warnings, the index's size as done."""
    from . import services
    from .models import Entry, ReindexRun

    if not services.can_manage(user):
        return None
    latest = ReindexRun.objects.order_by("-created_at").first()
    return {
        "title": "检索索引",
        "todo": None,
        "warning": 1 if latest and latest.status == ReindexRun.FAILED else 0,
        "done": Entry.objects.count(),
        "url": "/workbench/search/",
    }
