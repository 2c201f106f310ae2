from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """公文库 (R3.3) and the §18 review: every official document a body issues, public or not,
    registered with its GB/T 9704 elements and its 公开属性, reviewed each year."""

    name = "zhengwu.disclosure.archive"
    label = "disclosure_archive"
    verbose_name = "公文库"

    def ready(self) -> None:
        # Who may act, the trail's words, the staff-only index of every record, the §18 review's
        # daily task and supervision's figure.
        from . import actions, measures, permissions, search, tasks  # noqa: F401

        search.connect()
        measures.register()
