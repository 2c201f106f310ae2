"""索引号 serials move from disclosure.IndexCounter to core.numbering's counters
(key "disclosure.index:<agency id>", one row per year): the last serial of every agency and year
is carried over, so the next 索引号 continues the series and numbers already issued stay valid."""

from django.db import migrations


def carry_over(apps, schema_editor):
    IndexCounter = apps.get_model("disclosure", "IndexCounter")
    Counter = apps.get_model("core", "Counter")
    for agency_id, year, last in IndexCounter.objects.values_list("agency_id", "year", "last"):
        counter, _ = Counter.objects.get_or_create(
            key=f"disclosure.index:{agency_id}", year=year, defaults={"last": 0}
        )
        if counter.last < last:
            counter.last = last
            counter.save(update_fields=["last"])


def carry_back(apps, schema_editor):
    IndexCounter = apps.get_model("disclosure", "IndexCounter")
    Counter = apps.get_model("core", "Counter")
    for key, year, last in Counter.objects.filter(key__startswith="disclosure.index:").values_list(
        "key", "year", "last"
    ):
        IndexCounter.objects.update_or_create(
            agency_id=int(key.split(":")[1]), year=year, defaults={"last": last}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_numbering_counter"),
        ("disclosure", "0003_catalogue_year_indexes"),
    ]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(
            name="IndexCounter",
        ),
    ]
