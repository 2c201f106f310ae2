"""审批结果文书模板: the fields an item's licence or decision carries, as data its agency edits.

National fields for the common licences are seeded (`NATIONAL`, by the item's result name):
营业执照 as the 市场主体登记管理条例实施细则 prints it for 个体工商户 and for 公司, and the
食品经营许可证 of the 食品经营许可和备案管理办法 (2023) §28. An item without a template issues
the 准予/不予 decision letter (cases.results). Editing is for the item's agency: its 部门负责人
or the 政务公开办 over it; every save is audited.
"""

from __future__ import annotations

from django.db import transaction

from zhengwu.core import audit
from zhengwu.core.errors import Invalid
from zhengwu.org import permissions

from .models import Item, ResultTemplate

MAX_FIELDS = 30
ANNUAL_REPORT = "市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。"


def _fields(*labels: str) -> list[dict]:
    return [{"label": label, "required": True} for label in labels]


NATIONAL = {
    "个体工商户营业执照": {
        "title": "营业执照",
        "fields": _fields(
            "统一社会信用代码",
            "名称",
            "经营者",
            "组成形式",
            "经营场所",
            "经营范围",
            "注册日期",
        ),
        "fixed_text": ANNUAL_REPORT,
    },
    "公司营业执照": {
        "title": "营业执照",
        "fields": _fields(
            "统一社会信用代码",
            "名称",
            "类型",
            "法定代表人",
            "注册资本",
            "成立日期",
            "住所",
            "经营范围",
        ),
        "fixed_text": ANNUAL_REPORT,
    },
    "食品经营许可证": {
        "title": "食品经营许可证",
        "fields": _fields(
            "经营者名称",
            "统一社会信用代码（身份证号码）",
            "法定代表人（负责人）",
            "住所",
            "经营场所",
            "主体业态",
            "经营项目",
            "许可证编号",
            "有效期至",
            "日常监督管理机构",
        ),
        "fixed_text": "食品经营许可证有效期为5年。经营者应当在经营场所的显著位置悬挂或者摆放本许可证正本。",
    },
}
# Fields that hold a natural person's ID number: masked wherever the public reads them.
ID_FIELDS = {"统一社会信用代码（身份证号码）", "身份证号码", "公民身份号码"}


def national_kind(item: Item) -> str | None:
    """Which national template the item's result is, by its result name (and, for 营业执照,
    whether it registers a 个体工商户 or a company)."""
    name = (item.result_name or "").strip()
    if name == "营业执照":
        return "个体工商户营业执照" if "个体" in item.name else "公司营业执照"
    if name.startswith("食品经营许可证"):
        return "食品经营许可证"
    return None


def template_for(item: Item) -> ResultTemplate | None:
    return ResultTemplate.objects.filter(
        implementation_code=item.implementation_code, handling_code=item.handling_code
    ).first()


def seed(items) -> int:
    """Give each item whose result is a national licence its template (kept if it has one)."""
    made = 0
    for item in items:
        kind = national_kind(item)
        if kind is None:
            continue
        _, created = ResultTemplate.objects.get_or_create(
            implementation_code=item.implementation_code,
            handling_code=item.handling_code,
            defaults={"agency_id": item.agency_id, **NATIONAL[kind]},
        )
        made += created
    return made


def can_edit(user, item: Item) -> bool:
    return permissions.allows(
        user, "services.result_template.save", agency_id=item.agency_id, path=item.scope_path
    )


def clean_fields(rows: list[tuple[str, bool]]) -> list[dict]:
    """Form rows (label, required) as stored: blank labels dropped, each label once."""
    fields, seen = [], set()
    for label, required in rows:
        label = (label or "").strip()
        if not label:
            continue
        if len(label) > 30:
            raise Invalid(f"字段名称“{label[:30]}…”过长（不超过30字）", code="label_too_long")
        if label in seen:
            raise Invalid(f"字段“{label}”重复", code="label_repeated")
        seen.add(label)
        fields.append({"label": label, "required": bool(required)})
    if len(fields) > MAX_FIELDS:
        raise Invalid(f"文书字段不超过{MAX_FIELDS}个", code="too_many_fields")
    return fields


def save(item: Item, *, title: str, fields: list[tuple[str, bool]], fixed_text: str, by):
    """Create or change the item's template; issued results keep the fields they were issued
    with."""
    permissions.require(
        by, "services.result_template.save", agency_id=item.agency_id, path=item.scope_path
    )
    title = (title or "").strip()
    if not title:
        raise Invalid("请填写文书名称", code="title_required", field="title")
    if len(title) > 100:
        raise Invalid("文书名称不超过100字", code="title_too_long", field="title")
    cleaned = clean_fields(fields)
    with transaction.atomic():
        template = (
            ResultTemplate.objects.select_for_update()
            .filter(implementation_code=item.implementation_code, handling_code=item.handling_code)
            .first()
        )
        before = audit.snapshot(template) if template else None
        if template is None:
            template = ResultTemplate(
                agency_id=item.agency_id,
                implementation_code=item.implementation_code,
                handling_code=item.handling_code,
            )
        template.title, template.fields = title, cleaned
        template.fixed_text = (fixed_text or "").strip()
        template.save()
        audit.record(
            "services.result_template.save",
            template,
            actor=by,
            before=before,
            after=audit.snapshot(template),
        )
    return template
