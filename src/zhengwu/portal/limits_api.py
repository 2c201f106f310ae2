from ninja import Router, Schema

from zhengwu.api.auth import public
from zhengwu.core import limits
from zhengwu.core.errors import NotFound
from zhengwu.org.models import Jurisdiction

from .api import ErrorOut

router = Router(tags=["法定期限"], auth=public)


class LimitOut(Schema):
    code: str
    name: str
    days: int
    unit: str  # workdays 工作日 / days 日
    unit_label: str
    article: str
    citation: str  # 依据《…》第…条，20个工作日
    configurable: bool  # a 州 or county may set its own value
    jurisdiction: str  # the code of the jurisdiction whose own value this is; "" national


@router.get("", response={200: list[LimitOut], 404: ErrorOut}, summary="法定期限及其依据")
def limit_list(request, jurisdiction: str = ""):
    """每项法定期限的天数、单位和依据；`jurisdiction`（区划代码）给出该地适用的期限（本地或上级另有规定的从其规定）。"""
    code = jurisdiction.strip()
    if code and not Jurisdiction.objects.filter(code=code).exists():
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    return [
        {
            "code": x.code,
            "name": x.name,
            "days": x.days,
            "unit": x.unit,
            "unit_label": x.unit_label,
            "article": x.article,
            "citation": x.citation,
            "configurable": x.configurable,
            "jurisdiction": x.jurisdiction_code,
        }
        for x in limits.all_limits(code)
    ]
