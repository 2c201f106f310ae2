"""The key-area column 国有产权交易 (issue 24) for every agency that carries the key areas."""

from django.db import migrations

from zhengwu.disclosure.catalogue import standard_columns

CODE = "k-gycq"


def seed(apps, schema_editor):
    Agency = apps.get_model("org", "Agency")
    Column = apps.get_model("disclosure", "Column")
    for agency in Agency.objects.select_related("jurisdiction"):
        by_code = dict(Column.objects.filter(agency=agency).values_list("code", "pk"))
        if CODE in by_code or "key" not in by_code:
            continue
        row = next(r for r in standard_columns(agency.jurisdiction.level) if r["code"] == CODE)
        Column.objects.create(
            agency=agency,
            parent_id=by_code[row["parent_code"]],
            code=CODE,
            name=row["name"],
            basis=row["basis"],
            order=row["order"],
            scope_path=agency.scope_path,
        )


def unseed(apps, schema_editor):
    apps.get_model("disclosure", "Column").objects.filter(code=CODE, documents=None).delete()


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0004_index_numbers_on_core_counter"), ("org", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
