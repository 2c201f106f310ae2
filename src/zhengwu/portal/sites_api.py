"""/api/v1/portal/sites/{code}/profile: a site's 网站信息, read by anyone, replaced by a
政务公开办管理员 whose jurisdiction covers the site (portal/sites.py)."""

import datetime as dt

from ninja import Router, Schema

from zhengwu.api.auth import public, token_or_session
from zhengwu.core.errors import NotFound
from zhengwu.org.models import Jurisdiction

from . import sites
from .models import SiteProfile

router = Router(tags=["网站信息"], auth=public)


class SiteProfileIn(Schema):
    site_name: str = ""
    site_code: str = ""
    icp_number: str = ""
    police_number: str = ""
    sponsor: str = ""
    organiser: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_note: str = ""


class SiteProfileOut(SiteProfileIn):
    jurisdiction_code: str
    jurisdiction_name: str
    own: bool  # the site has values of its own (else every value shown is inherited)
    updated_at: dt.datetime | None = None
    shown: SiteProfileIn  # what the site's footer and 联系我们 page show, inherited included


def _out(j: Jurisdiction) -> dict:
    own = SiteProfile.objects.filter(jurisdiction=j).first()
    shown = sites.shown(j)
    return {
        **{name: getattr(own, name, "") for name in sites.FIELDS},
        "jurisdiction_code": j.code,
        "jurisdiction_name": j.name,
        "own": own is not None,
        "updated_at": own.updated_at if own else None,
        "shown": {name: getattr(shown, name) for name in sites.FIELDS},
    }


@router.get("/sites/{code}/profile", response=SiteProfileOut, summary="站点的网站信息")
def get_profile(request, code: str):
    """页脚和“联系我们”页面显示的信息：本站自己的设置，以及含沿用上级部分的显示值（shown）。"""
    j = Jurisdiction.objects.filter(code=code.strip()).first()
    if j is None:
        raise NotFound("没有这个站点", code="unknown_site", field="code")
    return _out(j)


@router.put(
    "/sites/{code}/profile",
    response=SiteProfileOut,
    auth=token_or_session,
    summary="修改站点的网站信息（政务公开办管理员）",
)
def put_profile(request, code: str, payload: SiteProfileIn):
    """整体替换本站自己的设置；留空的项目沿用上级站点的信息。辖区外的站点答复 404。"""
    j = sites.site_to_edit(request.user, code)
    sites.save(j, payload.dict(), by=request.user)
    return _out(j)
