from django.db import migrations


def seed(apps, schema_editor):
    """The rectification period's row (`oversight.items.PERIOD`, as core's seed reads
    `core.limits.SEED`)."""
    from zhengwu.oversight.items import LIMIT, PERIOD

    apps.get_model("core", "StatutoryLimit").objects.update_or_create(code=LIMIT, defaults=PERIOD)


def unseed(apps, schema_editor):
    from zhengwu.oversight.items import LIMIT

    apps.get_model("core", "StatutoryLimit").objects.filter(code=LIMIT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_supervisors_and_items"),
        ("core", "0012_seed_statutory_limits"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
