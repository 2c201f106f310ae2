import datetime as dt

from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "zhengwu.interaction"
    label = "interaction"
    verbose_name = "政民互动"

    def ready(self):
        from zhengwu.core import measures as registry
        from zhengwu.core import schedule
        from zhengwu.portal import workbench

        from . import measures, moderation, panels, permissions, search, tasks  # noqa: F401  (receivers, rules)

        registry.register("interaction.messages_on_time", measures.messages_on_time)
        registry.register(
            "ratings.rateable.messages", measures.rateable, label="可评价的已答复留言"
        )

        workbench.register_panel(panels.messages_panel)
        workbench.register_panel(panels.complaints_panel)
        workbench.register_citizen_panel(panels.citizen_panel)
        workbench.register_home_section(panels.home_section)
        schedule.register(
            "interaction.opinion_reports", dt.timedelta(days=1), tasks.monthly_opinion_reports
        )
        schedule.register(
            "interaction.consultations_closed", dt.timedelta(days=1), tasks.close_consultations
        )
        search.register()
