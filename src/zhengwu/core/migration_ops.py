"""Migration operations for dropping and renaming indexes on PostgreSQL in place.

Django's own operations for `db_index=False` or `unique=True` → `UniqueConstraint` drop and
re-add each foreign key (re-checking every row under an exclusive lock) and rebuild indexes
that a rename would keep. A migration that only changes indexes runs its hand-written SQL on
PostgreSQL (`RunSQLOnPostgreSQL`) and Django's operations everywhere else
(`ExceptOnPostgreSQL`), the latter also carrying the model state on every database.
"""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class ExceptOnPostgreSQL(migrations.SeparateDatabaseAndState):
    """The state operations everywhere; the database operations on every database but
    PostgreSQL, where a `RunSQLOnPostgreSQL` made the same schema."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
