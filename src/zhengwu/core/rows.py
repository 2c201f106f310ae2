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

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, router
from django.db.models.fields.reverse_related import ForeignObjectRel
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


# ---------------------------------------------------------------- reading


def _column(field: models.Field[Any, Any]) -> str:
    """A concrete field's column (Django's definition of concrete: it has one)."""
    return cast(str, field.column)


def _concrete(meta: Options[Any], name: str) -> models.Field[Any, Any]:
    """The field `name` of a model's own (not a relation pointing to it)."""
    field = meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{meta.label}.{name} is a relation to it, not a field of its own")
    return field


@functools.cache
def _columns(model: type[models.Model], alias: str) -> tuple[str, tuple, tuple, int]:
    """(the select list of `model` under `alias`, its attnames, each column's converters with
    the column they take, the position of the primary key)."""
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    select = ", ".join(f"{alias}.{quote(_column(f))}" for f in fields)
    converters = []
    for i, f in enumerate(fields):
        col = f.get_col(alias)
        for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            converters.append((i, convert, col))
    pk = [f.primary_key for f in fields].index(True)
    return select, tuple(f.attname for f in fields), tuple(converters), pk


@functools.cache
def _join_plan(model: type[models.Model], joins: tuple[str, ...]) -> tuple[str, list[Joined]]:
    """The FROM clause and, per joined path, (path, model, alias, parent index, FK field)."""
    quote = connection.ops.quote_name
    plan: list[Joined] = [("", model, "t0", None, None)]
    sql = f"{quote(model._meta.db_table)} t0"
    seen = {"": 0}
    for path in sorted(joins, key=lambda p: p.count("__")):
        parts = path.split("__")
        for depth in range(1, len(parts) + 1):
            sub = "__".join(parts[:depth])
            if sub in seen:
                continue
            parent = seen["__".join(parts[: depth - 1])]
            parent_model, parent_alias = plan[parent][1], plan[parent][2]
            field = parent_model._meta.get_field(parts[depth - 1])
            if not isinstance(field, models.ForeignKey):
                raise TypeError(f"{sub}: a join follows a foreign key")
            target = field.related_model
            alias = f"t{len(plan)}"
            sql += (
                f" LEFT JOIN {quote(target._meta.db_table)} {alias}"
                f" ON {alias}.{quote(_column(target._meta.pk))}"
                f" = {parent_alias}.{quote(_column(field))}"
            )
            seen[sub] = len(plan)
            plan.append((sub, target, alias, parent, field))
    return sql, plan


def _field(meta: Options[Any], name: str) -> models.Field[Any, Any]:
    return meta.pk if name == "pk" else _concrete(meta, name)


@functools.cache
def _select_sql(
    model: type[models.Model],
    joins: tuple[str, ...],
    where: tuple[str, ...],
    order_by: tuple[str, ...],
) -> tuple[str, list[Joined]]:
    quote = connection.ops.quote_name
    source, plan = _join_plan(model, joins)
    select = ", ".join(_columns(m, alias)[0] for _, m, alias, _, _ in plan)
    meta = model._meta
    conditions = " AND ".join(f"t0.{quote(_column(_field(meta, n)))} = %s" for n in where)
    sql = f"SELECT {select} FROM {source}"  # noqa: S608 (names from the models, values bound)
    if conditions:
        sql += f" WHERE {conditions}"
    if order_by:
        sql += " ORDER BY " + ", ".join(
            f"t0.{quote(_column(_field(meta, n.lstrip('-'))))}{' DESC' if n[0] == '-' else ''}"
            for n in order_by
        )
    return sql, plan


def _locking(for_update: bool, joins: tuple[str, ...]) -> str:
    """FOR UPDATE where the backend has it, of the first table only when others are joined."""
    if not (for_update and connection.features.has_select_for_update):
        return ""
    return (
        " FOR UPDATE OF t0"
        if joins and connection.features.has_select_for_update_of
        else " FOR UPDATE"
    )


def _from_db(model: type[M], attnames: tuple[str, ...], values: list[Any], db: Any) -> M:
    return model.from_db(db.alias, attnames, values)


def _object(
    model: type[M], alias: str, row: Sequence[Any], start: int, db: Any
) -> tuple[M | None, int]:
    """The object of `model` whose columns start at `start` in `row` (None when its key is
    NULL: an outer join found nothing), and where the next model's columns start."""
    _, attnames, converters, pk = _columns(model, alias)
    end = start + len(attnames)
    values = list(row[start:end])
    if values[pk] is None:
        return None, end
    for i, convert, col in converters:
        values[i] = convert(values[i], col, db)
    return _from_db(model, attnames, values, db), end


def _build(plan: list[Joined], row: Sequence[Any], db: Any) -> models.Model:
    """The plan's first object, of a row that has it (the row's key is never NULL)."""
    return cast(models.Model, _build_all(plan, row, db)[0])


def _build_all(plan: list[Joined], row: Sequence[Any], db: Any) -> tuple[models.Model | None, int]:
    """The plan's first object with the joined ones cached on it (None when the row's key is
    NULL), and where its columns end."""
    objects: list[models.Model | None] = []
    start = 0
    for _, model, alias, parent, field in plan:
        obj, start = _object(model, alias, row, start, db)
        objects.append(obj)
        hung_from = None if parent is None else objects[parent]
        if hung_from is not None and field is not None:
            field.set_cached_value(hung_from, obj)
    return objects[0], start


def select(
    model: type[M],
    *,
    joins: tuple[str, ...] = (),
    order_by: tuple[str, ...] = (),
    **equal: Any,
) -> list[M]:
    """`model.objects.select_related(*joins).filter(**equal).order_by(*order_by)` for plain
    equality on the model's own fields (a row is locked only by `get` or `get_with_rows`)."""
    names = tuple(sorted(equal))
    sql, plan = _select_sql(model, tuple(joins), names, tuple(order_by))
    db = using(model, write=False)
    with cursor(db, sql, [equal[n] for n in names]) as cur:
        # the plan's first object is of `model`
        return cast("list[M]", [_build(plan, row, db) for row in cur.fetchall()])


def get(
    model: type[M], pk: Any, *, joins: Sequence[str] = (), for_update: bool = False
) -> M | None:
    """The row with primary key `pk` and the rows `joins` point to, or None; with
    `for_update`, read again after waiting for the lock as `get_with_rows` is."""
    return get_with_rows(model, pk, {}, joins=joins, for_update=for_update)[0]


def _pointing(model: type[models.Model], name: str) -> models.ForeignKey[Any, Any]:
    """The foreign key of the reverse relation `name` of `model` (a case's `steps`)."""
    rel = model._meta.get_field(name)
    if not (isinstance(rel, ForeignObjectRel) and isinstance(rel.field, models.ForeignKey)):
        raise TypeError(f"{model._meta.label}.{name} is not rows pointing to it")
    return rel.field


@functools.cache
def _with_rows_sql(
    model: type[models.Model],
    joins: tuple[str, ...],
    related: tuple[tuple[str, tuple[str, ...]], ...],
    for_update: bool,
) -> tuple[str, list[Joined], list[tuple[models.ForeignKey[Any, Any], int]], bool]:
    """The row (with its joins) and, for each reverse relation, the rows pointing to it, each
    once: a UNION ALL of the row with NULLs for the children's columns, then of each relation's
    rows with NULLs for every other part; the first column tells them apart (0 for the row,
    then 1, 2… per relation) and orders the row first, each relation's rows after it. Returns
    the statement, the row's join plan, each relation's foreign key with where its columns
    start in a result row, and whether the row's part ends with `stamp = snapshot`."""
    quote = connection.ops.quote_name
    source, plan = _join_plan(model, joins)
    fks = [_pointing(model, name) for name, _ in related]
    parent_columns = [c for _, m, alias, _, _ in plan for c in _columns(m, alias)[0].split(", ")]
    widths = [len(parent_columns), *(len(fk.model._meta.concrete_fields) for fk in fks)]
    aliased = ", ".join(f"{c} AS p{n}" for n, c in enumerate(parent_columns))
    pk, table = quote(_column(model._meta.pk)), quote(model._meta.db_table)
    locking = _locking(for_update, joins)
    # Locking on PostgreSQL, the row's part ends with whether the row locked is the version
    # the statement's snapshot holds (the children's): false when another transaction changed
    # it while this one waited for the lock.
    # The stamp is the row's `version` (every change of a case increments it), not a system
    # column: a model without one is read once.
    versioned = any(f.name == "version" for f in model._meta.concrete_fields)
    stamped = bool(locking) and connection.vendor == "postgresql" and versioned
    version = quote("version")
    stamp = f", t0.{version} AS stamp" if stamped else ""
    locked = f"SELECT {aliased}{stamp} FROM {source} WHERE t0.{pk} = %s{locking}"  # noqa: S608
    snapshot = f"(SELECT s.{version} FROM {table} s WHERE s.{pk} = %s)"  # noqa: S608
    same = [f"locked.stamp = {snapshot}"] if stamped else []

    def nulls(count: int) -> list[str]:
        return ["NULL"] * count

    # the row's part types the children's columns too: a column NULL in two parts before
    # its own would otherwise be taken as text
    typed = [
        f"CAST(NULL AS {f.cast_db_type(connection)})"
        for fk in fks
        for f in fk.model._meta.concrete_fields
    ]
    row = ", ".join(["0", *(f"locked.p{n}" for n in range(widths[0])), *typed, *same])
    parts = [f"SELECT {row} FROM locked"]  # noqa: S608
    order = ["1"]
    for n, (fk, (_, order_by)) in enumerate(zip(fks, related, strict=True), 1):
        fields = fk.model._meta.concrete_fields
        before, after = sum(widths[:n]), sum(widths[n + 1 :])
        columns = [f"c.{quote(_column(f))}" for f in fields]
        cells = ", ".join([str(n), *nulls(before), *columns, *nulls(after + len(same))])
        parts.append(
            f"SELECT {cells} FROM {quote(fk.model._meta.db_table)} c"  # noqa: S608
            f" WHERE c.{quote(_column(fk))} = %s"
        )
        positions = {f.attname: i for i, f in enumerate(fields)} | {
            f.name: i for i, f in enumerate(fields)
        }
        order += [
            f"{2 + before + positions[o.lstrip('-')]}{' DESC' if o[0] == '-' else ''}"
            for o in order_by
        ]
    sql = f"WITH locked AS ({locked}) {' UNION ALL '.join(parts)} ORDER BY {', '.join(order)}"
    starts = [1 + sum(widths[:n]) for n in range(1, len(widths))]
    return sql, plan, list(zip(fks, starts, strict=True)), stamped


def get_with_rows(
    model: type[M],
    pk: Any,
    related: dict[str, tuple[str, ...]],
    *,
    joins: Sequence[str] = (),
    for_update: bool = False,
) -> tuple[M | None, dict[str, list[models.Model]]]:
    """`get`, and in the same statement, for each reverse relation named in `related` (a
    case's steps, its suspensions), the rows pointing to it, in that relation's order (field
    names, `-` for descending), each with the row cached as the object it points to. (None,
    no rows) when there is no such row.

    With `for_update`, a statement that waited for the lock while another transaction changed
    the row gets the row as the other left it (PostgreSQL reads a locked row again) but the
    other rows as they were when it began; it is then run again, holding the lock, so that
    the row and its children are read as one."""
    wanted = tuple((name, tuple(order_by)) for name, order_by in related.items())
    sql, plan, relations, stamped = _with_rows_sql(model, tuple(joins), wanted, for_update)
    db = using(model, write=for_update)
    params = [pk] * (1 + stamped + len(relations))
    with cursor(db, sql, params) as cur:
        found = cur.fetchall()
    if stamped and found and found[0][0] == 0 and not found[0][-1]:
        with cursor(db, sql, params) as cur:
            found = cur.fetchall()
    lists: list[list[models.Model]] = [[] for _ in wanted]
    children = dict(zip((name for name, _ in wanted), lists, strict=True))
    if not found or found[0][0] != 0:
        return None, children
    obj = cast(M, _build_all(plan, found[0][1:], db)[0])  # the plan's first object is of `model`
    for row in found[1:]:
        fk, start = relations[row[0] - 1]
        child, _ = _object(fk.model, "c", row, start, db)
        fk.set_cached_value(child, obj)
        lists[row[0] - 1].append(child)
    return obj, children


# ---------------------------------------------------------------- writing


# Fields whose database value is the attribute itself when it has the field's own Python type
# (exact classes: a subclass may convert); anything else goes through the field's methods.
_PLAIN = {
    models.CharField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.BigIntegerField: int,
    models.BooleanField: bool,
    models.BigAutoField: int,
    models.AutoField: int,
}


def _plain_type(field) -> type | None:
    """The Python type whose values `field` writes as they are, if any."""
    kind = type(field)
    if kind is models.DateField:
        # as it is where the backend takes dates (PostgreSQL), unless save() sets it
        today = dt.date.today()
        as_is = connection.ops.adapt_datefield_value(today) is today
        return dt.date if as_is and not (field.auto_now or field.auto_now_add) else None
    return _PLAIN.get(kind)


@functools.cache
def _preparers(fields: tuple[models.Field[Any, Any], ...]) -> tuple[Preparer, ...]:
    """(field, attname, the plain Python type, whether it is a relation) for each field — the
    type None when the field's own methods must run."""
    found: list[Preparer] = []
    for field in fields:
        if field.is_relation:
            plain = None
            exact = type(field) in (models.ForeignKey, models.OneToOneField)
            if exact and isinstance(field, models.ForeignKey):
                plain = _plain_type(field.target_field)
        else:
            plain = _plain_type(field)
        found.append((field, field.attname, plain, field.is_relation))
    return tuple(found)


def _prep(field, attname: str, obj, add: bool, db):
    """`field.get_db_prep_save(field.pre_save(obj, add), db)`, taking the key of a related
    object saved after it was assigned, as save() does."""
    if field.is_relation and field.is_cached(obj):
        related = field.get_cached_value(obj)
        if related is not None and getattr(obj, attname) != related.pk:
            setattr(obj, attname, related.pk)
    return field.get_db_prep_save(field.pre_save(obj, add), db)


def db_values(obj: models.Model, fields, *, add: bool) -> list:
    """Each field's value as save() would write it (`add`: as for a new row). A value of the
    field's own plain type is written as it is."""
    return _values(obj, _preparers(tuple(fields)), add=add, db=using(type(obj)))


def _values(obj: models.Model, preparers: tuple[Preparer, ...], *, add: bool, db: Any) -> list[Any]:
    values = []
    loaded = obj.__dict__
    for field, attname, plain, relation in preparers:
        value = loaded[attname] if attname in loaded else getattr(obj, attname)
        if plain is not None and (type(value) is plain or (value is None and not relation)):
            values.append(value)
        else:
            values.append(_prep(field, attname, obj, add, db))
    return values


@functools.cache
def _update_sql(
    model: type[models.Model], names: tuple[str, ...]
) -> tuple[str, tuple[Preparer, ...]]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(_concrete(meta, n) for n in names)
    sets = ", ".join(f"{quote(_column(f))} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(_column(meta.pk))} = %s"  # noqa: S608
    return sql, _preparers(fields)


def update(obj: models.Model, fields) -> None:
    """`obj.save(update_fields=fields)` for a row known to exist."""
    sql, preparers = _update_sql(type(obj), tuple(sorted(set(fields))))
    db = using(type(obj))
    with cursor(db, sql, [*_values(obj, preparers, add=False, db=db), obj.pk]):
        pass  # an UPDATE: nothing to read back


def _inserted_fields(
    model: type[models.Model], keyed: bool = False
) -> tuple[models.Field[Any, Any], ...]:
    """The fields an INSERT writes: every concrete one, the key only when the row has it
    already (`keyed`, taken ahead with `key_sequence`); else the database gives it."""
    return tuple(f for f in model._meta.concrete_fields if keyed or f is not model._meta.pk)


@functools.cache
def key_sequence(model: type[models.Model]) -> str | None:
    """The sequence PostgreSQL takes `model`'s keys from, for a statement that takes a key
    ahead of the insert with `nextval(…)`; None on a database without sequences."""
    db = using(model)
    if db.vendor != "postgresql":
        return None
    with db.cursor() as cur:
        cur.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column]
        )
        return cur.fetchone()[0]


@functools.cache
def _insert_sql(
    model: type[models.Model], count: int, keyed: bool = False
) -> tuple[str, tuple[Preparer, ...]]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = _inserted_fields(model, keyed)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(_column(f)) for f in fields)})"  # noqa: S608
        f" VALUES {', '.join([row] * count)} RETURNING {quote(_column(meta.pk))}"
    )
    return sql, _preparers(fields)


def insert(objs: list[M]) -> list[M]:
    """`bulk_create(objs)` for a few new objects of one model, keys set on return (written
    as they are when the objects have them already)."""
    if not objs:
        return objs
    sql, preparers = _insert_sql(type(objs[0]), len(objs), objs[0].pk is not None)
    db = using(type(objs[0]))
    params = [value for obj in objs for value in _values(obj, preparers, add=True, db=db)]
    with cursor(db, sql, params) as cur:
        keys = [row[0] for row in cur.fetchall()]
    attname = objs[0]._meta.pk.attname
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, attname, key)
        obj._state.adding, obj._state.db = False, db.alias
    return objs


# ---------------------------------------------------------------- several rows at once


class Changes:
    """The rows one change writes, sent together: on PostgreSQL as one statement (a WITH of one
    INSERT or UPDATE per row), so a transition pays one round trip for its writes instead of one
    per row; elsewhere one statement per row, in an order that respects the references.

    Values are read from the objects when `save()` runs. A row inserted here may be pointed to
    (a ForeignKey) by another row written here before its key is known: on PostgreSQL the key
    is taken inside the statement; a row whose key was taken ahead (`key_sequence`) is
    inserted with it. An update of a row inserted here is written by its insert.
    A row is written once per statement: two different objects for one row are refused."""

    def __init__(self, model: type[models.Model]) -> None:
        """`model`: the change's main row, whose connection (`using`) writes it all."""
        self.db = using(model)
        self._inserts: list[models.Model] = []
        self._updates: dict[tuple, tuple[models.Model, set]] = {}
        self._also: list[tuple[tuple[str, ...], list, str]] = []
        self.in_one_statement = self.db.vendor == "postgresql"

    def also(self, ctes: tuple[str, ...], params: list, value: str) -> None:
        """With `in_one_statement` only: WITH items of the caller's own (`name AS (…)`; names
        other than i<n> and u<n>) run in the same statement, their parameters in order;
        `save()` returns `value`, an expression over them."""
        if not self.in_one_statement:
            raise ValueError("only PostgreSQL writes changes in one statement")
        self._also.append((tuple(ctes), list(params), value))

    def pointing_to_new_rows(self, obj: models.Model, names: Iterable[str]) -> set[str]:
        """Those of the foreign keys `names` of `obj` that point to a row inserted here without
        a key yet: it is taken inside the statement, known only after `save()`."""
        pending = {id(o) for o in self._inserts if o.pk is None}
        found = set()
        for name in names:
            field = _concrete(obj._meta, name)
            # a foreign key without a value: its descriptor gives the object assigned, if any,
            # without a query
            unset = field.is_relation and getattr(obj, field.attname) is None
            if unset and id(getattr(obj, name)) in pending:
                found.add(name)
        return found

    def insert(self, *objs: models.Model) -> None:
        self._inserts.extend(objs)

    def update(self, obj: models.Model, fields: Iterable[str]) -> None:
        if any(o is obj for o in self._inserts):
            return  # its insert writes every field
        if obj.pk is None:
            raise ValueError(f"{obj!r} has no key and is not inserted with these changes")
        key = (type(obj), obj.pk)
        held = self._updates.get(key)
        if held is None:
            self._updates[key] = (obj, set(fields))
        elif held[0] is obj:
            held[1].update(fields)
        else:
            raise ValueError(f"two objects for one row: {obj!r}")

    def save(self) -> list:
        """Write everything; returns the values of the `also` items."""
        if not self._inserts and not self._updates and not self._also:
            return []
        one = self.in_one_statement
        values = self._save_in_one_statement() if one else self._save_row_by_row()
        self._inserts, self._updates, self._also = [], {}, []
        return values

    def _inserts_in_order(self) -> list[models.Model]:
        """The rows to insert, each after the rows it points to."""
        pending = {id(obj): obj for obj in self._inserts}
        ordered: list[models.Model] = []
        placed: set[int] = set()

        def place(obj: models.Model) -> None:
            if id(obj) not in placed:
                placed.add(id(obj))
                for _, _, related in _unsaved_related(obj, pending):
                    place(related)
                ordered.append(obj)

        for obj in self._inserts:
            place(obj)
        return ordered

    def _save_row_by_row(self) -> list:
        for obj in self._inserts_in_order():
            insert([obj])
        for obj, fields in self._updates.values():
            update(obj, fields)
        return []

    def _save_in_one_statement(self) -> list:
        inserts = self._inserts_in_order()
        db = self.db
        pending = {id(obj): obj for obj in inserts}
        number = {id(obj): n for n, obj in enumerate(inserts)}
        shape: list[Shape] = []
        params: list[Any] = []
        pointing: list[tuple[models.Model, str, models.Model]] = []
        written: list[tuple[models.Model, tuple[str, ...] | None]] = [(o, None) for o in inserts]
        written += [(o, tuple(sorted(f))) for o, f in self._updates.values()]
        for obj, names in written:
            keyed = names is None and obj.pk is not None
            if names is None:
                preparers = _insert_sql(type(obj), 1, keyed)[1]
            else:
                preparers = _update_sql(type(obj), names)[1]
            refs = _unsaved_related(obj, pending, preparers)
            if refs:
                skip = {position for position, _, _ in refs}
                kept = tuple(p for position, p in enumerate(preparers) if position not in skip)
            else:
                kept = preparers
            params += _values(obj, kept, add=names is None, db=db)
            if names is not None:
                params.append(obj.pk)
            refs_at = tuple((pos, number[id(r)]) for pos, _, r in refs)
            shape.append((type(obj), names, refs_at, keyed))
            pointing += [(obj, preparers[pos][1], related) for pos, _, related in refs]
        for ctes, also_params, value in self._also:
            shape.append((None, ctes, value, False))
            params += also_params
        sql = _changes_sql(tuple(shape))
        with cursor(db, sql, params) as cur:
            values = cur.fetchone()
        for obj, key in zip(inserts, values[: len(inserts)], strict=True):
            setattr(obj, obj._meta.pk.attname, key)
            obj._state.adding, obj._state.db = False, db.alias
        for obj, attname, related in pointing:
            setattr(obj, attname, related.pk)
        return list(values[len(inserts) :])


@functools.cache
def _relations(model: type[models.Model]) -> tuple[Preparer, ...]:
    return _preparers(tuple(f for f in model._meta.concrete_fields if f.is_relation))


def _unsaved_related(
    obj: models.Model,
    pending: dict[int, models.Model],
    preparers: tuple[Preparer, ...] | None = None,
) -> list[tuple[int, models.Field[Any, Any], models.Model]]:
    """(position in `preparers`, field, object) for each foreign key of `obj` pointing to an
    object without a key yet, which must be one of `pending` (id → object)."""
    if preparers is None:
        preparers = _relations(type(obj))
    found = []
    for position, (field, attname, _, relation) in enumerate(preparers):
        if relation and getattr(obj, attname) is None:
            # no value: the descriptor gives the object assigned, if any, without a query
            related = getattr(obj, field.name)
            if related is not None and related.pk is None:
                if id(related) not in pending:
                    raise ValueError(f"{obj!r} points to an unsaved {related!r}")
                found.append((position, field, related))
    return found


@functools.lru_cache(maxsize=256)
def _changes_sql(shape: tuple[Shape, ...]) -> str:
    """WITH i0 AS (INSERT … RETURNING the key), …, u2 AS (UPDATE …) SELECT the inserted keys;
    a value pointing to a row inserted here is `(SELECT pk FROM i<n>)`."""
    quote = connection.ops.quote_name
    ctes: list[str] = []
    keys: list[str] = []
    also: list[str] = []
    for model, names, refs, keyed in shape:
        if model is None:  # the caller's own WITH items (`also`): names are its items
            ctes += cast(tuple[str, ...], names)
            also.append(cast(str, refs))  # the value's expression
            continue
        meta = model._meta
        table, pk = quote(meta.db_table), quote(_column(meta.pk))
        ref_at = dict(cast(tuple[tuple[int, int], ...], refs))  # a row's: (position, insert)
        fields: Sequence[models.Field[Any, Any]]
        if names is None:
            fields = _inserted_fields(model, keyed)
        else:
            fields = [_concrete(meta, name) for name in names]
        values = [
            f"(SELECT pk FROM i{ref_at[i]})" if i in ref_at else "%s"  # noqa: S608
            for i in range(len(fields))
        ]
        if names is None:
            columns = ", ".join(quote(_column(f)) for f in fields)
            ctes.append(
                f"i{len(keys)} AS (INSERT INTO {table} ({columns})"  # noqa: S608
                f" VALUES ({', '.join(values)}) RETURNING {pk} AS pk)"
            )
            keys.append(f"(SELECT pk FROM i{len(keys)})")  # noqa: S608
        else:
            sets = ", ".join(
                f"{quote(_column(f))} = {v}" for f, v in zip(fields, values, strict=True)
            )
            ctes.append(f"u{len(ctes)} AS (UPDATE {table} SET {sets} WHERE {pk} = %s)")  # noqa: S608
    return f"WITH {', '.join(ctes)} SELECT {', '.join([*keys, *also]) or '1'}"
