"""The workbench's indexes: the 待办 ones also cover its counts (warn_on for 预警 on both,
scope_path on the one a jurisdiction-wide role scans, after `id` so the order is unchanged);
an agency's cases newest first, with filed_by, for 已办."""

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
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["agency", "received_on", "id", "filed_by"], name="case_agency_received"
            ),
        ),
    ]
