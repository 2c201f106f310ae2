"""The connection and cursor the row layer runs its statements on, and the types its plans
share."""

from __future__ import annotations

import contextlib
import functools
from typing import Any, TypeVar, cast

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models.options import Options

M = TypeVar("M", bound=models.Model)
# A joined path of a plan: (path, model, alias, the index of the object it hangs from, the
# foreign key it follows) — the first, the row itself, hangs from nothing.
Joined = tuple[str, type[models.Model], str, int | None, "models.ForeignKey[Any, Any] | None"]
# The rows of `Changes._save_in_one_statement`, by `_changes_sql`: (model, the fields updated
# or None for an insert, (position, insert) of each key taken in the statement, keyed) — or,
# for the caller's own WITH items, (None, the items, the value's expression, False).
Shape = tuple[
    type[models.Model] | None, tuple[str, ...] | None, tuple[tuple[int, int], ...] | str, bool
]
# How a field's value is written: (field, attname, the plain Python type, whether it is a
# relation) — see `_preparers`.
Preparer = tuple["models.Field[Any, Any]", str, type | None, bool]


def using(model: type[models.Model], *, write: bool = True):
    """The connection the database router gives for `model` (a locking read is a write)."""
    alias = (router.db_for_write if write else router.db_for_read)(model) or DEFAULT_DB_ALIAS
    return connections[alias]


@functools.lru_cache(maxsize=512)
def _numbered(sql: str) -> str:
    """`%s` placeholders as PostgreSQL's own `$1, $2…` (this module's statements hold no other
    `%`)."""
    parts = sql.split("%s")
    return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], 1)) + parts[-1]


class PreparedCursor(psycopg.RawCursor):
    """Binds on the server and takes `$n` placeholders, so psycopg does not parse the statement
    on each run (it caches its parsing only for statements of at most 50 parameters, and a
    case has 51 columns). While queries are logged (DEBUG, tests counting them) it does not
    prepare: psycopg keeps no text of a prepared run for Django's query log."""

    logged = False

    def execute(self, query, params=None, **kwargs):
        if self.logged:
            kwargs["prepare"] = False
        return super().execute(_numbered(query), params, **kwargs)


KEPT_CURSORS = 256


@contextlib.contextmanager
def cursor(db, sql: str, params: list):
    """Django's cursor, having run `sql` with `params`, to read its results from. On
    PostgreSQL one that binds parameters on the server, so that a hot statement, always the
    same text (this module's, the audit append), is prepared once per connection (psycopg
    prepares it on its `prepare_threshold`-th run: DATABASES OPTIONS); the ORM keeps its
    client-side binding. A server-side cursor is kept with the connection for each statement:
    run again on the same cursor, a statement reuses the adapters psycopg set up for its
    parameters and columns. It is wrapped afresh each time, so query logging follows the
    connection's setting. `db`: the connection (`using`)."""
    if db.vendor != "postgresql":
        with db.cursor() as django_cursor:
            django_cursor.execute(sql, params)
            yield django_cursor
        return
    db.ensure_connection()
    kept: dict[str, PreparedCursor] | None
    connection_kept, kept = getattr(db, "_rows_cursors", (None, None))
    if connection_kept is not db.connection or kept is None:
        kept = {}
        db._rows_cursors = (db.connection, kept)
    cur = kept.get(sql)
    if cur is None or cur.closed:
        if len(kept) >= KEPT_CURSORS:  # the statements' shapes are few; keep it so
            kept.clear()
        cur = kept[sql] = PreparedCursor(db.connection)
    cur.logged = db.queries_logged
    wrapped = db.make_debug_cursor(cur) if cur.logged else db.make_cursor(cur)
    wrapped.execute(sql, params)
    yield wrapped


def _column(field: models.Field[Any, Any]) -> str:
    """A concrete field's column (Django's definition of concrete: it has one)."""
    return cast(str, field.column)


def _concrete(meta: Options[Any], name: str) -> models.Field[Any, Any]:
    """The field `name` of a model's own (not a relation pointing to it)."""
    field = meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{meta.label}.{name} is a relation to it, not a field of its own")
    return field
