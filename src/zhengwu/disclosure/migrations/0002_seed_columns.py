"""Seed the standard catalogue columns (条例 §§20–21, key areas) of every existing agency.
Agencies created later get theirs from the post_save signal (disclosure.signals)."""

from django.db import migrations

from zhengwu.disclosure.catalogue import standard_columns


def seed(apps, schema_editor):
    Agency = apps.get_model("org", "Agency")
    Column = apps.get_model("disclosure", "Column")
    for agency in Agency.objects.select_related("jurisdiction"):
        by_code = dict(Column.objects.filter(agency=agency).values_list("code", "pk"))
        for row in standard_columns(agency.jurisdiction.level):
            if row["code"] in by_code:
                continue
            column = Column.objects.create(
                agency=agency,
                parent_id=by_code.get(row["parent_code"]),
                code=row["code"],
                name=row["name"],
                basis=row["basis"],
                order=row["order"],
                scope_path=agency.scope_path,
            )
            by_code[column.code] = column.pk


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial"), ("org", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
