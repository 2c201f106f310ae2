"""Published trading notices for everyone (/api/v1/trading/notices): the trading column as data,
masked as the page (publication.masked_facts). No authentication."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema

from zhengwu.core.errors import Invalid, NotFound

from . import publication, queries
from .models import Notice

router = Router(tags=["公共资源交易"])


class NoticeOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    trade_kind: str
    trade_kind_label: str
    project_id: int
    project_code: str
    project_name: str
    owner: str  # 统一社会信用代码 of the 招标人/采购人/出让人/转让方
    owner_name: str
    jurisdiction: str
    published_on: dt.date
    publicity_ends: dt.date | None
    objection_until: dt.date | None
    url: str


class NoticeDetail(NoticeOut):
    body: str
    facts: dict[str, Any]
    objection: str
    objection_method: str
    project: dict[str, str]
    dates: dict[str, str]


class NoticePage(Schema):
    count: int
    results: list[NoticeOut]


def _out(n: Notice) -> dict:
    p = n.project
    return {
        "id": n.pk,
        "title": n.title,
        "kind": n.kind,
        "kind_label": n.kind_label,
        "trade_kind": p.kind,
        "trade_kind_label": p.kind_label,
        "project_id": p.pk,
        "project_code": p.code,
        "project_name": p.name,
        "owner": p.owner.usci,
        "owner_name": p.owner.name,
        "jurisdiction": p.jurisdiction.code,
        "published_on": n.published_on,
        "publicity_ends": n.publicity_ends,
        "objection_until": n.objection_until,
        "url": publication.notice_path(n.pk),
    }


@router.get("/notices", response=NoticePage, auth=None, summary="已发布的交易公告")
def notice_list(
    request,
    jurisdiction: str = "",
    kind: str = "",
    notice_kind: str = "",
    since: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
):
    """`jurisdiction`: 行政区划代码，含下级区划；`kind`: engineering、procurement、land、property
    （或工程建设、政府采购、土地出让、国有产权）；`notice_kind`: 公告类型代码或名称；`since`: 发布日期
    不早于该日（YYYY-MM-DD）。按发布日期倒序，`limit` 1至200。"""
    if limit < 1 or limit > 200:
        raise Invalid("limit 应在1至200之间", code="limit_invalid", field="limit")
    if offset < 0:
        raise Invalid("offset 不能为负数", code="offset_invalid", field="offset")
    path = publication.jurisdiction_path(jurisdiction) if jurisdiction else ""
    qs = publication.filtered(
        queries.published(path).select_related("project__jurisdiction"),
        kind=kind,
        notice_kind=notice_kind,
        since=since,
    )
    return {"count": qs.count(), "results": [_out(n) for n in qs[offset : offset + limit]]}


@router.get("/notices/{notice_id}", response=NoticeDetail, auth=None, summary="交易公告详情")
def notice_detail(request, notice_id: int):
    n = queries.published().select_related("project__jurisdiction").filter(pk=notice_id).first()
    if n is None:
        raise NotFound("该交易公告不存在或未发布", code="notice_not_found")
    return {
        **_out(n),
        "body": publication.masked_text(n.body),
        "facts": publication.masked_facts(n.facts),
        "objection": publication.objection_words(n),
        "objection_method": n.objection_method,
        "project": dict(publication.project_facts(n.project)),
        "dates": dict(publication.project_dates(n.project)),
    }
