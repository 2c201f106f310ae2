from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhengwu.supervision"
    label = "supervision"
    verbose_name = "电子监察"

    def ready(self):
        from zhengwu.portal import workbench

        from . import panels, permissions, signals, tasks  # noqa: F401

        workbench.register_panel(panels.workbench_panel)
        workbench.register_home_section(panels.home_section)
