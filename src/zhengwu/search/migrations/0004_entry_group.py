"""Entry.group: records of one kind sharing it are one thing implemented in several places.

On SQLite, adding a column remakes the table (copy, drop, rename), which drops the triggers
that keep the FTS5 table in step: they are created again and the FTS5 index rebuilt from the
rows, after the change and after its reversal.
"""

import importlib

from django.db import migrations, models

fulltext = importlib.import_module("zhengwu.search.migrations.0002_fulltext")
TRIGGERS = [sql for sql in fulltext.SQLITE if sql.startswith("CREATE TRIGGER")]
RESTORE = [
    *fulltext.SQLITE_REVERSE[:3],  # DROP TRIGGER IF EXISTS …
    *TRIGGERS,
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_period_lexemes")]

    operations = [
        fulltext.VendorSQL("sqlite", migrations.RunSQL.noop, RESTORE),
        migrations.AddField(
            model_name="entry",
            name="group",
            field=models.CharField(blank=True, max_length=120, verbose_name="同一事项标识"),
        ),
        fulltext.VendorSQL("sqlite", RESTORE, migrations.RunSQL.noop),
    ]
