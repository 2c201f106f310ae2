"""Several rows at once: a change's inserts and updates in one statement on PostgreSQL."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models

from .cursor import Preparer, Shape, _column, _concrete, cursor, using
from .writing import (
    _insert_sql,
    _inserted_fields,
    _preparers,
    _update_sql,
    _values,
    insert,
    update,
)


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
