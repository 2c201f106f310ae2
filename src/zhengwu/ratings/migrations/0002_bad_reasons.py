from django.db import migrations

# 差评原因 offered with a bad rating (after GB/T 39734 Annex A as restated locally; editable).
REASONS = [
    ("guide_unclear", "办事指南不清晰、不准确"),
    ("too_many_visits", "多次跑、反复跑"),
    ("extra_materials", "要求提供清单以外的材料"),
    ("slow", "办理时间长、超时办理"),
    ("attitude", "服务态度差"),
    ("not_competent", "业务不熟练、解释不清"),
    ("fees", "收费不合理"),
    ("online_hard", "网上办理不方便、系统操作难"),
    ("queue", "排队等候时间长"),
    ("other", "其他"),
]


def seed(apps, schema_editor):
    BadReason = apps.get_model("ratings", "BadReason")
    for order, (code, name) in enumerate(REASONS):
        BadReason.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
