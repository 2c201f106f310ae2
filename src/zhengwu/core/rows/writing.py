"""Writing one model's rows: each field's value as save() would write it, insert, update."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import connection, models

from .cursor import M, Preparer, _column, _concrete, cursor, using

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
