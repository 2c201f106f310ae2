"""Rows for the hot paths: load a row with the rows it points to, store changed fields, insert.

A case transition runs a dozen statements; built through the ORM, compiling them costs more
than running them (a `select_related` of six tables takes longer to compile than PostgreSQL
takes to lock the row). Here each statement is built once per shape from the models' own
metadata, then only executed: the objects are ordinary model instances (`Model.from_db`, with
the backend's converters), and the statements go through Django's cursor, so errors, query
logging and transactions behave as with the ORM. Like `bulk_create`, no save() signals are
sent: the callers are services that write their own audit events.

Everything else uses the ORM; use these only where a benchmark shows the compiling matters.
"""

from __future__ import annotations

import contextlib
import functools

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import signals
from django.db.models.base import ModelState


@functools.lru_cache(maxsize=512)
def _numbered(sql: str) -> str:
    """`%s` placeholders as PostgreSQL's own `$1, $2…` (this module's statements hold no other
    `%`)."""
    parts = sql.split("%s")
    return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], 1)) + parts[-1]


class PreparedCursor(psycopg.RawCursor):
    """Binds on the server and takes `$n` placeholders, so psycopg does not parse the statement
    on each run (it caches its parsing only for statements of at most 50 parameters, and a
    case has 51 columns)."""

    def execute(self, query, params=None, **kwargs):
        return super().execute(_numbered(query), params, **kwargs)


@contextlib.contextmanager
def cursor():
    """Django's cursor; on PostgreSQL one that binds parameters on the server, so that a hot
    statement, always the same text (this module's, the audit append), is prepared once per
    connection (psycopg prepares it on its `prepare_threshold`-th run: DATABASES OPTIONS).
    The ORM keeps its client-side binding. The server-side cursor is kept with the connection
    and wrapped afresh each time, so query logging follows the connection's setting."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        with db.cursor() as django_cursor:
            yield django_cursor
        return
    db.ensure_connection()
    kept = getattr(db, "_rows_cursor", None)
    if kept is None or kept.closed or kept.connection is not db.connection:
        kept = db._rows_cursor = PreparedCursor(db.connection)
    yield db.make_debug_cursor(kept) if db.queries_logged else db.make_cursor(kept)


# ---------------------------------------------------------------- reading


@functools.cache
def _columns(model: type[models.Model], alias: str) -> tuple[str, tuple, tuple, int]:
    """(the select list of `model` under `alias`, its attnames, each column's converters with
    the column they take, the position of the primary key)."""
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    select = ", ".join(f"{alias}.{quote(f.column)}" for f in fields)
    converters = []
    for i, f in enumerate(fields):
        col = f.get_col(alias)
        for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            converters.append((i, convert, col))
    pk = [f.primary_key for f in fields].index(True)
    return select, tuple(f.attname for f in fields), tuple(converters), pk


@functools.cache
def _join_plan(model: type[models.Model], joins: tuple[str, ...]) -> tuple[str, list]:
    """The FROM clause and, per joined path, (path, model, alias, parent index, FK field)."""
    quote = connection.ops.quote_name
    plan = [("", model, "t0", None, None)]
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
            target = field.related_model
            alias = f"t{len(plan)}"
            sql += (
                f" LEFT JOIN {quote(target._meta.db_table)} {alias}"
                f" ON {alias}.{quote(target._meta.pk.column)}"
                f" = {parent_alias}.{quote(field.column)}"
            )
            seen[sub] = len(plan)
            plan.append((sub, target, alias, parent, field))
    return sql, plan


def _field(meta, name: str):
    return meta.pk if name == "pk" else meta.get_field(name)


@functools.cache
def _select_sql(
    model: type[models.Model],
    joins: tuple[str, ...],
    where: tuple[str, ...],
    order_by: tuple[str, ...],
    for_update: bool,
) -> tuple[str, list]:
    quote = connection.ops.quote_name
    source, plan = _join_plan(model, joins)
    select = ", ".join(_columns(m, alias)[0] for _, m, alias, _, _ in plan)
    meta = model._meta
    conditions = " AND ".join(f"t0.{quote(_field(meta, n).column)} = %s" for n in where)
    sql = f"SELECT {select} FROM {source}"  # noqa: S608 (names from the models, values bound)
    if conditions:
        sql += f" WHERE {conditions}"
    if order_by:
        sql += " ORDER BY " + ", ".join(
            f"t0.{quote(_field(meta, n.lstrip('-')).column)}{' DESC' if n[0] == '-' else ''}"
            for n in order_by
        )
    if for_update and connection.features.has_select_for_update:
        sql += " FOR UPDATE"
        if joins and connection.features.has_select_for_update_of:
            sql += " OF t0"
    return sql, plan


def _plain_model(model: type[models.Model]) -> bool:
    """Whether a row of `model` may be built without calling `__init__`: it is Django's own
    and nothing listens for its init signals (an ImageField's dimensions do)."""
    return (
        model.__init__ is models.Model.__init__
        and model.from_db.__func__ is models.Model.from_db.__func__
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
    )


def _from_db(model: type[models.Model], attnames: tuple, values: list, db) -> models.Model:
    """`model.from_db(db.alias, attnames, values)` for every concrete field; without the
    per-field work of `__init__` when `_plain_model`."""
    if not _plain_model(model):
        return model.from_db(db.alias, attnames, values)
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    state = obj._state = ModelState()
    state.adding, state.db = False, db.alias
    return obj


def _build(plan: list, row, db) -> models.Model:
    objects: list[models.Model | None] = []
    start = 0
    for _, model, alias, parent, field in plan:
        _, attnames, converters, pk = _columns(model, alias)
        values = list(row[start : start + len(attnames)])
        start += len(attnames)
        obj = None
        if values[pk] is not None:
            for i, convert, col in converters:
                values[i] = convert(values[i], col, db)
            obj = _from_db(model, attnames, values, db)
        objects.append(obj)
        if parent is not None and objects[parent] is not None:
            field.set_cached_value(objects[parent], obj)
    return objects[0]


def select(
    model: type[models.Model],
    *,
    joins: tuple[str, ...] = (),
    order_by: tuple[str, ...] = (),
    for_update: bool = False,
    **equal,
) -> list[models.Model]:
    """`model.objects.select_related(*joins).filter(**equal).order_by(*order_by)` for plain
    equality on the model's own fields (FOR UPDATE locks only the model's rows)."""
    names = tuple(sorted(equal))
    sql, plan = _select_sql(model, tuple(joins), names, tuple(order_by), for_update)
    db = connections[DEFAULT_DB_ALIAS]
    with cursor() as cur:
        cur.execute(sql, [equal[n] for n in names])
        return [_build(plan, row, db) for row in cur.fetchall()]


def get(model: type[models.Model], pk, *, joins=(), for_update=False) -> models.Model | None:
    """The row with primary key `pk` and the rows `joins` point to, or None."""
    found = select(model, joins=tuple(joins), for_update=for_update, pk=pk)
    return found[0] if found else None


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


@functools.cache
def _preparers(fields: tuple) -> tuple[tuple[models.Field, str, type | None], ...]:
    """(field, attname, the plain Python type) for each field — the type None when the
    field's own methods must run."""
    found = []
    for field in fields:
        if field.is_relation:
            target = field.target_field
            plain = _PLAIN.get(type(target)) if type(field) is models.ForeignKey else None
        else:
            plain = _PLAIN.get(type(field))
        found.append((field, field.attname, plain))
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
    return _values(obj, _preparers(tuple(fields)), add=add)


def _values(obj: models.Model, preparers: tuple, *, add: bool) -> list:
    db = connections[DEFAULT_DB_ALIAS]
    values = []
    for field, attname, plain in preparers:
        value = getattr(obj, attname)
        if plain is not None and (
            type(value) is plain or (value is None and not field.is_relation)
        ):
            values.append(value)
        else:
            values.append(_prep(field, attname, obj, add, db))
    return values


@functools.cache
def _update_sql(model: type[models.Model], names: tuple[str, ...]) -> tuple[str, tuple]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(meta.get_field(n) for n in names)
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    return sql, _preparers(fields)


def update(obj: models.Model, fields) -> None:
    """`obj.save(update_fields=fields)` for a row known to exist."""
    sql, preparers = _update_sql(type(obj), tuple(sorted(set(fields))))
    with cursor() as cur:
        cur.execute(sql, [*_values(obj, preparers, add=False), obj.pk])


@functools.cache
def _update_many_sql(model, names: tuple[str, ...], count: int) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    sets = ", ".join(f"{quote(meta.get_field(n).column)} = %s" for n in names)
    keys = ", ".join(["%s"] * count)
    return f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} IN ({keys})"  # noqa: S608


def update_many(model: type[models.Model], pks: list, **values) -> None:
    """`model.objects.filter(pk__in=pks).update(**values)` for plain values."""
    if not pks:
        return
    names = tuple(sorted(values))
    meta = model._meta
    db = connections[DEFAULT_DB_ALIAS]
    params = [meta.get_field(n).get_db_prep_save(values[n], db) for n in names]
    with cursor() as cur:
        cur.execute(_update_many_sql(model, names, len(pks)), [*params, *pks])


@functools.cache
def _insert_sql(model: type[models.Model], count: int) -> tuple[str, tuple]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if f is not meta.pk)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"  # noqa: S608
        f" VALUES {', '.join([row] * count)} RETURNING {quote(meta.pk.column)}"
    )
    return sql, _preparers(fields)


def insert(objs: list[models.Model]) -> list[models.Model]:
    """`bulk_create(objs)` for a few new objects of one model, keys set on return."""
    if not objs:
        return objs
    sql, preparers = _insert_sql(type(objs[0]), len(objs))
    params = [value for obj in objs for value in _values(obj, preparers, add=True)]
    with cursor() as cur:
        cur.execute(sql, params)
        keys = [row[0] for row in cur.fetchall()]
    attname = objs[0]._meta.pk.attname
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, attname, key)
        obj._state.adding, obj._state.db = False, DEFAULT_DB_ALIAS
    return objs
