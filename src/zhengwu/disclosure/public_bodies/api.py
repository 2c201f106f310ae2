"""Open API of 公共企事业单位 (/api/v1/public-bodies/): the sectors, the bodies and their
catalogues for everyone; registering bodies (one, or a spreadsheet), the sectors' columns and
the staff view of empty and stale columns for staff (token or session), scoped as the pages.
Errors are JSON {code, message[, field]}."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import Invalid, NotAllowed, NotFound
from zhengwu.core.masking import mask_phone
from zhengwu.disclosure import files
from zhengwu.org.models import User
from zhengwu.portal.views import site_of

from . import importer, queries, services
from .models import PublicBody, Sector

router = Router(tags=["公共企事业单位信息公开"])


class SectorOut(Schema):
    code: str
    name: str
    basis: str
    columns: list[str]


class SectorIn(Schema):
    name: str
    basis: str = ""
    columns: list[str]
    code: str = ""


class ItemOut(Schema):
    id: int
    title: str
    published_on: dt.date | None
    url: str


class ColumnOut(Schema):
    code: str
    name: str
    count: int
    latest: dt.date | None
    state: str
    items: list[ItemOut] = []


class BodyOut(Schema):
    usci: str
    name: str
    sector: str
    supervisor: str
    jurisdiction: str
    contact_person: str
    contact_phone: str
    url: str


class BodyDetail(BodyOut):
    columns: list[ColumnOut]


class BodyIn(Schema):
    usci: str
    name: str
    jurisdiction: str
    sector: str
    supervisor: str
    contact_person: str = ""
    contact_phone: str = ""


class ImportOut(Schema):
    total: int
    loaded: int
    errors: list[str]


def _sector(s: Sector) -> dict:
    names = [c.name for c in s.columns.all() if c.active]
    return {"code": s.code, "name": s.name, "basis": s.basis, "columns": names}


def _body(b: PublicBody) -> dict:
    phone = b.contact_phone
    return {
        "usci": b.agency.usci,
        "name": b.agency.name,
        "sector": b.sector.name,
        "supervisor": b.supervisor.name,
        "jurisdiction": b.agency.jurisdiction.name,
        "contact_person": b.contact_person,
        "contact_phone": mask_phone(phone) if phone.startswith("1") else phone,
        "url": f"/xxgk/ggqsy/{b.agency.usci}/",
    }


def _columns(b: PublicBody, *, items: bool) -> list[dict]:
    published = queries.published_items(b) if items else {}
    return [
        {
            "code": s.code,
            "name": s.name,
            "count": s.count,
            "latest": s.latest,
            "state": s.state,
            "items": [
                {
                    "id": d.pk,
                    "title": d.title,
                    "published_on": d.published_on,
                    "url": f"/xxgk/doc/{d.pk}/",
                }
                for d in published.get(s.code, [])
            ],
        }
        for s in queries.column_states(b)
    ]


def _staff(request) -> User:
    user = request.user
    if getattr(user, "kind", None) != User.STAFF and not getattr(user, "is_superuser", False):
        raise NotAllowed("仅限工作人员")
    return user


@router.get("/sectors", response=list[SectorOut], auth=public, summary="行业及其公开栏目")
def sectors(request):
    return [_sector(s) for s in queries.sectors()]


@router.post("/sectors", response={201: SectorOut}, auth=token_or_session, summary="新增行业")
def create_sector(request, payload: SectorIn):
    s = services.save_sector(payload.dict(), by=_staff(request))
    return Status(201, _sector(s))


@router.put(
    "/sectors/{code}", response=SectorOut, auth=token_or_session, summary="修改行业及公开栏目"
)
def save_sector(request, code: str, payload: SectorIn):
    sector = Sector.objects.filter(code=code).first()
    if sector is None:
        raise NotFound(f"行业代码“{code}”不存在", code="unknown_sector")
    return _sector(services.save_sector(payload.dict(), by=_staff(request), sector=sector))


@router.get("/", response=list[BodyOut], auth=public, summary="公共企事业单位（按区划、行业）")
def bodies(request, jurisdiction: str = "", sector: str = ""):
    try:
        j = site_of(jurisdiction or None)
    except Http404:
        raise NotFound(f"区划代码“{jurisdiction}”不存在", code="unknown_jurisdiction") from None
    qs = queries.public_bodies(j)
    if sector:
        qs = qs.filter(sector__code=sector)
    return [_body(b) for b in qs[:1000]]


@router.get(
    "/staff", response=list[BodyDetail], auth=token_or_session, summary="我管理的单位及栏目更新情况"
)
def staff_bodies(request):
    user = _staff(request)
    return [
        _body(b) | {"columns": _columns(b, items=False)} for b in queries.visible_to(user)[:300]
    ]


@router.post("/", response={201: BodyDetail}, auth=token_or_session, summary="登记公共企事业单位")
def register(request, payload: BodyIn):
    b = services.register_body(payload.dict(), by=_staff(request))
    return Status(201, _body(b) | {"columns": _columns(b, items=False)})


@router.post(
    "/import", response=ImportOut, auth=token_or_session, summary="从登记表（XLSX/CSV）导入"
)
def import_sheet(request, file: File[UploadedFile], partial: bool = False, dry_run: bool = False):
    user = _staff(request)
    data = files.read_upload(file, what="登记表")
    suffix = ".csv" if (file.name or "").lower().endswith(".csv") else ".xlsx"
    report = importer.import_file(data, by=user, suffix=suffix, partial=partial, dry_run=dry_run)
    if report.errors and not report.loaded and not dry_run:
        raise Invalid(
            "登记表有误，未登记任何单位：" + "；".join(report.errors[:20]), code="bad_rows"
        )
    return {"total": report.total, "loaded": report.loaded, "errors": report.errors}


@router.get("/{usci}", response=BodyDetail, auth=public, summary="单位的公开目录及已发布信息")
def body(request, usci: str):
    found = queries.bodies().filter(agency__usci=usci.upper()).first()
    if found is None:
        raise NotFound("没有这个公共企事业单位", code="unknown_body")
    return _body(found) | {"columns": _columns(found, items=True)}
