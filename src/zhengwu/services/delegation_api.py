"""首席代表 through the API (/api/v1/services/windows/{id}/chiefs, /api/v1/services/chiefs/{id}):
the same services as the window's page, on services/api.py's router."""

from __future__ import annotations

import datetime as dt

from ninja import Schema, Status

from zhengwu.api.auth import token_or_session
from zhengwu.core.errors import NotFound
from zhengwu.org import network
from zhengwu.org.models import User, Window

from . import delegation
from .api import router


class ChiefIn(Schema):
    username: str
    agency_usci: str
    items: list[int] = []
    appointed_on: dt.date | None = None


class ItemsIn(Schema):
    items: list[int]


class ChiefOut(Schema):
    id: int
    window_id: int
    user: str
    name: str
    agency_usci: str
    agency: str
    appointed_on: dt.date
    items: list[dict]


def _out(c) -> dict:
    return {
        "id": c.pk,
        "window_id": c.window_id,
        "user": c.user.username,
        "name": c.user.real_name,
        "agency_usci": c.agency.usci,
        "agency": c.agency.name,
        "appointed_on": c.appointed_on,
        "items": [{"id": i.pk, "name": i.name} for i in c.items.all()],
    }


def _window(user, window_id: int) -> Window:
    found = Window.objects.filter(pk=window_id, centre__in=network.centres_visible_to(user)).first()
    if found is None:
        raise NotFound("未找到该窗口，或它不在您的管辖范围内")
    return found


@router.get(
    "/windows/{window_id}/chiefs",
    response=list[ChiefOut],
    auth=token_or_session,
    summary="窗口的首席代表及授权审批事项",
)
def window_chiefs(request, window_id: int):
    window = _window(request.user, window_id)
    return [_out(c) for c in delegation.chiefs_visible_to(request.user).filter(window=window)]


@router.post(
    "/windows/{window_id}/chiefs",
    response={201: ChiefOut},
    auth=token_or_session,
    summary="任命首席代表（授权审批事项）",
)
def appoint(request, window_id: int, payload: ChiefIn):
    window = _window(request.user, window_id)
    agency = window.agencies.filter(usci=payload.agency_usci.strip().upper()).first()
    if agency is None:
        raise NotFound("该单位未进驻此窗口", code="agency_not_stationed", field="agency_usci")
    member = User.objects.filter(username=payload.username.strip(), kind=User.STAFF).first()
    if member is None:
        raise NotFound("未找到该工作人员账户", code="unknown_user", field="username")
    chief = delegation.appoint(
        window, member, agency, payload.items, by=request.user, appointed_on=payload.appointed_on
    )
    return Status(201, _out(chief))


@router.put(
    "/chiefs/{chief_id}/items", response=ChiefOut, auth=token_or_session, summary="调整授权事项"
)
def set_items(request, chief_id: int, payload: ItemsIn):
    chief = delegation.chief_in_scope(request.user, chief_id)
    return _out(delegation.set_items(chief, payload.items, by=request.user))


@router.delete(
    "/chiefs/{chief_id}", response={204: None}, auth=token_or_session, summary="免去首席代表"
)
def remove(request, chief_id: int):
    delegation.remove(delegation.chief_in_scope(request.user, chief_id), by=request.user)
    return Status(204, None)
