"""The applicant fields take the names cases use (issue 20 §6): applicant_type → applicant_kind,
applicant_id → applicant_id_number. Column renames only; no data is touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure_requests", "0003_request_numbers_on_core_counter"),
    ]

    operations = [
        migrations.RenameField(
            model_name="request", old_name="applicant_type", new_name="applicant_kind"
        ),
        migrations.RenameField(
            model_name="request", old_name="applicant_id", new_name="applicant_id_number"
        ),
    ]
