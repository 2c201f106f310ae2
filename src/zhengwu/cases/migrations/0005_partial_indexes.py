"""The index of an applicant's own cases keeps only the cases filed from an applicant's
account: a window or agent case has none.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_index_diet")]

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
