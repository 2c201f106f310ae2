from django.db import migrations

# 事项类型 codes of the national interface dictionary (domain-rules §3.2); editable in the admin.
TYPES = [
    ("01", "行政许可", True, False), ("05", "行政给付", False, False), ("07", "行政确认", False, False),
    ("08", "行政奖励", False, False), ("09", "行政裁决", False, False), ("10", "其他行政权力", False, False),
    ("11", "行政备案", False, False), ("20", "公共服务", False, True),
]


def seed(apps, schema_editor):
    ItemType = apps.get_model("services", "ItemType")
    for code, name, licensing, public in TYPES:
        ItemType.objects.get_or_create(code=code, defaults={"name": name, "is_licensing": licensing, "is_public_service": public})


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
