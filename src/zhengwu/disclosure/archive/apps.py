from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """公文库 (R3.3) and the §18 review: every official document a body issues, public or not,
    registered with its GB/T 9704 elements and its 公开属性, reviewed each year."""

    name = "zhengwu.disclosure.archive"
    label = "disclosure_archive"
    verbose_name = "公文库"

    def ready(self) -> None:
        # permissions declares who may take each action; search indexes every record, staff-only.
        from . import permissions, search  # noqa: F401

        search.connect()
