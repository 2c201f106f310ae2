"""Seed the numbering counters (core.Counter) of messages and complaints from the rows already
issued, so that a new number continues after the highest one of the new shape.

Numbers are now 年份 + the county-level 区划代码 + a sequence (core.numbering, one counter per county
and year): 2026 433123 0001 for a message, TS 2026 433123 0001 for a complaint. Numbers issued
before were the date plus a random draw (20260302 + 6 digits; TS 20260302 + 5 digits); they stay
as they are and still find their rows. A row whose number already has the new shape (its 5th to
10th digits a county code of the platform) counts: the county's counter for that year starts
above it, so no number is ever issued twice."""

import re

from django.db import migrations

SHAPES = {
    "message": ("Message", re.compile(r"^(\d{4})(\d{6})(\d{4,})$")),
    "complaint": ("Complaint", re.compile(r"^TS(\d{4})(\d{6})(\d{4,})$")),
}


def seed(apps, schema_editor):
    Counter = apps.get_model("core", "Counter")
    Jurisdiction = apps.get_model("org", "Jurisdiction")
    counties = {code[:6] for code in Jurisdiction.objects.values_list("code", flat=True)}
    highest: dict[tuple[str, int], int] = {}
    for kind, (model, shape) in SHAPES.items():
        numbers = apps.get_model("interaction", model).objects.values_list("number", flat=True)
        for number in numbers.iterator():
            found = shape.match(number)
            if found and found.group(2) in counties:
                key = (f"interaction.{kind}:{found.group(2)}", int(found.group(1)))
                highest[key] = max(highest.get(key, 0), int(found.group(3)))
    for (key, year), last in highest.items():
        counter, created = Counter.objects.get_or_create(key=key, year=year, defaults={"last": last})
        if not created and counter.last < last:
            counter.last = last
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0001_initial"),
        ("core", "0010_numbering_counter"),
        ("org", "0005_totp_secret_encrypted"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
