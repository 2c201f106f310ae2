"""A retried submission never makes a second record.

Every submission takes a key: the `Idempotency-Key` request header, or the hidden
`idempotency_key` field each submission form renders (`{% idempotency_field %}`, a new key at
every render). The first request with a key runs as usual, in one transaction that also writes
an `IdempotencyKey` row: who sent it (the account — session or API token — else the client
address, so one caller's key never reaches another's result), the key, a fingerprint of the
request (method, path, content) and the response. A crash keeps both the record and the row,
or neither.

The same key from the same caller within ZHENGWU_IDEMPOTENCY_HOURS gets that first response
again, marked `Idempotent-Replayed: true`, and creates nothing; with another request (another
path or other content) it is refused with a 422. A request whose key is being used by one still
running waits on the row's unique index until that one commits, then gets its response (or,
if that one failed, goes through itself). Only a success (2xx, 3xx) is kept: a refusal (4xx)
frees its key, so the form sent again with the mistake corrected goes through; a server error
rolls back everything. Old rows are purged by the scheduled `core.purge_idempotency_keys`.

`@idempotent` goes on the view: a Django view (under `login_required`), or an API operation
(under `@router.post`), where the key is taken after authentication and the stored response is
the one the API sent (its status and JSON). The operation's OpenAPI entry documents the header.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import inspect
import json
import re

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from .errors import Conflict, Invalid, ServiceError
from .middleware import client_ip
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
REPLAYED = "Idempotent-Replayed"
KEY_RE = re.compile(r"[\x21-\x7e]{1,100}")  # 1 to 100 visible ASCII characters
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Form fields that are not what was submitted: the CSRF token, the key itself, the CAPTCHA
NOT_CONTENT = {"csrfmiddlewaretoken", FIELD, "captcha", "captcha_token"}

BAD_KEY = "提交标识（Idempotency-Key）应为1至100个字母、数字或符号，不含空格和汉字"
REUSED = "该提交标识（Idempotency-Key）已用于另一项内容不同的提交；新的提交请使用新的标识"
DESCRIPTION = (
    "提交标识（可选）：同一调用者在有效期内以同一标识重复提交，返回第一次提交的结果"
    "（响应头 Idempotent-Replayed: true），不再新建记录；同一标识用于内容不同的提交返回 422。"
    "建议每项新的提交使用新的随机标识（如 UUID），超时重试时沿用原标识。"
)


def ttl() -> dt.timedelta:
    return dt.timedelta(hours=settings.ZHENGWU_IDEMPOTENCY_HOURS)


def key_of(request) -> str | None:
    """The key of a POST: the header, else the form's hidden field; None when there is none."""
    if request.method != "POST":
        return None
    key = request.headers.get(HEADER)
    if key is None and request.content_type in FORM_TYPES:
        key = request.POST.get(FIELD)
    return key or None


def principal_of(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request) or '-'}"


def fingerprint_of(request) -> str:
    """SHA-256 of the method, the path with its query and the content: form fields and the
    uploaded files' contents (not the multipart boundary, new at every try), or the JSON body
    with its keys sorted."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type in FORM_TYPES:
        fields = sorted((k, v) for k, v in request.POST.lists() if k not in NOT_CONTENT)
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        for name, uploads in sorted(request.FILES.lists()):
            for upload in uploads:
                content = hashlib.sha256()
                for chunk in upload.chunks():
                    content.update(chunk)
                upload.seek(0)  # the view reads it from the start
                digest.update(f"\n{name}:{upload.size}:{content.hexdigest()}".encode())
        return digest.hexdigest()
    body = request.body
    if request.content_type == "application/json":
        with contextlib.suppress(ValueError, RecursionError):  # not JSON: the body as sent
            body = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False).encode()
    digest.update(body)
    return digest.hexdigest()


class _Attempt:
    """One request with a key, inside the transaction of its work."""

    def __init__(self, request, key: str):
        self.request, self.key = request, key
        self.row: IdempotencyKey | None = None
        self.conflicting: IdempotencyKey | None = None

    def claim(self) -> IdempotencyKey | None:
        """Take the key for this caller (known by now), or return the row of the first
        submission with it, after waiting for that one to commit. Raises Invalid when that
        submission was another request, or when the key is not one."""
        if not KEY_RE.fullmatch(self.key):
            raise Invalid(BAD_KEY, code="bad_idempotency_key", field=FIELD)
        principal, fingerprint = principal_of(self.request), fingerprint_of(self.request)
        now = timezone.now()
        for _ in range(3):
            try:
                with transaction.atomic():
                    self.row = IdempotencyKey.objects.create(
                        principal=principal, key=self.key, fingerprint=fingerprint, created_at=now
                    )
                return None
            except IntegrityError:
                first = IdempotencyKey.objects.filter(principal=principal, key=self.key).first()
            if first is None:
                continue  # the submission that held it failed and freed it: take it now
            if first.created_at <= now - ttl():
                first.delete()  # past its time: the key starts a new submission
                continue
            if first.fingerprint != fingerprint:
                self.conflicting = first
                raise Invalid(REUSED, code="idempotency_key_reused", field=FIELD)
            return first
        raise Conflict("提交过于集中，请稍后重试", code="idempotency_busy")

    def keep(self, response):
        """Store a successful response with the key; free the key after a refusal."""
        row = self.row
        if row is None:
            return response
        status = response.status_code
        if 200 <= status < 400 and not getattr(response, "streaming", False):
            row.status = status
            row.content_type = response.get("Content-Type", "")[:100]
            row.location = response.get("Location", "")[:500]
            row.body = response.content
            row.save(update_fields=["status", "content_type", "location", "body"])
        elif status >= 500:
            transaction.set_rollback(True)
        else:
            try:
                with transaction.atomic():
                    row.delete()
            except DatabaseError:  # the refusal left the transaction unusable: undo it all
                transaction.set_rollback(True)
        return response


def replay(row: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type)
    if row.location:
        response["Location"] = row.location
    response[REPLAYED] = "true"
    return response


def _reused_page(request, first: IdempotencyKey):
    """The form sent again with the same key but other content (after going back to it):
    refused, with the way to the first submission's result and what was entered this time,
    so that nothing typed is lost."""
    entered = [
        value
        for name, values in request.POST.lists()
        if name not in NOT_CONTENT
        for value in values
        if len(value.strip()) > 1
    ]
    context = {"first_url": first.location, "entered": entered}
    return render(request, "core/resubmitted.html", context, status=422)


def idempotent(view):
    """Make `view` (a Django view, or an API operation under `@router.post`) idempotent."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        attempt = getattr(request, "_idempotency", None)
        if attempt is not None:  # an API operation, its caller authenticated by now
            first = attempt.claim()
            return replay(first) if first else view(request, *args, **kwargs)
        key = key_of(request)
        if key is None:
            return view(request, *args, **kwargs)
        attempt = _Attempt(request, key)
        with transaction.atomic():
            try:
                first = attempt.claim()
            except ServiceError as e:
                if attempt.conflicting is not None:
                    return _reused_page(request, attempt.conflicting)
                text = (
                    "请刷新页面后重新填写提交。" if e.code == "bad_idempotency_key" else e.message
                )
                context = {"title": "未能提交", "text": text}
                return render(request, "portal/error.html", context, status=e.status)
            if first is not None:
                return replay(first)
            return attempt.keep(view(request, *args, **kwargs))

    # The API reads the operation's parameters from its signature; its annotations (strings,
    # under `from __future__ import annotations`) are resolved in the view's module here.
    wrapper.__signature__ = inspect.signature(view, eval_str=True)
    decorate_view(_api_transaction)(wrapper)
    contribute_operation_callback(wrapper, _document)
    return wrapper


def _api_transaction(run):
    """Around an API operation (authentication, input, the view, the JSON response): the
    transaction in which the view claims the key (a bad key: a 422 from the view, after
    authentication) and the response is stored."""

    @functools.wraps(run)
    def run_once(request, **kwargs):
        key = key_of(request)
        if key is None:
            return run(request, **kwargs)
        request._idempotency = attempt = _Attempt(request, key)
        with transaction.atomic():
            return attempt.keep(run(request, **kwargs))

    return run_once


def _document(operation) -> None:
    extra = operation.openapi_extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [
        *extra.get("parameters", []),
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "description": DESCRIPTION,
            "schema": {"type": "string", "pattern": f"^{KEY_RE.pattern}$"},
        },
    ]


def purge(now: dt.datetime | None = None) -> int:
    """Delete the keys past their time; returns how many."""
    cutoff = (now or timezone.now()) - ttl()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
