from django.db import migrations


def seed(apps, schema_editor):
    """Every statutory limit the code used as a constant, a rules.py value or a setting before
    the rows existed, with the same numbers (domain-rules §§1.1, 1.3, 3.1, 5, 6.1)."""
    from zhengwu.core.limits import SEED

    StatutoryLimit = apps.get_model("core", "StatutoryLimit")
    for order, (code, name, days, unit, article, configurable, setting) in enumerate(SEED):
        StatutoryLimit.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                days=days,
                unit=unit,
                article=article,
                configurable=configurable,
                setting=setting,
                order=order,
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0011_statutory_limits")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
