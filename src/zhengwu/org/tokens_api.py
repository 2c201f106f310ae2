"""/api/v1/org/tokens: one's own API tokens; 政务公开办管理员 also those of the staff in scope.
A token is issued only to a browser session (a token cannot mint tokens)."""

import datetime as dt

from django.http import HttpResponse
from ninja import Router, Schema, Status

from zhengwu.api.auth import session_only, token_or_session

from . import tokens
from .models import ApiToken

router = Router(tags=["访问令牌"], auth=token_or_session)


class TokenOut(Schema):
    id: int
    username: str
    holder: str
    name: str
    scope: str
    scope_label: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    last_used_ip: str | None
    state: str
    state_label: str


class IssuedOut(TokenOut):
    key: str


class TokenIn(Schema):
    name: str
    scope: str = ApiToken.READ
    days: int | None = None


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


def _out(token: ApiToken) -> dict:
    return {
        "id": token.pk,
        "username": token.user.username,
        "holder": token.user.real_name or token.user.username,
        "name": token.name,
        "scope": token.scope,
        "scope_label": token.get_scope_display(),
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "last_used_ip": token.last_used_ip,
        "state": token.state,
        "state_label": token.state_label,
    }


def _page(limit: int, offset: int) -> slice:
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return slice(offset, offset + limit)


@router.get("", response=list[TokenOut], summary="我的访问令牌")
def mine(request, limit: int = 100, offset: int = 0):
    return [
        _out(t)
        for t in tokens.own_tokens(request.user).select_related("user")[_page(limit, offset)]
    ]


@router.get("/staff", response=list[TokenOut], summary="本辖区工作人员的访问令牌（管理员）")
def staff(request, limit: int = 100, offset: int = 0):
    """政务公开办管理员：辖区内工作人员的访问令牌，新申请的在前。"""
    return [_out(t) for t in tokens.staff_tokens_visible_to(request.user)[_page(limit, offset)]]


@router.post(
    "",
    response={201: IssuedOut, 403: ErrorOut, 422: ErrorOut},
    auth=session_only,
    summary="申请访问令牌（仅限网页登录会话）",
)
def issue(request, response: HttpResponse, data: TokenIn):
    """`scope`：`read`（读取）或 `write`（读取和写入）；`days` 缺省为系统设定的有效天数。
    返回的 `key` 只显示这一次，请妥善保存。"""
    token, key = tokens.issue_in_session(
        request, name=data.name, scope=data.scope, days=data.days, via="api"
    )
    response["Cache-Control"] = "no-store"
    return Status(201, _out(token) | {"key": key})


@router.post(
    "/{int:token_id}/revoke", response={200: TokenOut, 404: ErrorOut}, summary="撤销访问令牌"
)
def revoke(request, token_id: int):
    """本人的令牌，或（政务公开办管理员）辖区内工作人员的令牌。"""
    return _out(tokens.revoke(token_id, by=request.user))
