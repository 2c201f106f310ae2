from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhengwu.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        from . import index, providers, tasks  # noqa: F401 — tasks registers nothing scheduled

        providers.listen(_on_changed, _on_removed)


def _on_changed(doc):
    from . import index

    index.upsert(doc)


def _on_removed(kind, key):
    from . import index

    index.delete(kind, key)
