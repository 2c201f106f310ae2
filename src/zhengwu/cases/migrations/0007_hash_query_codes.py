"""查询码 stored as a hash, as requests and messages store theirs: a new column filled with
core.tracking.hash_code(number, code) of every existing case, so the codes applicants already
hold keep working, then the plain column dropped. Going back leaves the codes empty (they
cannot be recovered from their hashes)."""

import hashlib

from django.db import migrations, models


def hash_code(number: str, code: str) -> str:
    """core.tracking.hash_code as it is today (a migration keeps its own copy)."""
    return hashlib.sha256(f"{number}:{code.strip().upper()}".encode()).hexdigest()


def hash_existing(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    batch = []
    for case in Case.objects.only("id", "number", "query_code").iterator(chunk_size=2000):
        case.query_code_hash = hash_code(case.number, case.query_code)
        batch.append(case)
        if len(batch) == 2000:
            Case.objects.bulk_update(batch, ["query_code_hash"])
            batch = []
    Case.objects.bulk_update(batch, ["query_code_hash"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_situations")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="query_code_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(hash_existing, migrations.RunPython.noop, elidable=False),
        # a default, so that going back can add the column again (empty)
        migrations.AlterField(
            model_name="case",
            name="query_code",
            field=models.CharField(default="", max_length=8, verbose_name="查询码"),
        ),
        migrations.RemoveField(model_name="case", name="query_code"),
    ]
