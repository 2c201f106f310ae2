from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "zhengwu.services"
    label = "services"
    verbose_name = "政务服务事项"

    def ready(self):
        from zhengwu.core import measures
        from zhengwu.portal import workbench

        from . import delegation, indexing, panels, permissions  # noqa: F401  (who may take each action)

        workbench.register_panel(panels.catalogue_panel)
        workbench.register_home_section(panels.home_section)
        indexing.register()
        measures.register(
            "services.decided_in_centre",
            delegation.decided_in_centre,
            label="事项审批权进中心比例（授权首席代表审批的进驻事项 / 进驻事项）",
        )
