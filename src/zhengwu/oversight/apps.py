from django.apps import AppConfig


class OversightConfig(AppConfig):
    """社会监督: the outside supervisors (人大代表、政协委员、群众代表、特约监督员) the office
    appoints, their findings and the press's reports (媒体监督), each assigned to the body
    concerned and rectified on the platform's clock, and both counted in 考核."""

    name = "zhengwu.oversight"
    label = "oversight"
    verbose_name = "社会监督"

    def ready(self) -> None:
        from zhengwu.core import measures as registry
        from zhengwu.portal import workbench

        from . import actions, measures, panels, permissions  # noqa: F401

        registry.register(
            "oversight.findings_on_time", measures.findings_on_time, label=measures.FINDINGS
        )
        registry.register("oversight.media_on_time", measures.media_on_time, label=measures.MEDIA)
        workbench.register_panel(panels.workbench_panel)
