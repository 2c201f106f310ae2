"""Clocks and audit events index less of what every case transition writes: the indexes of
open clocks (by due date, by warning day) and of late ones (监察状态 other than 正常) leave out
the stopped and normal clocks, which are most of them; the board's 超期办结 list gets its own
small index; the unique index of audit hashes goes ((chain, seq) keeps each link unique, and
nothing looks an event up by hash).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0007_index_diet")]

    operations = [
        migrations.RemoveConstraint(
            model_name="auditevent",
            name="audit_hash_once",
        ),
        migrations.RemoveIndex(
            model_name="clock",
            name="clock_open_due",
        ),
        migrations.RemoveIndex(
            model_name="clock",
            name="clock_open_warn",
        ),
        migrations.RemoveIndex(
            model_name="clock",
            name="clock_status",
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("state", "stopped"), _negated=True),
                fields=["state", "due_date"],
                name="clock_open_due",
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("state", "stopped"), _negated=True),
                fields=["state", "warn_on"],
                name="clock_open_warn",
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("state", "stopped"), ("stopped_on__gt", models.F("due_date"))),
                fields=["due_date", "id"],
                name="clock_finished_late",
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("status", "normal"), _negated=True),
                fields=["status"],
                name="clock_status",
            ),
        ),
    ]
