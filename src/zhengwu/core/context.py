"""Who is acting, from where, in which request: read by the audit chain."""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    client_ip: str | None = None


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "zhengwu_request", default=RequestContext()
)


def current() -> RequestContext:
    return _current.get()


@contextmanager
def acting(request_id: str | None = None, client_ip: str | None = None):
    token = _current.set(RequestContext(request_id or uuid.uuid4().hex, client_ip))
    try:
        yield current()
    finally:
        _current.reset(token)
