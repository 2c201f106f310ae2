from django.apps import AppConfig


class WebsitesConfig(AppConfig):
    """政府网站: every site's own columns and content (概况, 机构职能, 领导信息, 动态要闻, 通知公告,
    专题), authored by its own staff, and the quarterly check of every site against
    国办秘函〔2019〕19号."""

    name = "zhengwu.websites"
    label = "websites"
    verbose_name = "政府网站"

    def ready(self) -> None:
        from zhengwu.core import searchable
        from zhengwu.portal import workbench

        from . import actions, panels, permissions, search  # noqa: F401

        searchable.register(search.KIND, search.public_articles, label=search.LABEL)
        workbench.register_panel(panels.workbench_panel)
        workbench.register_home_section(panels.home_section)
        workbench.register_site_columns(panels.site_columns)
