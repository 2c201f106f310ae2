from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    """政府信息公开: 主动公开 documents, catalogue, guide, rules and gazette."""

    name = "zhengwu.disclosure"
    label = "disclosure"
    verbose_name = "政府信息公开"

    def ready(self):
        from django.db.models.signals import post_save

        from zhengwu.core import measures as registry
        from zhengwu.core import searchable
        from zhengwu.org.models import Agency
        from zhengwu.portal import workbench

        from . import measures, panels, permissions, search, signals  # noqa: F401  (permissions: who may act)

        post_save.connect(signals.seed_columns, sender=Agency, dispatch_uid="disclosure.columns")
        searchable.register(KIND_LABEL[0], search.public_documents, label=KIND_LABEL[1])
        workbench.register_panel(panels.workbench_panel)
        workbench.register_home_section(panels.home_section)
        registry.register("disclosure.guides_revised", measures.guides_revised)
        registry.register("disclosure.published_on_time", measures.published_on_time)


KIND_LABEL = ("disclosure", "政府信息公开")
