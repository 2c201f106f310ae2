"""Cached public pages: rendered once per change, then served to every anonymous visitor.

A public page that every anonymous visitor sees alike (the 政府信息公开 catalogue, a 办事指南)
is marked with `public_page(tags)`. `tags(**view_kwargs)` names what the page shows, as
strings that need no database to compute (an agency's 统一社会信用代码, an item's id):

    @pagecache.public_page(lambda usci, code=None: [pagecache.agency_tag(usci), ...])
    def catalogue(request, usci, code=None): ...

Each tag has a generation in the configured cache (Redis in production; the file cache shared
by the worker processes without it; pytest's in-memory cache). The cached page's key is the
full URL (scheme, host, path, sorted query string), the language, the day, and the generations
of its tags and of `ORG_TAG`; a change gives the tags it touches a new generation (`bump`), so
the next request misses and renders the new page. Nothing is ever deleted: old pages expire.

Where generations move: every publishing app already tells search what changed through
`zhengwu.core.searchable` (`changed(doc)` / `removed(kind, key)`, inside the change's
transaction). The page cache listens there too (`portal.apps.ready`):
- a record changed: its own tag (`record_tag(kind, key)`) and its agency's and that agency's
  parent's (`agency_tag`), so an agency's catalogue and its government's both move;
- a record removed: its own tag and its kind's (`kind_tag`): lists of that kind all move, since
  `removed` does not say which agency the record belonged to (withdrawals are rare);
- an agency or a jurisdiction saved or deleted (names, departments, sites): `ORG_TAG`, on
  which every page depends.
A bulk path that bypasses `searchable.changed` must call `bump` itself. Pages also expire after
`PAGE_SECONDS`, the bound for anything not tagged (an item type renamed in the admin).

The page's cookies (`PAGE_COOKIES`: the 大字版 switch) are in the key too: a visitor in 大字版
never gets the standard page from the cache, nor the other way round.

Only plain anonymous GET/HEAD requests are served from the cache: no session or messages
cookie, no Authorization header. Everyone else gets the page rendered for them (marked
`Cache-Control: private`). A response is stored only if it is a 200, not streamed, at most
`MAX_BYTES`, sets no cookie, and did not use a CSRF token, the session or messages while
rendering, so no token or per-user data ever reaches another visitor. Stored pages carry an
ETag (a matching If-None-Match gets a 304), `Cache-Control: no-cache` (browsers and proxies
revalidate, so a publication shows at once) and `Vary: Cookie`.

`PageCacheMiddleware` comes first in MIDDLEWARE: a hit skips every other layer and carries the
headers they gave the page when it was rendered (security headers, X-Frame-Options, Vary),
with a request id of its own. Each worker also keeps the pages it served last in memory
(`LOCAL_BYTES`); their keys name the generations, so a hit reads only those from the shared
cache.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_request

PAGE_SECONDS = 3600
MAX_BYTES = 1024 * 1024
# Cookies that change an anonymous visitor's page: the 大字版 switch (portal/context_processors.py
# sets <html class="large-text"> from it). Their values are part of the key, so each text size
# is stored and served apart.
TEXT_SIZE_COOKIE = "zw_text_size"
PAGE_COOKIES = (TEXT_SIZE_COOKIE,)
ORG_TAG = "org"
_PREFIX = "zw:page"


# --- tags ------------------------------------------------------------------------------------


def record_tag(kind: str, key) -> str:
    """One public record, named as search names it (e.g. kind "services.guide", an item id)."""
    return f"{kind}:{key}"


def kind_tag(kind: str) -> str:
    """Every record of a kind (lists of that kind depend on it)."""
    return f"{kind}:*"


def agency_tag(usci: str) -> str:
    """What an agency publishes (its pages, and its government's lists)."""
    return f"agency:{usci.upper()}"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _gen_key(tag: str) -> str:
    return f"{_PREFIX}:gen:{tag}"


def _new_generation() -> str:
    # Unique across processes and restarts, so a bump never returns to an older value.
    return f"{time.time_ns():x}{secrets.token_hex(3)}"


def generations(tags: Iterable[str]) -> list[str]:
    """The current generation of each tag; a tag the cache has lost gets a fresh one (never a
    fixed default, which could bring back a page stored before an earlier bump)."""
    keys = [_gen_key(t) for t in tags]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_generation(), None)
            found[key] = cache.get(key)
    return [str(found[k]) for k in keys]


def _write(tags: set[str]) -> None:
    if tags:
        cache.set_many({_gen_key(t): _new_generation() for t in tags}, None)


class _Pending:
    """Tags bumped inside one transaction: written again once it commits, each once."""

    def __init__(self, outer: object) -> None:
        self.outer = outer
        self.tags: set[str] = set()
        self.written: set[str] = set()  # bumped already in this transaction (see `stored`)
        self.agencies: dict[int, set[str]] = {}  # agency id → its tags, looked up once
        self.slot = -1

    def flush(self) -> None:
        _write(self.tags)


def bump(*tags: str) -> None:
    """The pages showing `tags` are out of date. Their generations move now (readers inside
    this transaction, e.g. the same test, see the change) and again after the commit: a reader
    in another process who rendered the old rows before the commit stored them under the
    generation of the first bump, never under the last one. Inside one transaction each tag is
    written once (a batch import touches the same agency thousands of times)."""
    tags_set = set(tags)
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        _write(tags_set)
        return
    pending: _Pending | None = getattr(conn, "zw_pagecache_pending", None)
    registered = (
        pending is not None
        and pending.outer is conn.atomic_blocks[0]
        and pending.slot < len(conn.run_on_commit)
        and conn.run_on_commit[pending.slot][1] == pending.flush
    )
    if pending is None or not registered:
        # A new transaction, or a rolled-back savepoint took the callback with it.
        if pending is None or pending.outer is not conn.atomic_blocks[0]:
            pending = _Pending(conn.atomic_blocks[0])
        pending.slot = len(conn.run_on_commit)
        transaction.on_commit(pending.flush)
        conn.zw_pagecache_pending = pending
    _write(tags_set - pending.written)
    pending.written |= tags_set
    pending.tags |= tags_set


def _stored() -> None:
    """This connection stored a page: a later bump in its transaction must write again."""
    pending = getattr(transaction.get_connection(), "zw_pagecache_pending", None)
    if pending is not None:
        pending.written.clear()


# --- what changes move (the search contract's change points) ---------------------------------


def _agency_tags(agency_id) -> set[str]:
    from zhengwu.org.models import Agency

    conn = transaction.get_connection()
    pending = getattr(conn, "zw_pagecache_pending", None)
    if pending is not None and not (
        conn.in_atomic_block and pending.outer is conn.atomic_blocks[0]
    ):
        pending = None
    if pending is not None and agency_id in pending.agencies:
        return pending.agencies[agency_id]
    row = Agency.objects.filter(pk=agency_id).values_list("usci", "parent__usci").first()
    tags = {agency_tag(u) for u in row or () if u}
    if pending is not None:
        pending.agencies[agency_id] = tags
    return tags


def record_changed(doc) -> None:
    """searchable.changed: a record was published or edited (a batch of records published in one
    transaction costs one query per agency and one write per tag)."""
    tags = {record_tag(doc.kind, doc.key)}
    if doc.agency_id:
        tags |= _agency_tags(doc.agency_id)
    bump(*tags)


def records_added(docs) -> None:
    """searchable.added: records public for the first time (a bulk import). No stored page showed
    them yet (only 200s are stored), so only their agencies' pages move: one write per agency
    tag per batch, not one per record."""
    tags: set[str] = set()
    for agency_id in {doc.agency_id for doc in docs if doc.agency_id}:
        tags |= _agency_tags(agency_id)
    if tags:
        bump(*tags)


def record_removed(kind: str, key: str) -> None:
    """searchable.removed: a record is no longer public."""
    bump(record_tag(kind, key), kind_tag(kind))


def org_changed(**kwargs) -> None:
    """post_save / post_delete of an agency or a jurisdiction."""
    bump(ORG_TAG)


# --- serving ---------------------------------------------------------------------------------


def public_page(tags: Callable[..., Iterable[str]]):
    """Mark a view as a public page that `PageCacheMiddleware` serves from the cache to
    anonymous visitors; `tags(*args, **kwargs)` gets the view's URL arguments."""

    def decorator(view):
        view.page_cache_tags = tags
        return view

    return decorator


def _anonymous(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _page_key(request, tags: list[str]) -> str:
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    gens = generations([*tags, ORG_TAG])
    day = time.strftime("%Y-%m-%d")  # Django sets the process's TZ to TIME_ZONE
    language = get_language_from_request(request) if len(settings.LANGUAGES) > 1 else ""
    cookies = [f"{name}={request.COOKIES.get(name, '')}" for name in PAGE_COOKIES]
    parts = "\n".join([url, language, day, *cookies, *gens])
    return f"{_PREFIX}:{_digest(parts.encode())}"


def _storable(request, response) -> bool:
    # Every middleware inside this one has run: a session, a CSRF token or a message used while
    # rendering shows as a cookie set on the response.
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and len(response.content) <= MAX_BYTES
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


# Each worker keeps the pages it served last (a key names one rendering: its generations are in
# it), so a hit reads only the generations from the shared cache.
LOCAL_BYTES = 32 * 1024 * 1024
_local: OrderedDict[str, tuple] = OrderedDict()
_local_size = 0
_local_lock = threading.Lock()


def _get(key: str):
    global _local_size
    now = time.monotonic()
    with _local_lock:
        found = _local.get(key)
        if found is not None:
            if found[0] > now:
                _local.move_to_end(key)
                return found[1]
            del _local[key]
            _local_size -= len(found[1][0])
    entry = cache.get(key)
    if entry is not None:
        _remember(key, entry, now + PAGE_SECONDS / 2)
    return entry


def _remember(key: str, entry: tuple, until: float) -> None:
    global _local_size
    with _local_lock:
        if key not in _local:
            _local[key] = (until, entry)
            _local_size += len(entry[0])
        while _local_size > LOCAL_BYTES and _local:
            _, (_, old) = _local.popitem(last=False)
            _local_size -= len(old[0])


# Headers that belong to one response, not to the page.
_PER_REQUEST = {"X-Request-ID"}


def _put(key: str, response) -> tuple:
    content = response.content
    etag = f'"{_digest(content)}"'
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])
    headers = {k: v for k, v in response.items() if k not in _PER_REQUEST}
    entry = (content, headers, etag)
    cache.set(key, entry, PAGE_SECONDS)
    _remember(key, entry, time.monotonic() + PAGE_SECONDS / 2)
    _stored()
    return entry


def _serve(request, entry: tuple) -> HttpResponse:
    content, headers, etag = entry
    response: HttpResponse
    if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        response = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Vary"):
            response[name] = headers[name]
    else:
        response = HttpResponse(content, headers=headers)
    # The id RequestContextMiddleware gave a rendered page, a new one for a page from the cache.
    response["X-Request-ID"] = getattr(request, "request_id", None) or uuid.uuid4().hex
    return response


class PageCacheMiddleware:
    """Serves the views marked `public_page` from the cache to anonymous visitors.

    It comes first: a page from the cache skips every other middleware and carries the headers
    they gave it when it was rendered and stored (security headers, Vary, Content-Language,
    X-Frame-Options), with a request id of its own. Nothing those layers check can differ for
    a stored page: a request they would refuse or redirect (a NUL character, http under
    SECURE_SSL_REDIRECT, a bad host) never produced a 200 under its key, and the session,
    CSRF, authentication and messages layers have nothing to do for a visitor without cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tags = _tags_for(request)
        if tags is None:
            return self.get_response(request)
        if not _anonymous(request):
            response = self.get_response(request)
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, private=True)
            return response
        key = _page_key(request, tags)
        entry = _get(key)
        if entry is None:
            response = self.get_response(request)
            if not _storable(request, response):
                patch_vary_headers(response, ["Cookie"])
                return response
            entry = _put(key, response)
        return _serve(request, entry)


# What each path resolves to (the handler resolves it again on a miss), per URLconf; cleared
# when full, since paths with ids are many.
_resolved: dict[tuple, tuple | None] = {}


def _tags_for(request) -> list[str] | None:
    key = (get_urlconf() or settings.ROOT_URLCONF, request.path_info)
    found: tuple | Literal[False] | None = _resolved.get(key, False)
    if found is False:
        try:
            match = resolve(request.path_info)
            tags = getattr(match.func, "page_cache_tags", None)
            found = None if tags is None else (tags, match.args, match.kwargs)
        except Resolver404:
            found = None
        if len(_resolved) > 10000:
            _resolved.clear()
        _resolved[key] = found
    return None if found is None else list(found[0](*found[1], **found[2]))


def fragment(name: str, tags: Iterable[str], render: Callable[[], object]):
    """A piece of a page (e.g. a guide's body inside a logged-in visitor's frame), cached under
    the same generations: `render()` runs once per change of `tags`."""
    gens = generations([*tags, ORG_TAG])
    key = f"{_PREFIX}:frag:{_digest(chr(10).join([name, *gens]).encode())}"
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, PAGE_SECONDS)
        _stored()
    return value
