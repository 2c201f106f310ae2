from django.apps import AppConfig


class WebsiteChecksConfig(AppConfig):
    """网站检查: every site checked each quarter against 国办秘函〔2019〕19号 (单项否决, 扣分,
    加分, 错链), its findings as the site staff's 待办, a veto in the body's 考核, and the site's
    工作年度报表 (国办函〔2018〕12号)."""

    name = "zhengwu.websites.checks"
    label = "website_checks"
    verbose_name = "网站检查"

    def ready(self) -> None:
        import datetime as dt

        from zhengwu.core import measures, schedule
        from zhengwu.portal import workbench

        from . import actions, panels, permissions, tasks  # noqa: F401
        from .measures import veto_measure

        workbench.register_panel(panels.workbench_panel)
        workbench.register_home_section(panels.home_section)
        measures.register("websites.veto", veto_measure, label="网站检查单项否决（次）")
        schedule.register("website_checks.quarterly", dt.timedelta(days=1), tasks.quarterly_check)
