"""The index of an applicant's own cases keeps only the cases filed from an applicant's
account: a window or agent case has none.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_index_diet"),
        ("core", "0007_index_diet"),
        ("org", "0001_initial"),
        ("services", "0003_revision_and_fee_cut"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="case_applicant",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("applicant_user__isnull", False)),
                fields=["applicant_user", "received_on"],
                name="case_applicant",
            ),
        ),
    ]
