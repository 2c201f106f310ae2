"""待办 indexes that also cover the workbench's counts: warn_on (预警) on both, scope_path on the
one a jurisdiction-wide role scans, after `id` so the list order is unchanged."""

from django.db import migrations, models

TODO = models.Q(("status__in", ["submitted", "handling", "suspended", "decided"]))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_todo_agency"),
        migrations.RemoveIndex(model_name="case", name="case_todo_role"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=TODO,
                fields=["agency", "step_role", "due_date", "received_on", "id", "warn_on"],
                name="case_todo_agency_warn",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=TODO,
                fields=["step_role", "due_date", "received_on", "id", "scope_path", "warn_on"],
                name="case_todo_role_scope",
            ),
        ),
    ]
