"""The situations (情形) an applicant declared: their required materials are required of the
application. On PostgreSQL adding a column with a constant default rewrites no row.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_partial_indexes")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="situations",
            field=models.TextField(blank=True, default="", verbose_name="申报情形"),
        ),
    ]
