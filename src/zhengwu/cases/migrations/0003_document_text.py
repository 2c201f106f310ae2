"""A notice or result stores its text as issued; the PDF is rendered from it on first download.
Existing rows keep their files and are served as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_workbench_indexes")]

    operations = [
        migrations.AddField(
            model_name="casedocument",
            name="text",
            field=models.JSONField(blank=True, default=dict, verbose_name="文书内容"),
        ),
        migrations.AddField(
            model_name="result",
            name="text",
            field=models.JSONField(blank=True, default=dict, verbose_name="文书内容"),
        ),
        migrations.AlterField(
            model_name="casedocument",
            name="file",
            field=models.FileField(blank=True, upload_to="cases/notices/%Y/"),
        ),
        migrations.AlterField(
            model_name="result",
            name="file",
            field=models.FileField(blank=True, upload_to="cases/results/%Y/"),
        ),
    ]
