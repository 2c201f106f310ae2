"""Fewer indexes on clocks (rewritten at every case transition) and audit events (one per
change): core_clock 10 → 7, core_auditevent 8 → 6. Gone: subject_type's own (clock_subject
leads with it), the plain scope_path one (LIKE cannot use it under the database's collation)
and the LIKE indexes of status, action and hash, which nothing searches by prefix.

On PostgreSQL the indexes kept are renamed, not rebuilt, and the foreign key is left alone."""

import django.db.models.deletion
from django.db import migrations, models

from zhengwu.core.migration_ops import ExceptOnPostgreSQL, RunSQLOnPostgreSQL

POSTGRESQL = [
    "DROP INDEX IF EXISTS core_clock_subject_type_id_80c63514",
    "DROP INDEX IF EXISTS core_clock_scope_path_44311845",
    "ALTER INDEX core_clock_scope_path_44311845_like RENAME TO clock_scope",
    "DROP INDEX IF EXISTS core_clock_status_f05aaafa_like",
    "ALTER INDEX core_clock_status_f05aaafa RENAME TO clock_status",
    "DROP INDEX IF EXISTS core_auditevent_action_b3c9b7a8_like",
    "ALTER INDEX core_auditevent_action_b3c9b7a8 RENAME TO audit_action",
    "DROP INDEX IF EXISTS core_auditevent_hash_f08202aa_like",
    "ALTER TABLE core_auditevent RENAME CONSTRAINT core_auditevent_hash_key TO audit_hash_once",
]
POSTGRESQL_BACK = [
    "CREATE INDEX core_clock_subject_type_id_80c63514 ON core_clock (subject_type_id)",
    "CREATE INDEX core_clock_scope_path_44311845 ON core_clock (scope_path)",
    "ALTER INDEX clock_scope RENAME TO core_clock_scope_path_44311845_like",
    "CREATE INDEX core_clock_status_f05aaafa_like ON core_clock (status varchar_pattern_ops)",
    "ALTER INDEX clock_status RENAME TO core_clock_status_f05aaafa",
    "CREATE INDEX core_auditevent_action_b3c9b7a8_like ON core_auditevent"
    " (action varchar_pattern_ops)",
    "ALTER INDEX audit_action RENAME TO core_auditevent_action_b3c9b7a8",
    "CREATE INDEX core_auditevent_hash_f08202aa_like ON core_auditevent (hash varchar_pattern_ops)",
    "ALTER TABLE core_auditevent RENAME CONSTRAINT audit_hash_once TO core_auditevent_hash_key",
]

OPERATIONS = [
    migrations.AlterField(
        model_name="auditevent", name="action", field=models.CharField(max_length=60)
    ),
    migrations.AlterField(
        model_name="auditevent", name="hash", field=models.CharField(max_length=64)
    ),
    migrations.AlterField(
        model_name="clock",
        name="scope_path",
        field=models.CharField(blank=True, default="", max_length=64),
    ),
    migrations.AlterField(
        model_name="clock",
        name="status",
        field=models.CharField(default="normal", max_length=10, verbose_name="监察状态"),
    ),
    migrations.AlterField(
        model_name="clock",
        name="subject_type",
        field=models.ForeignKey(
            db_index=False,
            on_delete=django.db.models.deletion.CASCADE,
            to="contenttypes.contenttype",
        ),
    ),
    migrations.AddIndex(
        model_name="auditevent",
        index=models.Index(fields=["action"], name="audit_action"),
    ),
    migrations.AddIndex(
        model_name="clock",
        index=models.Index(
            fields=["scope_path"], name="clock_scope", opclasses=["varchar_pattern_ops"]
        ),
    ),
    migrations.AddIndex(
        model_name="clock",
        index=models.Index(fields=["status"], name="clock_status"),
    ),
    migrations.AddConstraint(
        model_name="auditevent",
        constraint=models.UniqueConstraint(fields=("hash",), name="audit_hash_once"),
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_audit_chains"),
    ]

    operations = [
        RunSQLOnPostgreSQL(POSTGRESQL, POSTGRESQL_BACK),
        ExceptOnPostgreSQL(database_operations=OPERATIONS, state_operations=OPERATIONS),
    ]
