"""The rule rows of the trading periods (trading.rules.SEED, with their articles)."""

from django.db import migrations

from zhengwu.trading.rules import FIELDS, SEED


def seed(apps, schema_editor):
    Rule = apps.get_model("trading", "Rule")
    for order, row in enumerate(SEED):
        values = dict(zip(FIELDS, row, strict=True))
        Rule.objects.update_or_create(code=values.pop("code"), defaults={**values, "order": order})


class Migration(migrations.Migration):
    dependencies = [("trading", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
