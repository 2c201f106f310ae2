from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zhengwu.cases"
    label = "cases"
    verbose_name = "办件"

    def ready(self) -> None:
        from zhengwu.portal import workbench

        from . import panels, tasks  # noqa: F401  (tasks registers the daily sweep)

        workbench.register_panel(panels.staff_panel)
        workbench.register_citizen_panel(panels.citizen_panel)
