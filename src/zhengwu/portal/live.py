"""Pages that update in place: the reader's page polls a fragment with htmx every few seconds
(`hx-get … hx-trigger="every 5s"`, a <noscript> refresh without JavaScript). The fragment is
rendered once per change and kept in the cache, so readers who poll cost neither a database
query nor a template render; the service that changes the record drops it (`changed`) now and
again after commit, so a reader who rebuilt it from the old rows in between does not keep it.

The 在线访谈 (interaction) and the 新闻发布会 (disclosure.interpretation) live pages use it."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 3600


def fragment(key: str, render: Callable[[], str]) -> str:
    """The cached fragment under `key`, rendered by `render()` when missing ("" = nothing)."""
    html = cache.get(key)
    if html is None:
        html = render()
        if html:
            cache.set(key, html, TIMEOUT)
    return html or ""


def changed(*keys: str) -> None:
    """Drop the fragments of a record that changed (call inside the change's transaction)."""
    cache.delete_many(list(keys))
    transaction.on_commit(lambda: cache.delete_many(list(keys)))
