from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "zhengwu.ratings"
    label = "ratings"
    verbose_name = "好差评"

    def ready(self):
        from zhengwu.core import measures
        from zhengwu.portal import workbench

        from . import panels, permissions, receivers, stats  # noqa: F401

        measures.register("ratings.good_rate", stats.good_rate, label="好差评好评率")
        measures.register("ratings.bad_fix_rate", stats.bad_fix_rate, label="差评回访整改率")
        workbench.register_panel(panels.workbench_panel)
        workbench.register_panel(panels.satisfaction_panel)
        workbench.register_citizen_panel(panels.citizen_panel)
        receivers.connect()
