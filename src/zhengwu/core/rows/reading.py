"""Reading: a row with the rows it points to (and those pointing to it), locked or not."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, models
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.db.models.options import Options

from .cursor import Joined, M, _column, _concrete, cursor, using


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
