from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "zhengwu.services"
    label = "services"
    verbose_name = "政务服务事项"

    def ready(self):
        from zhengwu.portal import workbench

        from . import indexing, panels, permissions  # noqa: F401  (who may take each action)

        workbench.register_panel(panels.catalogue_panel)
        workbench.register_home_section(panels.home_section)
        indexing.register()
