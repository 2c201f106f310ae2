"""Registries that let each app contribute to the shared pages without the portal importing them:
the staff workbench (待办 / 预警 / 已办), the citizen's page, and the home page's sections.

An app registers in its AppConfig.ready():
    from zhengwu.portal import workbench
    workbench.register_panel(my_panel_function)
A panel function takes the user and returns a dict {title, todo, warning, done, url} or None.
"""

from collections.abc import Callable

_panels: list[Callable] = []
_citizen_panels: list[Callable] = []
_home_sections: list[Callable] = []
_site_columns: list[Callable] = []


def register_panel(fn: Callable) -> Callable:
    _panels.append(fn)
    return fn


def register_citizen_panel(fn: Callable) -> Callable:
    _citizen_panels.append(fn)
    return fn


def register_home_section(fn: Callable) -> Callable:
    _home_sections.append(fn)
    return fn


def register_site_columns(fn: Callable) -> Callable:
    """fn(jurisdiction) → [(name, url)]: the site's own columns, for its home page's navigation
    and its 网站地图 (the websites app)."""
    _site_columns.append(fn)
    return fn


def panels(user) -> list[dict]:
    return [p for p in (fn(user) for fn in _panels) if p]


def citizen_panels(user) -> list[dict]:
    return [p for p in (fn(user) for fn in _citizen_panels) if p]


def home_sections(jurisdiction) -> list[dict]:
    return [s for s in (fn(jurisdiction) for fn in _home_sections) if s]


def site_columns(jurisdiction) -> list[tuple[str, str]]:
    return [c for fn in _site_columns for c in fn(jurisdiction)]
