"""Every change to the item catalogue, each checked, validated and audited in one transaction.

Who may change an item: the 部门经办人 / 部门负责人 of its 实施主体, and the 政务公开办管理员 over
its jurisdiction (the catalogue is run by the 政务管理 office). Supervisors only read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone

from zhengwu.core import audit, money
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction, Role

from . import indexing, themes
from .models import Fee, Item, ItemType, Material, Step

# The fields of an item a person edits (everything else is identity, state or derived).
EDITABLE = [
    "name",
    "handling_code",
    "grain",
    "exercise_level",
    "power_source",
    "subject_nature",
    "for_person",
    "for_legal_person",
    "themes",
    "legal_basis",
    "conditions",
    "procedure",
    "statutory_limit",
    "statutory_unit",
    "promised_limit",
    "promised_unit",
    "case_kind",
    "joint",
    "online",
    "online_required",
    "by_window",
    "by_agent",
    "by_post",
    "visits",
    "visit_reason",
    "in_centre",
    "location",
    "hours",
    "consult",
    "complaint",
    "result_type",
    "result_name",
]
BOOLEAN_FIELDS = {
    f.name for f in Item._meta.concrete_fields if f.get_internal_type() == "BooleanField"
}
INTEGER_FIELDS = {"statutory_limit", "promised_limit", "visits"}
MATERIAL_FIELDS = ["situation", "name", "required", "electronic", "paper_copies", "source", "notes"]
FEE_FIELDS = ["name", "standard", "amount_yuan", "basis", "reducible"]
STEP_FIELDS = ["order", "code", "name", "role", "limit"]
# 审批结果类型 (local quality rule, domain-rules §3.4): XX证 → 出证办结, XX文 → 出文办结, 批复 → 审批办结.
RESULT_TYPES = ["出证办结", "出文办结", "审批办结", "其他"]
LEVEL_OF = {
    Jurisdiction.PREFECTURE: "3",
    Jurisdiction.COUNTY: "4",
    Jurisdiction.TOWNSHIP: "5",
    Jurisdiction.VILLAGE: "6",
}
CODE_RE = re.compile(r"^[0-9A-Za-z\-]{4,12}$")
# A 办理地点 in a 政务服务中心 (its hall or a window there): only for an item stationed there.
CENTRE_PLACE = re.compile(r"政务服务(中心|大厅)")


def item_field(name: str) -> Field:
    """The Item column `name` (every name in EDITABLE is one, never a reverse relation)."""
    field = Item._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def _label(field: str) -> str:
    return str(item_field(field).verbose_name)


def expected_result_type(result_name: str) -> str | None:
    name = (result_name or "").strip()
    if "批复" in name:
        return "审批办结"
    if name.endswith(("证", "证书", "执照")):
        return "出证办结"
    if name.endswith("文"):
        return "出文办结"
    return None


def validate_item(data: dict) -> None:
    """The national field rules and the province's quality rules; the first problem is raised."""
    if not (data.get("name") or "").strip():
        raise Invalid("请填写事项名称", code="name_required", field="name")
    for field in EDITABLE:
        choices = item_field(field).choices
        if choices and data.get(field) not in {c for c, _ in choices}:
            raise Invalid(
                f"“{_label(field)}”的取值“{data.get(field)}”不在代码表中",
                code="bad_choice",
                field=field,
            )
    for field in INTEGER_FIELDS:
        value = data.get(field)
        if not isinstance(value, int) or value < 0:
            raise Invalid(f"“{_label(field)}”应为不小于0的整数", code="bad_number", field=field)
    if data["case_kind"] == Item.PROMISED and data["statutory_limit"] == 0:
        raise Invalid(
            "承诺件须填写法定办结时限", code="statutory_required", field="statutory_limit"
        )
    if (
        data["statutory_unit"] == data["promised_unit"]
        and data["statutory_limit"]
        and data["promised_limit"] > data["statutory_limit"]
    ):
        raise Invalid(
            "承诺办结时限不得超过法定办结时限", code="promise_exceeds_law", field="promised_limit"
        )
    if data["visits"] != 0 and not (data.get("visit_reason") or "").strip():
        raise Invalid(
            "到办事现场次数不为0时，须说明必须现场办理的原因",
            code="visit_reason_required",
            field="visit_reason",
        )
    if data["visits"] == 0 and not data["online"] and not data["by_post"]:
        raise Invalid(
            "“跑零次”事项不能网上办理的，办理形式须包含快递（邮寄）申请",
            code="zero_visit_needs_post",
            field="by_post",
        )
    if data.get("result_type") and data["result_type"] not in RESULT_TYPES:
        raise Invalid(
            f"审批结果类型应为：{'、'.join(RESULT_TYPES)}",
            code="bad_result_type",
            field="result_type",
        )
    expected = expected_result_type(data.get("result_name", ""))
    if expected and data.get("result_type") and data["result_type"] != expected:
        raise Invalid(
            f"审批结果名称为“{data['result_name']}”的，审批结果类型应为“{expected}”",
            code="result_type_mismatch",
            field="result_type",
        )
    if not data.get("in_centre") and CENTRE_PLACE.search(data.get("location") or ""):
        raise Invalid(
            "未进驻政务服务中心的事项，办理地点不能是政务服务中心的窗口：请填写实施主体自己的"
            "办理地点，或将“进驻政务服务中心”改为“是”",
            code="location_in_centre",
            field="location",
        )
    unknown = [t for t in themes.split(data.get("themes", "")) if t not in themes.ALL_THEMES]
    if unknown:
        raise Invalid(f"未知的主题分类：{'、'.join(unknown)}", code="bad_theme", field="themes")


def validate_fees(fees: Iterable[dict]) -> list[dict]:
    """The fee list checked; returned with each amount as the column keeps it (or None: the
    standard says it in words)."""
    cleaned = []
    for fee in fees:
        name = (fee.get("name") or "").strip()
        if not name:
            raise Invalid("请填写收费项目名称", code="fee_name_required", field="fees")
        if not (fee.get("standard") or "").strip():
            raise Invalid(
                f"收费项目“{name}”须填写收费标准", code="fee_standard_required", field="fees"
            )
        # 行政许可法 §58–59: no fee unless a law or administrative regulation provides for it.
        if not (fee.get("basis") or "").strip():
            raise Invalid(
                f"收费项目“{name}”须注明收费依据（行政许可法第五十八条：法律、行政法规另有规定的方可收费）",
                code="fee_basis_required",
                field="fees",
            )
        amount = fee.get("amount_yuan")
        if amount is not None and str(amount).strip():
            amount = money.parse_amount(
                amount,
                column=Fee._meta.get_field("amount_yuan"),
                field="fees",
                label=f"收费项目“{name}”的金额",
            )
        else:
            amount = None
        cleaned.append({**fee, "amount_yuan": amount})
    return cleaned


def validate_materials(materials: Iterable[dict]) -> None:
    for m in materials:
        if not (m.get("name") or "").strip():
            raise Invalid("请填写申请材料名称", code="material_name_required", field="materials")


def validate_steps(steps: list[dict]) -> None:
    orders = set()
    for s in steps:
        if not (s.get("name") or "").strip():
            raise Invalid("请填写办理环节名称", code="step_name_required", field="steps")
        if s.get("role") not in Role.values:
            raise Invalid(
                f"办理环节“{s.get('name')}”的办理角色“{s.get('role')}”无效",
                code="bad_step_role",
                field="steps",
            )
        if not re.fullmatch(r"[a-z][a-z0-9_-]{0,29}", s.get("code") or ""):
            raise Invalid(
                f"办理环节“{s.get('name')}”的环节代码应为小写英文字母开头的代码",
                code="bad_step_code",
                field="steps",
            )
        if s.get("order") in orders:
            raise Invalid("办理环节的顺序号重复", code="step_order_repeated", field="steps")
        orders.add(s.get("order"))


def can_edit(user, item_or_agency) -> bool:
    agency = item_or_agency if isinstance(item_or_agency, Agency) else item_or_agency.agency
    path = getattr(item_or_agency, "scope_path", agency.scope_path)
    return permissions.allows(user, "services.item.revise", agency_id=agency.pk, path=path)


def implementation_code(basic_code: str, jurisdiction: Jurisdiction, agency: Agency) -> str:
    """基本编码 + 区划 + 实施主体信用代码 (the exact GB/T 39554.1 layout is unverified: §9.4)."""
    return f"{basic_code}-{jurisdiction.code}-{agency.usci}"


def _defaults() -> dict:
    item = Item()
    return {f: getattr(item, f) for f in EDITABLE}


def _normalise(data: dict) -> dict:
    data = dict(data)
    if not data.get("result_type"):
        data["result_type"] = expected_result_type(data.get("result_name", "")) or ""
    data["themes"] = ",".join(themes.split(data.get("themes", "")))
    return data


def _write_children(item: Item, materials, fees, steps, flow_version: int) -> None:
    Material.objects.bulk_create(
        [
            Material(
                item=item, order=m.get("order", i), **{k: m[k] for k in MATERIAL_FIELDS if k in m}
            )
            for i, m in enumerate(materials, start=1)
        ]
    )
    Fee.objects.bulk_create(
        [Fee(item=item, **{k: f[k] for k in FEE_FIELDS if k in f}) for f in fees]
    )
    Step.objects.bulk_create(
        [
            Step(item=item, flow_version=flow_version, **{k: s[k] for k in STEP_FIELDS})
            for s in steps
        ]
    )


def _publish(item: Item) -> None:
    # Inside the change's transaction (the search contract's rule): a rollback un-indexes too.
    # The page cache listens there as well: the item's guide pages are rendered again.
    indexing.changed(item)


def _withdraw(item: Item) -> None:
    indexing.removed(item)


def create_item(
    *,
    by,
    agency: Agency,
    item_type: ItemType,
    basic_code: str,
    materials: Sequence[dict] = (),
    fees: Sequence[dict] = (),
    steps: Sequence[dict] = (),
    effective_on: dt.date | None = None,
    implementation: str = "",
    jurisdiction: Jurisdiction | None = None,
    claimed_from: Item | None = None,
    parent: Item | None = None,
    audit_action: str = "services.item.create",
    **fields,
) -> Item:
    """A new 实施清单 entry of `agency`, with its materials, fees and steps (flow version 1).

    `parent` places it under a 主项 or 子项 (主项 → 子项 → 业务办理项) of the same 实施主体.
    """
    jurisdiction = jurisdiction or agency.jurisdiction
    if parent is not None and (
        parent.agency_id != agency.pk
        or parent.state != Item.ACTIVE
        or parent.grain == Item.HANDLING
    ):
        raise Invalid("上级事项须为同一实施主体在用的主项或子项", code="bad_parent", field="parent")
    if not jurisdiction.path.startswith(agency.scope_path):
        raise Invalid("实施主体不属于该区划", code="agency_outside", field="agency")
    permissions.require(by, audit_action, agency_id=agency.pk, path=jurisdiction.path)
    if not CODE_RE.match(basic_code or ""):
        raise Invalid(
            "基本编码应为4至12位字母、数字或连字符", code="bad_basic_code", field="basic_code"
        )
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise Invalid(f"未知字段：{'、'.join(sorted(unknown))}", code="unknown_field")
    data = _normalise(_defaults() | {"exercise_level": LEVEL_OF[jurisdiction.level]} | fields)
    validate_item(data)
    validate_materials(materials)
    fees = validate_fees(fees)
    validate_steps(list(steps))
    code = implementation or implementation_code(basic_code, jurisdiction, agency)
    if Item.objects.filter(implementation_code=code, handling_code=data["handling_code"]).exists():
        raise Conflict(
            f"实施编码“{code}”已存在，请修订原事项而非新建", code="item_exists", field="basic_code"
        )
    with transaction.atomic():
        item = Item(
            agency=agency,
            jurisdiction=jurisdiction,
            scope_path=jurisdiction.path,
            item_type=item_type,
            basic_code=basic_code,
            implementation_code=code,
            effective_on=effective_on or timezone.localdate(),
            claimed_from=claimed_from,
            parent=parent,
            charges_fee=bool(fees),
            **data,
        )
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise Conflict(f"实施编码“{code}”已存在", code="item_exists") from None
        _write_children(item, materials, fees, steps, 1)
        audit.record(audit_action, item, actor=by, after=audit.snapshot(item))
        _publish(item)
    return item


def material_rows(item: Item) -> list[dict]:
    return [
        {k: getattr(m, k) for k in MATERIAL_FIELDS} | {"order": m.order}
        for m in item.materials.all()
    ]


def fee_rows(item: Item, *, include_cut: bool = False) -> list[dict]:
    fees = item.fees.all() if include_cut else item.fees.filter(cut_on__isnull=True)
    return [{k: getattr(f, k) for k in FEE_FIELDS} for f in fees]


def current_flow(item: Item) -> int:
    return max((s.flow_version for s in item.steps.all()), default=1)


def step_rows(item: Item) -> list[dict]:
    flow = current_flow(item)
    return [
        {k: getattr(s, k) for k in STEP_FIELDS}
        for s in sorted(item.steps.all(), key=lambda s: s.order)
        if s.flow_version == flow
    ]


def _lock_active(item: Item) -> Item:
    fresh = Item.objects.select_for_update().get(pk=item.pk)
    if fresh.state != Item.ACTIVE:
        raise Conflict(
            f"事项“{fresh.name}”当前状态为“{fresh.get_state_display()}”，不能再变更",
            code="item_not_active",
        )
    return fresh


def claim(
    item: Item,
    *,
    by,
    agency: Agency,
    jurisdiction: Jurisdiction | None = None,
    effective_on: dt.date | None = None,
) -> Item:
    """逐级认领: a lower level takes an upper level's catalogue entry into its own 实施清单.

    The new entry keeps the 基本编码, materials, fees and steps; its 实施主体, 区划 and 行使层级
    are the claimant's. A county may claim for its townships and villages too (domain-rules §3.3).
    """
    jurisdiction = jurisdiction or agency.jurisdiction
    if item.state != Item.ACTIVE:
        raise Conflict("只能认领在用的事项", code="item_not_active")
    if jurisdiction.path == item.scope_path or not jurisdiction.path.startswith(item.scope_path):
        raise Invalid(
            "只能认领上级目录中的事项（认领单位须在该事项所属区划之下）",
            code="claim_not_below",
            field="jurisdiction",
        )
    if Item.objects.filter(
        claimed_from=item, jurisdiction=jurisdiction, agency=agency, state=Item.ACTIVE
    ).exists():
        raise Conflict(f"{agency.name}已认领该事项", code="already_claimed")
    fields = {f: getattr(item, f) for f in EDITABLE}
    fields["exercise_level"] = LEVEL_OF[jurisdiction.level]
    fields["power_source"] = "1"
    return create_item(
        by=by,
        agency=agency,
        jurisdiction=jurisdiction,
        item_type=item.item_type,
        basic_code=item.basic_code,
        materials=material_rows(item),
        fees=fee_rows(item),
        steps=step_rows(item),
        effective_on=effective_on,
        claimed_from=item,
        audit_action="services.item.claim",
        **fields,
    )


def revise(
    item: Item,
    changes: dict,
    *,
    by,
    materials: list[dict] | None = None,
    fees: list[dict] | None = None,
    steps: list[dict] | None = None,
    effective_on: dt.date | None = None,
    note: str = "",
    item_type: ItemType | None = None,
) -> Item:
    """年度修订: the revised item is a new version row; the old row is superseded on that date.

    Materials, fees and steps not given are carried over. If the steps change, the flow version
    goes up by one, so cases started under the old flow keep their steps.
    """
    permissions.require(by, "services.item.revise", agency_id=item.agency_id, path=item.scope_path)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Invalid(f"未知字段：{'、'.join(sorted(unknown))}", code="unknown_field")
    on = effective_on or timezone.localdate()
    with transaction.atomic():
        old = _lock_active(item)
        if on < old.effective_on:
            raise Invalid(
                "新版本的生效日期不能早于当前版本的生效日期",
                code="effective_before_current",
                field="effective_on",
            )
        data = _normalise({f: getattr(old, f) for f in EDITABLE} | changes)
        validate_item(data)
        new_materials = material_rows(old) if materials is None else materials
        new_fees = fee_rows(old) if fees is None else fees
        old_steps = step_rows(old)
        new_steps = old_steps if steps is None else steps
        validate_materials(new_materials)
        new_fees = validate_fees(new_fees)
        validate_steps(new_steps)
        flow = current_flow(old)
        if _step_key(new_steps) != _step_key(old_steps):
            flow += 1
        before = audit.snapshot(old)
        old.state = Item.SUPERSEDED
        old.cancelled_on = on
        old.save(update_fields=["state", "cancelled_on", "updated_at"])
        new = Item(
            **{
                f.attname: getattr(old, f.attname)
                for f in Item._meta.concrete_fields
                if f.name not in {"id", "updated_at"}
            }
        )
        for k, v in data.items():
            setattr(new, k, v)
        new.item_type = item_type or old.item_type
        new.state, new.cancelled_on, new.merged_into = Item.ACTIVE, None, None
        new.version = old.version + 1
        new.effective_on = on
        new.previous = old
        new.change_note = note[:300]
        new.charges_fee = bool(new_fees)
        new.save()
        _write_children(new, new_materials, new_fees, new_steps, flow)
        audit.record(
            "services.item.revise",
            new,
            actor=by,
            before=before,
            after=audit.snapshot(new) | {"flow_version": flow},
        )
        _withdraw(old)
        _publish(new)
    return new


def _step_key(steps: list[dict]) -> list[tuple]:
    return sorted((s["order"], s["code"], s["name"], s["role"], s["limit"]) for s in steps)


def cancel(item: Item, *, by, reason: str, on: dt.date | None = None) -> Item:
    """取消: the item is no longer handled (kept on record for the clean-up report)."""
    permissions.require(by, "services.item.cancel", agency_id=item.agency_id, path=item.scope_path)
    if not (reason or "").strip():
        raise Invalid("请填写取消事项的原因或依据", code="reason_required", field="reason")
    with transaction.atomic():
        item = _lock_active(item)
        before = audit.snapshot(item, ["state", "cancelled_on"])
        item.state, item.cancelled_on = Item.CANCELLED, on or timezone.localdate()
        item.change_note = reason.strip()[:300]
        item.save(update_fields=["state", "cancelled_on", "change_note", "updated_at"])
        audit.record(
            "services.item.cancel",
            item,
            actor=by,
            before=before,
            after=audit.snapshot(item, ["state", "cancelled_on", "change_note"]),
        )
        _withdraw(item)
    return item


def merge(item: Item, into: Item, *, by, on: dt.date | None = None, reason: str = "") -> Item:
    """合并: `item` is folded into `into` (same 区划); applicants are sent to `into`."""
    permissions.require(by, "services.item.merge", agency_id=item.agency_id, path=item.scope_path)
    permissions.require(by, "services.item.merge", agency_id=into.agency_id, path=into.scope_path)
    if into.pk == item.pk:
        raise Invalid("不能将事项合并到其自身", code="merge_into_self", field="into")
    if into.jurisdiction_id != item.jurisdiction_id:
        raise Invalid("只能合并到同一区划的事项", code="merge_other_jurisdiction", field="into")
    if into.state != Item.ACTIVE:
        raise Conflict("合并的目标事项须为在用事项", code="target_not_active")
    with transaction.atomic():
        item = _lock_active(item)
        before = audit.snapshot(item, ["state", "cancelled_on", "merged_into_id"])
        item.state, item.cancelled_on, item.merged_into = (
            Item.MERGED,
            on or timezone.localdate(),
            into,
        )
        item.change_note = (reason or f"并入“{into.name}”").strip()[:300]
        item.save(
            update_fields=["state", "cancelled_on", "merged_into", "change_note", "updated_at"]
        )
        audit.record(
            "services.item.merge",
            item,
            actor=by,
            before=before,
            after=audit.snapshot(item, ["state", "cancelled_on", "merged_into_id"]),
        )
        _withdraw(item)
    return item


def cut_fee(fee: Fee, *, by, reason: str, on: dt.date | None = None) -> Fee:
    """清理收费: the fee stops applying from `on`; it stays on record for the yearly report."""
    item = fee.item
    permissions.require(by, "services.fee.cut", agency_id=item.agency_id, path=item.scope_path)
    if not (reason or "").strip():
        raise Invalid("请填写取消收费的依据（如文件号）", code="reason_required", field="reason")
    with transaction.atomic():
        _lock_active(item)
        fee = Fee.objects.select_for_update().get(pk=fee.pk)
        if fee.cut_on:
            raise Conflict("该收费项目已取消", code="fee_already_cut")
        fee.cut_on, fee.cut_reason = on or timezone.localdate(), reason.strip()[:300]
        fee.save(update_fields=["cut_on", "cut_reason"])
        still = item.fees.filter(cut_on__isnull=True).exists()
        Item.objects.filter(pk=item.pk).update(charges_fee=still, updated_at=timezone.now())
        audit.record(
            "services.fee.cut",
            fee,
            actor=by,
            after=audit.snapshot(fee, ["item_id", "name", "cut_on", "cut_reason"]),
        )
        item.refresh_from_db()
        _publish(item)
    return fee


def check_actor(user) -> None:
    """Staff pages and actions are for staff; a public account gets a 403, not an empty page."""
    if not getattr(user, "is_authenticated", False) or (
        user.kind != "staff" and not user.is_superuser
    ):
        raise NotAllowed("仅工作人员可以管理事项目录")
