"""Rows for the hot paths: load a row with the rows it points to (and those pointing to it),
store changed fields, insert, and write a change's rows together (`Changes`).

A case transition is a locking read and a write of several rows; built through the ORM,
compiling its statements costs more than running them (a `select_related` of six tables takes
longer to compile than PostgreSQL takes to lock the row). Here each statement is built once per
shape from the models' own metadata, then only executed: the objects are ordinary model
instances (`Model.from_db`, with the backend's converters), and the statements go through
Django's cursor, so errors, query logging and transactions behave as with the ORM. Like
`bulk_create`, no save() signals are sent: the callers are services that write their own audit
events.

Everything else uses the ORM; use these only where a benchmark shows the compiling matters.
"""

from .changes import Changes
from .cursor import KEPT_CURSORS, PreparedCursor, cursor, using
from .reading import get, get_with_rows, select
from .writing import db_values, insert, key_sequence, update

__all__ = [
    "KEPT_CURSORS",
    "Changes",
    "PreparedCursor",
    "cursor",
    "db_values",
    "get",
    "get_with_rows",
    "insert",
    "key_sequence",
    "select",
    "update",
    "using",
]
