"""审批结果: the licence or decision a decided case issues, with its fields, number and code.

An approved case whose item has a result template (services.result_templates) issues that
licence with the fields the officer filled in when deciding; any other case issues the 准予 or
不予 decision letter. The number is the agency's own series for the year and the kind of
decision (`core.numbering`): 吉首市市场监管许〔2026〕23号, 不许 for a refusal, 办/不办 for what
is not a 行政许可. What is issued is stored on the row as text: a later change of the template,
the item or the agency does not change an issued document.
"""

from __future__ import annotations

import datetime as dt
import secrets

from zhengwu.core import numbering, rows
from zhengwu.core.errors import Invalid
from zhengwu.core.masking import mask_id_number
from zhengwu.services import result_templates
from zhengwu.services.models import ResultTemplate

from . import documents
from .models import Case, Result

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VERIFY_FOOTER = "验证码：{code}。扫描二维码，或在政务服务网“证照核验”输入验证码，可核验本文书真伪。"


def code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def template_of(case: Case) -> ResultTemplate | None:
    """The licence template an approval fills in, if the item has one with fields."""
    template = result_templates.template_for(case.item)
    return template if template and template.fields else None


def prefilled(case: Case, template: ResultTemplate | None, on: dt.date) -> list[dict]:
    """The decide form's rows: each field with what the case already tells."""
    if template is None:
        return []
    known = {
        "名称": case.applicant_name,
        "经营者名称": case.applicant_name,
        "统一社会信用代码": case.applicant_usci,
        "统一社会信用代码（身份证号码）": case.applicant_usci or case.applicant_id_number,
        "住所": case.address,
        "经营场所": case.address,
        "注册日期": f"{on.year}年{on.month}月{on.day}日",
        "成立日期": f"{on.year}年{on.month}月{on.day}日",
        "日常监督管理机构": case.agency.name,
    }
    if case.applicant_kind == Case.PERSON:
        known["经营者"] = case.applicant_name
    return [{**f, "value": known.get(f["label"], "")} for f in template.fields]


def fill(case: Case, approve: bool, values: dict | None) -> tuple[ResultTemplate | None, list]:
    """The licence's template and its fields as issued, in the template's order (none for a
    refusal or an item without one); a missing required field is refused before anything
    changes."""
    template = template_of(case) if approve else None
    if template is None:
        return None, []
    values = {str(k): str(v or "").strip() for k, v in (values or {}).items()}
    filled = []
    for f in template.fields:
        value = values.get(f["label"], "")
        if f.get("required") and not value:
            raise Invalid(f"请填写“{f['label']}”", code="field_required", field=f["label"])
        if len(value) > 500:
            raise Invalid(f"“{f['label']}”不超过500字", code="field_too_long", field=f["label"])
        filled.append([f["label"], value])
    return template, filled


def issue(
    w: rows.Changes, case: Case, on: dt.date, template: ResultTemplate | None, filled: list
) -> Result:
    """The numbered result (`fill`'s template and fields) with its text as issued; its PDF is
    rendered on first download."""
    agency = case.agency
    # 行政许可 is decided as such (行政许可法 §38); a 行政确认, 给付 or 公共服务 is 办理
    what, word = ("行政许可", "许") if case.item.item_type.is_licensing else ("办理", "办")
    word = word if case.approved else f"不{word}"
    # without a template: the decision letter (the licence is then issued as the office does)
    title = template.title if template else f"{'准予' if case.approved else '不予'}{what}决定书"
    number = numbering.next_number(
        f"result:{agency.pk}:{word}",
        on.year,
        prefix=f"{agency.jurisdiction.short_name}{agency.short_name or ''}{word}",
    )
    verification = code()
    if template:
        addressee, body = "", [template.fixed_text] if template.fixed_text else []
    else:
        addressee = case.applicant_name
        body = [
            f"申请人：{case.applicant_name}",
            f"申请事项：{case.item.name}",
            f"经审查，决定：{'准予' if case.approved else '不予'}{what}。",
        ]
        if case.approved and case.item.result_name:
            body.append(f"审批结果：{case.item.result_name}。")
        if case.decision_reason:
            body.append(f"理由：{case.decision_reason}")
        if not case.approved:
            body.append(
                "如不服本决定，可自收到本决定书之日起六十日内依法申请行政复议，"
                "或者六个月内依法提起行政诉讼。"
            )
    text = documents.text(
        title=title,
        number=number,
        addressee=addressee,
        body=body,
        agency=agency.name,
        issued_on=on,
        footer=VERIFY_FOOTER.format(code=verification),
        fields=filled,
        code=verification,
    )
    result = Result(
        case=case,
        number=number,
        verification_code=verification,
        title=title,
        approved=bool(case.approved),
        holder_name=case.applicant_name,
        issued_on=on,
        text=text,
    )
    w.insert(result)
    return result


def public_fields(result: Result) -> list[list[str]]:
    """The issued fields as the public may read them: personal ID numbers masked."""
    return [
        [label, mask_id_number(value) if label in result_templates.ID_FIELDS else value]
        for label, value in (result.text or {}).get("fields", [])
    ]
