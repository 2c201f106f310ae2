from django.db import migrations


def seed(apps, schema_editor):
    from zhengwu.core.holidays import seed as seed_calendar

    seed_calendar(apps.get_model("core", "CalendarDay"), apps.get_model("core", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
