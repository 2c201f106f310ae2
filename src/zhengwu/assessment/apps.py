from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zhengwu.assessment"
    label = "assessment"
    verbose_name = "考核"

    def ready(self):
        from zhengwu.portal import workbench

        from . import catalogue, panels, permissions  # noqa: F401

        workbench.register_panel(panels.workbench_panel)
        catalogue.register()
