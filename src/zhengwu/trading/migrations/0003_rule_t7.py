"""T7 (招标投标法实施条例 §22: an 异议 on the tender documents at least 10 日 before the bid
deadline) as a rule row. The other rows are left as they are: the office may have changed an
unverified one."""

from django.db import migrations

from zhengwu.trading.rules import FIELDS, SEED


def seed(apps, schema_editor):
    Rule = apps.get_model("trading", "Rule")
    for order, row in enumerate(SEED):
        values = dict(zip(FIELDS, row, strict=True))
        if values["code"] == "T7":
            code = values.pop("code")
            Rule.objects.get_or_create(code=code, defaults={**values, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("trading", "Rule").objects.filter(code="T7").delete()


class Migration(migrations.Migration):
    dependencies = [("trading", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, unseed)]
