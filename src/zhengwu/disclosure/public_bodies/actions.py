"""The audit trail's words for 公共企事业单位 (`core.actions`)."""

from zhengwu.core import actions

actions.register("public_bodies.sector.save", "设置公共企事业单位行业及公开栏目")
actions.register("public_bodies.body.register", "登记公共企事业单位")
actions.register("public_bodies.body.edit", "修改公共企事业单位信息")


def sector_names(ids: list[str]) -> dict[str, str]:
    from .models import Sector

    rows = Sector.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(pk): name for pk, name in rows.values_list("pk", "name")}


def body_names(ids: list[str]) -> dict[str, str]:
    from .models import PublicBody

    rows = PublicBody.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {str(pk): name for pk, name in rows.values_list("pk", "agency__name")}


actions.subject(
    "public_bodies.sector",
    "公共企事业单位行业",
    sector_names,
    fields={"name": "行业名称", "basis": "依据", "columns": "公开栏目", "order": "排序"},
)
actions.subject(
    "public_bodies.publicbody",
    "公共企事业单位",
    body_names,
    fields={
        "sector_id": ("行业", "public_bodies.sector"),
        "supervisor_id": ("主管部门", "org.agency"),
        "contact_person": "联系人",
        "contact_phone": "联系电话",
        "agency_id": ("单位", "org.agency"),
        "scope_path": None,
        "registered_at": None,
        "registered_by_id": None,
    },
)
