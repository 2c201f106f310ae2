from django.db import migrations

# No national rule fixes how long a body has to rectify what an outside supervisor or the press
# raises: 15 工作日 is the default the office starts from (unverified; 差评整改 uses the same),
# and a 州 or county sets its own on /workbench/limits/.
ROW = dict(
    code="oversight.rectify",
    name="社会监督和媒体监督反映问题整改期限",
    days=15,
    unit="workdays",
    article="本地政务公开社会监督工作制度（默认值，待核实）",
    configurable=True,
    setting="ZHENGWU_OVERSIGHT_RECTIFY_WORKDAYS",
    order=100,
)


def seed(apps, schema_editor):
    StatutoryLimit = apps.get_model("core", "StatutoryLimit")
    code = ROW["code"]
    StatutoryLimit.objects.update_or_create(
        code=code, defaults={k: v for k, v in ROW.items() if k != "code"}
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "StatutoryLimit").objects.filter(code=ROW["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_supervisors_and_items"), ("core", "0012_seed_statutory_limits")]
    operations = [migrations.RunPython(seed, unseed)]
