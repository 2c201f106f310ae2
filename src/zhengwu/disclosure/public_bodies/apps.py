from django.apps import AppConfig


class PublicBodiesConfig(AppConfig):
    """公共企事业单位信息公开 (R7.1): sectors and the columns their bodies publish, the bodies
    under their supervising departments, their catalogue on the portal and whether it is kept
    up to date."""

    name = "zhengwu.disclosure.public_bodies"
    label = "public_bodies"
    verbose_name = "公共企事业单位信息公开"

    def ready(self) -> None:
        from zhengwu.core import measures as registry
        from zhengwu.portal import workbench

        from . import actions, measures, panels, permissions  # noqa: F401

        workbench.register_panel(panels.workbench_panel)
        registry.register(
            "public_bodies.columns_current",
            measures.columns_current,
            label="公共企事业单位公开栏目更新率（一年内有更新的栏目 / 应公开栏目）",
        )
