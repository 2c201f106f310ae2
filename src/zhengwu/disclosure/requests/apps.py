from django.apps import AppConfig


class RequestsConfig(AppConfig):
    """依申请公开 and the annual report: an app of its own inside disclosure, for its migrations."""

    name = "zhengwu.disclosure.requests"
    label = "disclosure_requests"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from zhengwu.core import measures as registry
        from zhengwu.core import searchable
        from zhengwu.portal import workbench

        # permissions declares who may take each action; tasks registers the scheduled sweeps.
        from . import likeness, measures, panels, permissions, tasks  # noqa: F401

        registry.register("disclosure.requests_on_time", measures.requests_on_time)
        registry.register("disclosure.annual_report_on_time", measures.annual_report_on_time)
        registry.register(
            "ratings.rateable.requests", measures.rateable, label="可评价的已答复申请"
        )

        # every request, staff-only, for §44's like requests (never in public search)
        searchable.register(likeness.KIND, likeness.all_docs, label=likeness.LABEL, internal=True)

        workbench.register_panel(panels.staff_panel)
        workbench.register_panel(panels.proposals_panel)
        workbench.register_citizen_panel(panels.citizen_panel)
