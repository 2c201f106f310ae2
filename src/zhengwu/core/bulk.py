"""Inserting many new rows at once (bulk imports): `insert(objs)` is `bulk_create`, through COPY
on PostgreSQL.

Why COPY: Django's bulk_create on PostgreSQL sends each column as one array (INSERT … SELECT *
FROM UNNEST(…)), and psycopg escapes every double quote of every array element in Python — a
JSON column (document versions, audit events) costs about a millisecond a row that way. COPY
sends the rows in PostgreSQL's text format, escaped in C, about ten times faster. The ids are
drawn from the table's sequence first, so the objects come back with their primary keys, as
from bulk_create. Like bulk_create, no save() and no signals: the caller does what save would.
"""

from __future__ import annotations

from typing import TypeVar, cast

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def insert(objs: list[M], *, batch_size: int = 1000) -> list[M]:
    """Insert new objects of one model (primary keys unset); returns them with their keys set."""
    if not objs:
        return objs
    model = type(objs[0])
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    quote = connection.ops.quote_name
    # A concrete field is one with a column (Django's definition), so column is a str here.
    columns = ", ".join(quote(cast(str, f.column)) for f in [pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objs)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        # psycopg's own cursor: its errors are turned into Django's (IntegrityError…) here.
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for obj, pk_value in zip(objs, ids, strict=True):
                setattr(obj, pk.attname, pk_value)
                copy.write_row(
                    [
                        pk_value,
                        *(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields),
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
