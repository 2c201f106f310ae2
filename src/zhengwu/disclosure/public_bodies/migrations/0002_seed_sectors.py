"""The usual sectors of 公共企事业单位 and their columns (`sectors.py` says where each set comes
from); the office edits them afterwards."""

from django.db import migrations

from zhengwu.disclosure.public_bodies.sectors import SECTORS


def seed(apps, schema_editor):
    Sector = apps.get_model("public_bodies", "Sector")
    SectorColumn = apps.get_model("public_bodies", "SectorColumn")
    for order, (code, name, basis, columns) in enumerate(SECTORS, start=1):
        sector, created = Sector.objects.get_or_create(
            code=code, defaults={"name": name, "basis": basis, "order": order}
        )
        if created:
            SectorColumn.objects.bulk_create(
                SectorColumn(sector=sector, code=f"{code}-{i:02d}", name=n, order=i - 1)
                for i, n in enumerate(columns, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("public_bodies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
