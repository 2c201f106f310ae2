"""Every audit action has its Chinese name (core.actions), found three ways: by reading every
`audit.record(`/`record_many(` in the code, by the events the demo load wrote, and by
`audit.record` itself refusing an unregistered action while ZHENGWU_AUDIT_ACTIONS_STRICT is on.
And every record an event concerns is named in words, for a page of events in bulk."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

import zhengwu
from zhengwu.core import actions, audit, trail
from zhengwu.core.models import AuditEvent

SRC = Path(zhengwu.__file__).parent


# ---------------------------------------------------------------- reading the code


class Actions:
    """The action strings `audit.record(…)` / `audit.record_many(…)` can be given in a set of
    modules, worked out from the code: literals, f-strings and `+` of parts, `a if c else b`,
    module constants (also unpacked from a tuple, and imported by name from another module of
    the set), a function's parameter (its default and what every call passes for it),
    and `fn.__name__` of a decorator's function (every function it decorates). A call whose
    action cannot be worked out is listed in `unresolved`, so that nothing escapes the check."""

    def __init__(self, sources: dict[str, str]):
        self.trees = {path: ast.parse(text) for path, text in sources.items()}
        self.parents = {}
        for tree in self.trees.values():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[child] = node
        self.found: set[str] = set()
        self.unresolved: list[str] = []
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                if self._records(node):
                    arg = node.args[0] if node.args else self._keyword(node, "action")
                    values = self._values(arg, path, set()) if arg is not None else None
                    if not values:
                        self.unresolved.append(f"{path}:{node.lineno}")
                    else:
                        self.found |= values

    @staticmethod
    def _records(node) -> bool:
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            return False
        owner = node.func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        return node.func.attr in ("record", "record_many") and owner_name == "audit"

    @staticmethod
    def _keyword(call: ast.Call, name: str):
        return next((k.value for k in call.keywords if k.arg == name), None)

    def _functions(self, node):
        """The functions enclosing `node`, innermost first."""
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield node

    def _values(self, node, path: str, seen: set) -> set[str] | None:
        if node in seen:
            return set()
        seen = seen | {node}
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return self._all([node.body, node.orelse], path, seen, union=True)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._all([node.left, node.right], path, seen)
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.FormattedValue) else v for v in node.values]
            return self._all(parts, path, seen)
        if isinstance(node, ast.Attribute) and node.attr == "__name__":
            return self._decorated(node, path)
        if isinstance(node, ast.Name):
            return self._name(node, path, seen)
        return None

    def _all(self, nodes, path, seen, union=False) -> set[str] | None:
        parts = [self._values(n, path, seen) for n in nodes]
        if any(p is None or not p for p in parts):
            return None
        if union:
            return set().union(*parts)
        return {"".join(combo) for combo in itertools.product(*parts)}

    def _name(self, node: ast.Name, path: str, seen: set) -> set[str] | None:
        for fn in self._functions(node):
            assigned = [
                a.value
                for a in ast.walk(fn)
                if isinstance(a, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)
            ]
            if assigned:
                return self._all(assigned, path, seen, union=True)
            if node.id in [a.arg for a in fn.args.args + fn.args.kwonlyargs]:
                return self._guarded(fn, node.id, path, seen) or self._passed(
                    fn, node.id, path, seen
                )
        for stmt in self.trees[path].body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets
            ):
                return self._values(stmt.value, path, seen)
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.targets[0], ast.Tuple)
                and isinstance(stmt.value, ast.Tuple)
            ):
                names = [t.id if isinstance(t, ast.Name) else "" for t in stmt.targets[0].elts]
                if node.id in names:
                    return self._values(stmt.value.elts[names.index(node.id)], path, seen)
            if isinstance(stmt, ast.ImportFrom):
                alias = next((a for a in stmt.names if (a.asname or a.name) == node.id), None)
                source = self._module(path, stmt) if alias else None
                if source is not None and alias is not None:
                    return self._name(ast.Name(id=alias.name), source, seen)
        return None

    def _guarded(self, fn, param: str, path: str, seen: set) -> set[str] | None:
        """A parameter the function refuses unless it is one of a module's tuple of actions
        (`if action not in ACTIONS: raise …`): the members of that tuple."""
        for test in ast.walk(fn):
            if not (
                isinstance(test, ast.Compare)
                and isinstance(test.left, ast.Name)
                and test.left.id == param
                and len(test.ops) == 1
                and isinstance(test.ops[0], ast.In | ast.NotIn)
                and isinstance(test.comparators[0], ast.Name)
            ):
                continue
            found = self._tuple(test.comparators[0].id, path)
            if found is not None:
                where, elements = found
                return self._all(elements, where, seen, union=True)
        return None

    def _tuple(self, name: str, path: str) -> tuple[str, list] | None:
        """The elements of a module-level tuple `name` (defined in `path` or imported there)."""
        for stmt in self.trees[path].body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in stmt.targets
            ):
                if isinstance(stmt.value, ast.Tuple):
                    return path, list(stmt.value.elts)
                return None
            if isinstance(stmt, ast.ImportFrom):
                alias = next((a for a in stmt.names if (a.asname or a.name) == name), None)
                source = self._module(path, stmt) if alias else None
                if source is not None and alias is not None:
                    return self._tuple(alias.name, source)
        return None

    def _module(self, path: str, stmt: ast.ImportFrom) -> str | None:
        """The file of the module `from … import` names (relative, or under `zhengwu.`)."""
        if stmt.level:
            parts = path.split("/")[: -stmt.level]
        else:
            parts = []
            if not (stmt.module or "").startswith("zhengwu."):
                return None
        name = (stmt.module or "").removeprefix("zhengwu.") if not stmt.level else stmt.module
        parts += name.split(".") if name else []
        for candidate in ("/".join(parts) + ".py", "/".join([*parts, "__init__.py"])):
            if candidate in self.trees:
                return candidate
        return None

    def _passed(self, fn, param: str, path: str, seen: set) -> set[str] | None:
        """What a parameter can be: its default, and what each call of the function passes
        (calls by name or as `module.function`, anywhere: a package's modules import it)."""
        positional = [a.arg for a in fn.args.args]
        defaults = dict(
            zip(
                positional[len(positional) - len(fn.args.defaults) :], fn.args.defaults, strict=True
            )
        )
        defaults |= {
            a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True) if d
        }
        values = self._values(defaults[param], path, seen) if param in defaults else set()
        for other, tree in self.trees.items():
            for call in ast.walk(tree):
                if not isinstance(call, ast.Call):
                    continue
                by_name = isinstance(call.func, ast.Name)
                if not (by_name and call.func.id == fn.name) and not (
                    isinstance(call.func, ast.Attribute) and call.func.attr == fn.name
                ):
                    continue
                arg = self._keyword(call, param)
                if arg is None and param in positional:
                    index = positional.index(param)
                    arg = call.args[index] if index < len(call.args) else None
                if arg is not None and values is not None:
                    passed = self._values(arg, other, seen)
                    values = None if passed is None else values | passed
        return values or None

    def _decorated(self, node: ast.Attribute, path: str) -> set[str] | None:
        """`fn.__name__` inside a decorator taking `fn`: the names of what it decorates, in
        any module (a package's modules import the decorator from a shared one)."""
        if not isinstance(node.value, ast.Name):
            return None
        for deco in self._functions(node):
            if node.value.id in [a.arg for a in deco.args.args]:
                return {
                    f.name
                    for tree in self.trees.values()
                    for f in ast.walk(tree)
                    if isinstance(f, ast.FunctionDef)
                    and any(
                        (isinstance(d, ast.Name) and d.id == deco.name)
                        or (isinstance(d, ast.Attribute) and d.attr == deco.name)
                        for d in f.decorator_list
                    )
                } or None
        return None


def code_actions() -> Actions:
    return Actions({str(p.relative_to(SRC)): p.read_text("utf-8") for p in SRC.rglob("*.py")})


def test_every_action_the_code_records_is_registered():
    found = code_actions()
    assert found.unresolved == [], "审计操作无法从代码确定，请写成字面量或可解析的形式"
    # the families built from parts resolve to their members
    assert {"cases.accept", "cases.deemed_accept", "cases.decide"} <= found.found
    assert {"disclosure.document.publish", "services.item.import"} <= found.found
    assert {"ratings.fixed", "supervision.rectification_returned"} <= found.found
    assert {"account.token_new_address", "disclosure.document.import"} <= found.found
    missing = sorted(a for a in found.found if not actions.is_registered(a))
    assert missing == [], f"未登记中文名称的审计操作：{missing}"


def test_the_reading_catches_an_unregistered_action_and_one_it_cannot_work_out():
    found = Actions(
        {
            "a.py": 'from zhengwu.core import audit\naudit.record("foo.bar", x)\n',
            "b.py": (
                "def save(action):\n"
                "    audit.record(f'cases.{action}', x)\n"
                "save('accept')\n"
                "save(next_step)\n"
                "audit.record(event_name(), x)\n"
            ),
        }
    )
    assert "foo.bar" in found.found and not actions.is_registered("foo.bar")
    assert sorted(found.unresolved) == ["b.py:2", "b.py:5"]


def test_the_reading_follows_a_constant_unpacked_or_imported_from_another_module():
    found = Actions(
        {
            "app/models/plans.py": 'SUBMIT, FILE = ("app.plan.submit", "app.plan.file")\n',
            "app/models/__init__.py": "from .plans import FILE, SUBMIT\n",
            "app/services/plans.py": (
                "from ..models.plans import SUBMIT\n"
                "from zhengwu.app.models import FILE as FILED\n"
                "audit.record(SUBMIT, x)\n"
                "audit.record(FILED, x)\n"
                "audit.record(UNKNOWN, x)\n"
            ),
        }
    )
    assert {"app.plan.submit", "app.plan.file"} <= found.found
    assert found.unresolved == ["app/services/plans.py:5"]


def test_every_action_in_the_demo_is_registered(db):
    recorded = set(AuditEvent.objects.values_list("action", flat=True).distinct())
    assert len(recorded) > 30
    assert sorted(a for a in recorded if not actions.is_registered(a)) == []


def test_recording_an_unregistered_action_is_refused(db, settings):
    before = AuditEvent.objects.count()
    with pytest.raises(ImproperlyConfigured, match="foo.bar"):
        audit.record("foo.bar", object_type="test")
    with pytest.raises(ImproperlyConfigured, match="foo.many"):
        audit.record_many("foo.many", [(None, None, {"n": 1})])
    assert AuditEvent.objects.count() == before
    # production records it all the same (a change is never lost for want of a name)
    settings.ZHENGWU_AUDIT_ACTIONS_STRICT = False
    event = audit.record("foo.bar", object_type="test")
    assert trail.lines([event])[0].action == "未登记的操作（foo.bar）"


def test_an_action_is_registered_once():
    with pytest.raises(ImproperlyConfigured, match="受理"):
        actions.register("cases.accept", "受理")


def test_every_record_the_demo_audited_is_named_in_words(db):
    pairs = set(AuditEvent.objects.values_list("object_type", "object_id").distinct())
    events = [
        AuditEvent.objects.filter(action=a).first()
        for a in AuditEvent.objects.values_list("action", flat=True).distinct()
    ]
    named = trail.names(
        (actions.subject_type(e.action, e.object_type), e.object_id) for e in events
    )
    assert len(pairs) > 100
    for (object_type, object_id), name in named.items():
        assert trail.CJK.search(name), (object_type, object_id, name)
        assert object_type not in name and "object (" not in name, name
    for line in trail.lines(events):
        for label, _ in line.changes:
            assert trail.CJK.search(label), (line.event.action, label)


def test_a_deleted_record_is_named_by_its_kind(db):
    assert trail.name("cases.case", "999999999") == "办件（已删除）"
    assert trail.name("org.jurisdiction", "") == "行政区划"


def test_a_page_of_events_is_named_in_a_fixed_number_of_queries(db):
    def queries_for(n: int) -> int:
        cases = AuditEvent.objects.filter(action="cases.accept").values_list("object_id")[:n]
        events = list(AuditEvent.objects.filter(object_type="cases.case", object_id__in=cases))
        assert len({e.object_id for e in events}) == n
        with CaptureQueriesContext(connection) as seen:
            trail.lines(events)
        return len(seen.captured_queries)

    assert queries_for(3) == queries_for(30)
