from django.apps import AppConfig


class InterpretationConfig(AppConfig):
    """解读回应 (R1.6): 政策解读 beside its policy document (三同步), 回应关切 on their clocks and
    新闻发布会 from notice to transcript."""

    name = "zhengwu.disclosure.interpretation"
    label = "disclosure_interpretation"
    verbose_name = "解读回应"

    def ready(self) -> None:
        from . import actions, permissions  # noqa: F401
