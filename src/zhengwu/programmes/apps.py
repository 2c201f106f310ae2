from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """年度工作: the yearly programmes of the openness office (issue 23 §3): centre
    standardization, county plans filed (备案), training and best practice, 以奖代补."""

    name = "zhengwu.programmes"
    label = "programmes"
    verbose_name = "年度工作"

    def ready(self) -> None:
        from zhengwu.core import measures
        from zhengwu.portal import workbench

        from . import actions, panels, permissions  # noqa: F401
        from . import measures as figures

        measures.register(figures.ON_PLAN, figures.counties_on_plan, label=figures.ON_PLAN_LABEL)
        measures.register(
            figures.PLANS_FILED, figures.counties_filed, label=figures.PLANS_FILED_LABEL
        )
        measures.register(
            figures.TRAINING_HELD, figures.counties_trained, label=figures.TRAINING_HELD_LABEL
        )
        workbench.register_panel(panels.workbench_panel)
