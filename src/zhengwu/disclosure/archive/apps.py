from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """公文库 (R3.3) and the §18 review: every official document a body issues, public or not,
    registered with its GB/T 9704 elements and its 公开属性, reviewed each year."""

    name = "zhengwu.disclosure.archive"
    label = "disclosure_archive"
    verbose_name = "公文库"

    def ready(self) -> None:
        # The §18 review: who may act, the trail's words, the daily task, supervision's figure.
        from . import actions_review, measures_review, permissions_review, tasks_review  # noqa: F401

        measures_review.register()
