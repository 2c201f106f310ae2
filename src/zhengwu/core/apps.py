from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhengwu.core"
    label = "core"
    verbose_name = "共享内核"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the scheduled jobs)
