from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    """解读回应 (R1.6): 政策解读 beside its policy document (三同步), 回应关切 on their clocks and
    新闻发布会 from notice to transcript."""

    name = "zhengwu.disclosure.interpretation"
    label = "disclosure_interpretation"
    verbose_name = "解读回应"

    def ready(self) -> None:
        from zhengwu.core import measures as registry
        from zhengwu.core import searchable
        from zhengwu.portal import workbench

        from . import actions, measures, panels, permissions, search  # noqa: F401

        searchable.register(search.KIND, search.public_interpretations, label="政策解读")
        searchable.register(search.PRESS_KIND, search.public_conferences, label="新闻发布会")
        workbench.register_panel(panels.interpretation_panel)
        workbench.register_panel(panels.concern_panel)
        workbench.register_panel(panels.press_panel)
        registry.register(
            "disclosure.press_conferences",
            measures.press_conferences,
            label="新闻发布会场次达标的政府 / 政府数（每年至少召开的场次可配置）",
        )
        registry.register(
            "disclosure.interpreted",
            measures.interpreted,
            label="政策解读率（有已发布解读的规章和行政规范性文件 / 本年发布的规章和行政规范性文件）",
        )
