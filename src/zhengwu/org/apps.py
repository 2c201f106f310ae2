from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhengwu.org"
    label = "org"
    verbose_name = "组织机构与人员"

    def ready(self):
        from zhengwu.portal import workbench

        from . import network, permissions_core, permissions_org, signals  # noqa: F401

        workbench.register_panel(network.workbench_panel)
