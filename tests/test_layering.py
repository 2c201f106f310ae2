"""Apps depend downwards (docs/architecture.md): the business apps register their figures in
`core.measures` and their public records in `core.searchable`, and never import the apps that
read them (supervision, assessment, search). Every import statement is read, those inside
functions (AppConfig.ready) included."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
READERS = ("zhengwu.supervision", "zhengwu.assessment", "zhengwu.search")
WRITERS = ["cases", "disclosure", "interaction", "ratings", "services", "portal"]


def imported_modules(path: Path) -> set[str]:
    package = ".".join(path.relative_to(SRC).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_the_walk_sees_relative_and_nested_imports():
    assert "zhengwu.core.measures" in imported_modules(SRC / "zhengwu/cases/apps.py")
    assert "zhengwu.supervision.status" in imported_modules(SRC / "zhengwu/supervision/stats.py")


@pytest.mark.parametrize("app", WRITERS)
def test_business_apps_never_import_their_readers(app):
    wrong = [
        f"{path.relative_to(SRC)}: {module}"
        for path in sorted((SRC / "zhengwu" / app).rglob("*.py"))
        for module in sorted(imported_modules(path))
        if module.startswith(READERS)
    ]
    assert wrong == []
