from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


class CoreConfig(AppConfig):
    name = "zhengwu.core"
    label = "core"
    verbose_name = "共享内核"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the scheduled jobs)

        # Each app's `actions.py` registers the audit trail's words (core.actions), found by
        # name as the admin finds `admin.py`.
        for config in apps.get_app_configs():
            if config.name.startswith("zhengwu.") and module_has_submodule(
                config.module, "actions"
            ):
                import_module(f"{config.name}.actions")
