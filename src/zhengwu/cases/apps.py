from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhengwu.cases"
    label = "cases"
    verbose_name = "办件"

    def ready(self) -> None:
        from zhengwu.core import measures as registry
        from zhengwu.portal import workbench

        # tasks registers the daily sweep, permissions who may take each action
        from . import measures, panels, permissions, tasks  # noqa: F401

        registry.register("cases.on_time", measures.on_time)
        registry.register("cases.actual_vs_statutory", measures.actual_vs_statutory)
        registry.register("cases.one_visit", measures.one_visit)
        registry.register("cases.online", measures.online)
        registry.register("ratings.rateable.cases", measures.rateable, label="可评价的办结件")
        registry.register("cases.licensing_decisions", measures.licensing_decisions)
        registry.register("cases.fees_collected", measures.fees_collected)
        workbench.register_panel(panels.staff_panel)
        workbench.register_citizen_panel(panels.citizen_panel)
