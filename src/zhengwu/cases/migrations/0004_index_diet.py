"""Fewer indexes on the rows every case transition rewrites (cases_case 24 → 11, cases_casestep
6 → 3, cases_caseevent 3 → 2): the foreign keys' own indexes that a composite index leads or
that nothing reads, the LIKE index of `number` (now a UniqueConstraint) and the plain ones of
scope_path and origin_path, which LIKE cannot use under the database's collation.

On PostgreSQL the indexes kept are renamed, not rebuilt, and the foreign keys are left alone;
only case_origin_received (origin_path's pattern index with received_on) is built."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from zhengwu.core.migration_ops import ExceptOnPostgreSQL, RunSQLOnPostgreSQL

# Each foreign key index dropped: (table, index, column), as 0001_initial created them.
FK_INDEXES = [
    ("cases_case", "cases_case_agency_id_062136fa", "agency_id"),
    ("cases_case", "cases_case_agent_id_9d88692e", "agent_id"),
    ("cases_case", "cases_case_applicant_user_id_d94979f9", "applicant_user_id"),
    ("cases_case", "cases_case_current_step_id_2c527966", "current_step_id"),
    ("cases_case", "cases_case_filed_by_id_3f8c8a34", "filed_by_id"),
    ("cases_case", "cases_case_intake_clock_id_3cf8cf85", "intake_clock_id"),
    ("cases_case", "cases_case_item_id_896f667f", "item_id"),
    ("cases_case", "cases_case_promised_clock_id_e535d641", "promised_clock_id"),
    ("cases_case", "cases_case_statutory_clock_id_94156e25", "statutory_clock_id"),
    ("cases_caseevent", "cases_caseevent_by_id_fa00fac4", "by_id"),
    ("cases_casestep", "cases_casestep_case_id_70bbe3b6", "case_id"),
    ("cases_casestep", "cases_casestep_clock_id_ae91c645", "clock_id"),
    ("cases_casestep", "cases_casestep_step_id_0d9e56db", "step_id"),
]

POSTGRESQL = [
    "DROP INDEX IF EXISTS cases_case_number_980c9551_like",
    "ALTER TABLE cases_case RENAME CONSTRAINT cases_case_number_key TO case_number_once",
    "DROP INDEX IF EXISTS cases_case_scope_path_98dffed3",
    "ALTER INDEX cases_case_scope_path_98dffed3_like RENAME TO case_scope",
    "DROP INDEX IF EXISTS case_origin",
    "DROP INDEX IF EXISTS cases_case_origin_path_6eb5600f",
    "DROP INDEX IF EXISTS cases_case_origin_path_6eb5600f_like",
    "CREATE INDEX case_origin_received ON cases_case"
    " (origin_path varchar_pattern_ops, received_on date_ops)",
    *(f"DROP INDEX IF EXISTS {index}" for _, index, _ in FK_INDEXES),
]
POSTGRESQL_BACK = [
    *(f"CREATE INDEX {index} ON {table} ({column})" for table, index, column in FK_INDEXES),
    "DROP INDEX case_origin_received",
    "CREATE INDEX cases_case_origin_path_6eb5600f_like ON cases_case"
    " (origin_path varchar_pattern_ops)",
    "CREATE INDEX cases_case_origin_path_6eb5600f ON cases_case (origin_path)",
    "CREATE INDEX case_origin ON cases_case (origin_path, received_on)",
    "ALTER INDEX case_scope RENAME TO cases_case_scope_path_98dffed3_like",
    "CREATE INDEX cases_case_scope_path_98dffed3 ON cases_case (scope_path)",
    "ALTER TABLE cases_case RENAME CONSTRAINT case_number_once TO cases_case_number_key",
    "CREATE INDEX cases_case_number_980c9551_like ON cases_case (number varchar_pattern_ops)",
]


def _unindexed_fk(to, **kwargs):
    return models.ForeignKey(to=to, db_index=False, **kwargs)


PROTECT, SET_NULL, CASCADE = (
    django.db.models.deletion.PROTECT,
    django.db.models.deletion.SET_NULL,
    django.db.models.deletion.CASCADE,
)
USER = settings.AUTH_USER_MODEL
OPTIONAL = {"blank": True, "null": True}

OPERATIONS = [
    migrations.RemoveIndex(model_name="case", name="case_origin"),
    migrations.AlterField(
        model_name="case",
        name="agency",
        field=_unindexed_fk("org.agency", on_delete=PROTECT, related_name="cases"),
    ),
    migrations.AlterField(
        model_name="case",
        name="agent",
        field=_unindexed_fk(USER, on_delete=PROTECT, related_name="agent_cases", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="case",
        name="applicant_user",
        field=_unindexed_fk(USER, on_delete=PROTECT, related_name="applications", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="case",
        name="current_step",
        field=_unindexed_fk("cases.casestep", on_delete=SET_NULL, related_name="+", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="case",
        name="filed_by",
        field=_unindexed_fk(USER, on_delete=PROTECT, related_name="filed_cases"),
    ),
    migrations.AlterField(
        model_name="case",
        name="intake_clock",
        field=_unindexed_fk("core.clock", on_delete=SET_NULL, related_name="+", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="case",
        name="item",
        field=_unindexed_fk("services.item", on_delete=PROTECT, related_name="cases"),
    ),
    migrations.AlterField(
        model_name="case",
        name="number",
        field=models.CharField(max_length=40, verbose_name="办件编号"),
    ),
    migrations.AlterField(
        model_name="case", name="origin_path", field=models.CharField(max_length=64)
    ),
    migrations.AlterField(
        model_name="case",
        name="promised_clock",
        field=_unindexed_fk("core.clock", on_delete=SET_NULL, related_name="+", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="case", name="scope_path", field=models.CharField(max_length=64)
    ),
    migrations.AlterField(
        model_name="case",
        name="statutory_clock",
        field=_unindexed_fk("core.clock", on_delete=SET_NULL, related_name="+", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="caseevent",
        name="by",
        field=_unindexed_fk(USER, on_delete=PROTECT, related_name="+", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="casestep",
        name="case",
        field=_unindexed_fk("cases.case", on_delete=CASCADE, related_name="steps"),
    ),
    migrations.AlterField(
        model_name="casestep",
        name="clock",
        field=_unindexed_fk("core.clock", on_delete=SET_NULL, related_name="+", **OPTIONAL),
    ),
    migrations.AlterField(
        model_name="casestep",
        name="step",
        field=_unindexed_fk("services.step", on_delete=SET_NULL, null=True),
    ),
    migrations.AddIndex(
        model_name="case",
        index=models.Index(
            fields=["scope_path"], name="case_scope", opclasses=["varchar_pattern_ops"]
        ),
    ),
    migrations.AddIndex(
        model_name="case",
        index=models.Index(
            fields=["origin_path", "received_on"],
            name="case_origin_received",
            opclasses=["varchar_pattern_ops", "date_ops"],
        ),
    ),
    migrations.AddConstraint(
        model_name="case",
        constraint=models.UniqueConstraint(fields=("number",), name="case_number_once"),
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_document_text"),
        ("core", "0006_audit_chains"),
        ("org", "0001_initial"),
        ("services", "0003_revision_and_fee_cut"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        RunSQLOnPostgreSQL(POSTGRESQL, POSTGRESQL_BACK),
        ExceptOnPostgreSQL(database_operations=OPERATIONS, state_operations=OPERATIONS),
    ]
