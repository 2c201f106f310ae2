"""Request numbers (YSQ + year + agency id in 4 digits + serial in 5, sometimes a letter after a
clash under the old count()+1 scheme) now come from core.numbering's counters (key
"disclosure.request:<agency id>", one row per year). Each counter starts at the highest serial
already issued for that agency and year, so the next number continues the series and no number
already issued is given again."""

import re

from django.db import migrations

ISSUED = re.compile(r"^YSQ(\d{4})\d+?(\d{5})[A-Z]?$")


def seed(apps, schema_editor):
    Request = apps.get_model("disclosure_requests", "Request")
    Counter = apps.get_model("core", "Counter")
    highest: dict[tuple[int, int], int] = {}
    for agency_id, number in Request.objects.values_list("agency_id", "number").iterator():
        found = ISSUED.match(number)
        if found:
            key = (agency_id, int(found.group(1)))
            highest[key] = max(highest.get(key, 0), int(found.group(2)))
    for (agency_id, year), last in highest.items():
        counter, _ = Counter.objects.get_or_create(
            key=f"disclosure.request:{agency_id}", year=year, defaults={"last": 0}
        )
        if counter.last < last:
            counter.last = last
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_numbering_counter"),
        ("disclosure_requests", "0002_released_information"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
