from django.apps import AppConfig


class TradingConfig(AppConfig):
    """公共资源交易 (issue 24): 工程建设项目招标投标, 政府采购, 国有建设用地使用权出让 and
    企业国有产权交易, run in the trading centres of the service centres. Every period is a rule
    row checked before a notice is published; every running period is a clock 电子监察 watches;
    every notice is public on the trading column and in its key-area disclosure column."""

    name = "zhengwu.trading"
    label = "trading"
    verbose_name = "公共资源交易"

    def ready(self) -> None:
        from zhengwu.core import measures as registry

        from . import actions, measures, permissions  # noqa: F401

        registry.register(measures.ON_TIME, measures.steps_on_time, label=measures.ON_TIME_LABEL)
        self.ready_workbench()
        self.ready_objections()
        self.ready_public()

    def ready_workbench(self) -> None:
        """The officers' 待办 and the workbench panel (projects and their clocks)."""
        from zhengwu.portal import workbench

        from . import panels

        workbench.register_panel(panels.workbench_panel)

    def ready_objections(self) -> None:
        """异议/质疑 and 投诉 in the workbench of whoever must act next."""
        from zhengwu.portal import workbench

        from . import objection_panels

        workbench.register_panel(objection_panels.objections_panel)
        workbench.register_panel(objection_panels.complaints_panel)
        workbench.register_citizen_panel(objection_panels.citizen_panel)

    def ready_public(self) -> None:
        """Notices in search and on the home pages."""
        from zhengwu.core import searchable
        from zhengwu.portal import workbench

        from . import search
        from .views import public

        searchable.register(search.KIND, search.public_notices, label=search.LABEL)
        workbench.register_home_section(public.home_section)
