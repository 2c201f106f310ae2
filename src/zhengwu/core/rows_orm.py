"""`core.rows` written with Django's public API only (issue 20 §5, the measurement): the same
functions, each the ORM at its best — `select_for_update(of=("self",))` with
`select_related`, one more query per reverse relation, `bulk_create`, `save(update_fields=…)`
or `bulk_update` of the changed fields only, `Model(**values)` — on the connection the router
gives. Chosen with ZHENGWU_ROWS=orm (settings.ZHENGWU_ROWS)."""

from __future__ import annotations

import contextlib

from django.db import connections, models, router
from django.db.models import Subquery


def _db(model: type[models.Model], write: bool = True) -> str:
    return router.db_for_write(model) if write else router.db_for_read(model)


@contextlib.contextmanager
def cursor(sql: str, params: list):
    with connections[router.db_for_write(models.Model)].cursor() as django_cursor:
        django_cursor.execute(sql, params)
        yield django_cursor


def key_sequence(model: type[models.Model]) -> None:
    """No key is taken ahead: the ORM inserts the row and reads its key back."""
    return None


def new(model: type[models.Model], **values) -> models.Model:
    return model(**values)


def select(
    model: type[models.Model],
    *,
    joins: tuple[str, ...] = (),
    order_by: tuple[str, ...] = (),
    **equal,
) -> list[models.Model]:
    return list(
        model._default_manager.using(_db(model, write=False))
        .select_related(*joins)
        .filter(**equal)
        .order_by(*order_by)
    )


def get(model: type[models.Model], pk, *, joins=(), for_update=False) -> models.Model | None:
    return get_with_rows(model, pk, {}, joins=joins, for_update=for_update)[0]


def _locked(model: type[models.Model], pk, joins, for_update: bool):
    qs = model._default_manager.using(_db(model, write=for_update)).select_related(*joins)
    qs = qs.filter(pk=pk).order_by()
    if not for_update:
        return qs.first()
    qs = qs.select_for_update(of=("self",))
    versioned = any(f.name == "version" for f in model._meta.concrete_fields)
    if not versioned:
        return qs.first()
    # The version the statement's snapshot holds: a lock that waited for another transaction
    # gets the row as the other left it but the joined rows as the snapshot held them; then
    # read again, holding the lock (as core.rows does with xmin).
    seen = Subquery(model._default_manager.filter(pk=pk).values("version")[:1])
    found = qs.annotate(snapshot_version=seen).first()
    if found is not None and found.snapshot_version != found.version:
        found = qs.first()
    return found


def get_with_rows(
    model: type[models.Model],
    pk,
    related: dict[str, tuple[str, ...]],
    *,
    joins=(),
    for_update=False,
) -> tuple[models.Model | None, dict[str, list[models.Model]]]:
    obj = _locked(model, pk, tuple(joins), for_update)
    children: dict[str, list[models.Model]] = {name: [] for name in related}
    if obj is None:
        return None, children
    for name, order_by in related.items():
        fk = model._meta.get_field(name).field
        found = list(
            fk.model._default_manager.using(_db(fk.model, write=for_update))
            .filter(**{fk.attname: obj.pk})
            .order_by(*order_by)
        )
        for child in found:
            setattr(child, fk.name, obj)
        children[name] = found
    return obj, children


def db_values(obj: models.Model, fields, *, add: bool) -> list:
    connection = connections[router.db_for_write(type(obj), instance=obj)]
    return [f.get_db_prep_save(f.pre_save(obj, add), connection) for f in fields]


def update(obj: models.Model, fields) -> None:
    obj.save(update_fields=sorted(set(fields)))


def insert(objs: list[models.Model]) -> list[models.Model]:
    if objs:
        type(objs[0])._default_manager.bulk_create(objs)
    return objs


def _unsaved_related(obj: models.Model) -> list[models.Model]:
    """The objects without a key yet that `obj`'s foreign keys point to (no query: a foreign
    key whose value is None is read from the instance only)."""
    found = []
    for field in obj._meta.concrete_fields:
        if field.is_relation and getattr(obj, field.attname) is None:
            related = getattr(obj, field.name)
            if related is not None and related.pk is None:
                found.append(related)
    return found


class Changes:
    """The rows one change writes: each model's new rows with one `bulk_create`, in an order
    that respects the references, then each model's changed rows (`save(update_fields=…)`,
    `bulk_update` when there are several)."""

    in_one_statement = False

    def __init__(self) -> None:
        self._inserts: list[models.Model] = []
        self._updates: dict[tuple, tuple[models.Model, set]] = {}

    def also(self, ctes, params, value) -> None:
        raise ValueError("only core.rows writes changes in one statement")

    def pointing_to_new_rows(self, obj: models.Model, names) -> set[str]:
        pending = {id(o) for o in self._inserts if o.pk is None}
        found = set()
        for name in names:
            field = obj._meta.get_field(name)
            unset = field.is_relation and getattr(obj, field.attname) is None
            if unset and id(getattr(obj, name)) in pending:
                found.add(name)
        return found

    def insert(self, *objs: models.Model) -> None:
        self._inserts.extend(objs)

    def update(self, obj: models.Model, fields) -> None:
        if any(o is obj for o in self._inserts):
            return
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
        pending = list(self._inserts)
        while pending:
            waiting = {id(o) for o in pending}
            ready = [o for o in pending if not any(id(r) in waiting for r in _unsaved_related(o))]
            if not ready:
                raise ValueError("the new rows point to each other")
            by_model: dict[type, list] = {}
            for obj in ready:
                by_model.setdefault(type(obj), []).append(obj)
            for model, objs in by_model.items():
                model._default_manager.bulk_create(objs)
            done = {id(o) for o in ready}
            pending = [o for o in pending if id(o) not in done]
        grouped: dict[type, list[tuple[models.Model, set]]] = {}
        for obj, fields in self._updates.values():
            grouped.setdefault(type(obj), []).append((obj, fields))
        for model, held in grouped.items():
            if len(held) == 1:
                obj, fields = held[0]
                obj.save(update_fields=sorted(fields))
            else:
                fields = sorted(set().union(*(f for _, f in held)))
                model._default_manager.bulk_update([o for o, _ in held], fields)
        self._inserts, self._updates = [], {}
        return []
