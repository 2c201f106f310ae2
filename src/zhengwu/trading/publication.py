"""Where a trading notice is published besides the trading column: the key-area column of the
disclosure catalogue of its body (政府采购, 工程招投标, 土地招拍挂, 国有产权), search, and the
page cache's generations. And what the public reads of a notice: its facts in words, with the
bidders' personal data masked (core.masking).

What is masked and what stays (招标公告和公示信息发布管理办法 FGW10 §6 requires the 公示 to name
each candidate, its price and its 项目负责人 with the name and number of the certificate): company
names, 统一社会信用代码, prices and 项目负责人 names with certificate numbers stay; ID numbers
(项目负责人 or anyone's), phone numbers and the names of contact persons are masked, in the facts
and in the notice's free text alike (a 身份证号 written into the body is masked too). Phone numbers
in the body are the 招标人's and agency's published contacts (FGW10 §5) and stay.

The notice keeps its facts as the body entered them; masking happens on the way out (pages, the
API, search, the disclosure document), so staff still see what was filed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from zhengwu.core import audit, masking, words
from zhengwu.core.errors import Invalid
from zhengwu.disclosure import search as disclosure_search
from zhengwu.disclosure.models import Column, Document, DocumentVersion
from zhengwu.disclosure.services import SNAPSHOT, ensure_columns, next_index_no
from zhengwu.org.models import Jurisdiction
from zhengwu.portal import pagecache

from . import search
from .models import (
    DATE_NAMES,
    ENGINEERING,
    KEY_AREA_COLUMNS,
    LAND,
    OTHER,
    PROCUREMENT,
    PROPERTY,
    Notice,
    Project,
)

# The audit event of the disclosure document a notice becomes (trading/actions.py names it).
DOCUMENT_PUBLISHED = "trading.notice_in_key_area"

# The trading column's filter of kinds, in the words the column uses.
KIND_FILTER = {
    ENGINEERING: "工程建设",
    PROCUREMENT: "政府采购",
    LAND: "土地出让",
    PROPERTY: "国有产权",
    OTHER: "其他交易",
}
TOPICS = {
    ENGINEERING: "城乡建设、环境保护",
    PROCUREMENT: "财政、金融、审计",
    LAND: "国土资源、能源",
    PROPERTY: "国民经济管理、国有资产监管",
    OTHER: "综合政务",
}
OWNER_WORDS = {ENGINEERING: "招标人", PROCUREMENT: "采购人", LAND: "出让人", PROPERTY: "转让方"}
PARTY_WORDS = {LAND: "竞得人", PROPERTY: "受让方", PROCUREMENT: "中标（成交）供应商"}

# Facts: a field's words by its key (as the workbench, the import and the API write them; the
# national spec's names too). A key not listed is shown only if it is already in Chinese.
LABELS = {
    "bidders": "投标人",
    "candidates": "中标候选人",
    "winner": "中标（成交）人",
    "reason": "说明",
    "reviewers": "评审专家",
    "rank": "排名",
    "name": "名称",
    "code": "统一社会信用代码",
    "usci": "统一社会信用代码",
    "credit_code": "统一社会信用代码",
    "price": "投标报价",
    "bid_price": "投标报价",
    "amount": "金额",
    "bid_amount": "中标（成交）金额",
    "win_price": "中标（成交）金额",
    "contract_amount": "合同金额",
    "unit_price": "单价",
    "quality": "质量",
    "period": "工期（交付期）",
    "time_limit": "工期（交付期）",
    "duration": "工期（交付期）",
    "score": "评审得分",
    "result": "评审结果",
    "qualification": "资格能力条件",
    "manager": "项目负责人",
    "lead": "项目负责人",
    "project_lead": "项目负责人",
    "certificate": "项目负责人证书名称及编号",
    "certificate_no": "项目负责人证书编号",
    "lead_certificate": "项目负责人证书名称及编号",
    "id_number": "身份证号",
    "lead_id": "项目负责人身份证号",
    "manager_id": "项目负责人身份证号",
    "project_lead_id": "项目负责人身份证号",
    "phone": "联系电话",
    "mobile": "联系电话",
    "contact_phone": "联系电话",
    "contact": "联系人",
    "address": "地址",
    "area": "面积",
    "use": "用途",
    "term": "出让年限",
    "location": "坐落",
    "parcel": "宗地编号",
}
ORDER = list(LABELS)
MONEY = {"price", "bid_price", "amount", "bid_amount", "win_price", "contract_amount", "unit_price"}
ID_KEYS = {"id_number", "lead_id", "manager_id", "project_lead_id"}
PHONE_KEYS = {"phone", "mobile", "contact_phone"}
PERSON_KEYS = {"contact"}  # a bidder's contact person (not the 项目负责人, whom the law names)
KEPT_KEYS = {"code", "usci", "credit_code", "certificate", "certificate_no", "lead_certificate"}


# --- masking and words -------------------------------------------------------------------------


def _key(key) -> str:
    return str(key).strip().lower()


def _mask_value(key: str, value):
    if isinstance(value, dict):
        return {k: _mask_value(_key(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_value(key, v) for v in value]
    if not isinstance(value, str):
        return value
    if key in ID_KEYS or "身份证" in key:
        return masking.mask_id_number(value)
    if key in PHONE_KEYS or "电话" in key or "手机" in key:
        return masking.mask_phone(value)
    if key in PERSON_KEYS or key == "联系人":
        return masking.mask_name(value)
    if key in KEPT_KEYS or "证书" in key or "代码" in key:
        return masking.ID_NUMBER_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), value)
    return masking.mask_text(value)


def masked_facts(facts: dict | None) -> dict:
    """The facts as the public may read them (see the module's docstring)."""
    return {k: _mask_value(_key(k), v) for k, v in (facts or {}).items()}


def masked_text(text: str) -> str:
    """A notice's own text: ID numbers masked; the published contacts stay."""
    return masking.ID_NUMBER_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text or "")


def _label(key: str) -> str:
    found = LABELS.get(_key(key))
    if found:
        return found
    return key if key and not key.isascii() else ""


def _money(value) -> str:
    try:
        amount = Decimal(str(value).replace(",", "").replace("元", "").strip())
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.2f}元"


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if _key(key) in MONEY:
        return _money(value)
    if isinstance(value, list):
        return "、".join(_shown(key, v) for v in value if not isinstance(v, dict | list))
    if isinstance(value, dict):
        return "，".join(f"{_label(k)}：{_shown(k, v)}" for k, v in _ordered(value) if _label(k))
    return str(value)


def _ordered(row: dict) -> list[tuple[str, object]]:
    def rank(item):
        k = _key(item[0])
        return ORDER.index(k) if k in ORDER else len(ORDER)

    return sorted(row.items(), key=rank)


def fact_blocks(notice: Notice) -> list[dict]:
    """The notice's facts, masked, in words: each a table (`columns`, `rows`: a list of rows,
    such as the candidates), a list of pairs (`pairs`: one party, such as the winner) or a
    `text`. Keys nobody named in words are left out."""
    facts = masked_facts(notice.facts)
    blocks = []
    for key, value in _ordered(facts):
        title = _label(key)
        if _key(key) == "winner":
            title = PARTY_WORDS.get(notice.project.kind, title)
        if not title or value in (None, "", [], {}):
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            keys: list[str] = []
            for row in value:
                keys += [k for k, _ in _ordered(row) if _label(k) and k not in keys]
            blocks.append(
                {
                    "title": title,
                    "columns": [_label(k) for k in keys],
                    "rows": [[_shown(k, row.get(k)) for k in keys] for row in value],
                }
            )
        elif isinstance(value, dict):
            pairs = [(_label(k), _shown(k, v)) for k, v in _ordered(value) if _label(k)]
            blocks.append({"title": title, "pairs": [p for p in pairs if p[1]]})
        else:
            blocks.append({"title": title, "text": _shown(key, value)})
    return blocks


def owner_word(project: Project) -> str:
    return OWNER_WORDS.get(project.kind, "项目单位")


def project_facts(project: Project) -> list[tuple[str, str]]:
    """The project as the public reads it: (words, value), empty ones left out."""
    rows = [
        ("项目名称", project.name),
        ("项目编号", project.code),
        ("统一交易标识码", project.unified_deal_code),
        ("交易类型", project.kind_label),
        ("交易方式", project.method_label),
        (owner_word(project), project.owner.name),
        ("代理机构", project.agent_name),
        ("交易场所", project.centre.name if project.centre else ""),
        ("行政监督部门", project.supervisor.name if project.supervisor else ""),
        ("预算金额", _money(project.budget) if project.budget is not None else ""),
        ("项目概况", masked_text(project.content)),
    ]
    return [(k, v) for k, v in rows if v]


def project_dates(project: Project) -> list[tuple[str, str]]:
    """The project's recorded dates, in the order of its steps, as people write them."""
    names = DATE_NAMES.get(project.kind, {})
    given = project.dates or {}
    out = []
    for name, label in names.items():
        value = given.get(name)
        if value:
            out.append((label, words.chinese_date(dt.date.fromisoformat(value))))
    return out


def objection_words(notice: Notice) -> str:
    """“对本公示有异议的，请于2026年11月7日前提出” (质疑 for a procurement), or ""."""
    if not notice.objection_until:
        return ""
    what = "质疑" if notice.project.kind == PROCUREMENT else "异议"
    where = "公示" if notice.kind == "candidates" else "公告"
    return f"对本{where}有{what}的，请于{words.chinese_date(notice.objection_until)}前提出"


def notice_path(notice_id: int) -> str:
    return reverse("trading-notice", kwargs={"pk": notice_id})


def notice_text(notice: Notice, *, url: str = "") -> str:
    """The notice as one readable text (the disclosure document's body, search's text)."""
    project = notice.project
    lines = [masked_text(notice.body).strip(), ""] if notice.body.strip() else []
    lines += [f"{k}：{v}" for k, v in project_facts(project) if k != "项目概况"]
    lines += [f"{k}：{v}" for k, v in project_dates(project)]
    for block in fact_blocks(notice):
        if "rows" in block:
            lines.append(f"{block['title']}：")
            for row in block["rows"]:
                cells = zip(block["columns"], row, strict=True)
                lines.append("　" + "，".join(f"{c}：{v}" for c, v in cells if v))
        elif "pairs" in block:
            lines.append(f"{block['title']}：" + "，".join(f"{k}：{v}" for k, v in block["pairs"]))
        else:
            lines.append(f"{block['title']}：{block['text']}")
    if notice.publicity_ends:
        lines.append(f"公示截止：{words.chinese_date(notice.publicity_ends)}")
    if notice.objection_until:
        lines.append(objection_words(notice) + "。")
        if notice.objection_method:
            lines.append(f"提出方式：{notice.objection_method}")
    if url:
        lines += ["", f"公告全文见公共资源交易栏目：{url}"]
    return "\n".join(lines).strip()


# --- reading ------------------------------------------------------------------------------------


def kind_of(value: str) -> str:
    """A kind filter from its code or its words; "" for none; a 422 in words for a wrong one."""
    value = (value or "").strip()
    if not value:
        return ""
    for code, label in KIND_FILTER.items():
        if value in (code, label):
            return code
    raise Invalid(
        "交易类型应为" + "、".join(KIND_FILTER.values()), code="kind_invalid", field="kind"
    )


def notice_kind_of(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    for code, label in Notice.KINDS:
        if value in (code, label):
            return code
    raise Invalid(f"没有“{value}”这种公告类型", code="notice_kind_invalid", field="type")


def filtered(
    qs: QuerySet[Notice], *, kind: str = "", notice_kind: str = "", since=None
) -> QuerySet[Notice]:
    kind, notice_kind = kind_of(kind), notice_kind_of(notice_kind)
    if kind:
        qs = qs.filter(project__kind=kind)
    if notice_kind:
        qs = qs.filter(kind=notice_kind)
    if since:
        qs = qs.filter(published_on__gte=since)
    return qs.order_by("-published_on", "-id")


def jurisdiction_path(code: str) -> str:
    """The path of a 行政区划代码 given to the API; a 404 in words for an unknown one."""
    from zhengwu.core.errors import NotFound

    j = Jurisdiction.objects.filter(code=(code or "").strip()).first()
    if j is None:
        raise NotFound(f"区划代码“{code}”不存在", code="unknown_jurisdiction", field="jurisdiction")
    return j.path


# --- publishing -----------------------------------------------------------------------------------


def _public_url(path: str) -> str:
    return f"{(settings.ZHENGWU_PUBLIC_URL or '').rstrip('/')}{path}"


def _column(project: Project) -> Column | None:
    code = KEY_AREA_COLUMNS.get(project.kind)
    if not code:
        return None
    column = Column.objects.filter(agency=project.owner, code=code).first()
    if column is None:  # an agency made before the column existed (disclosure migration 0005)
        ensure_columns(project.owner)
        column = Column.objects.filter(agency=project.owner, code=code).first()
    return column


def publish(notice: Notice) -> None:
    """Called inside the step's transaction once the notice is saved: the notice becomes a
    published 主动公开 document of the project's body in its key-area column (one transaction
    with the step, the 索引号 from the body's counter), search hears of both, and the trading
    column's cached pages move."""
    project = notice.project
    owner = project.owner
    by = notice.created_by
    path = notice_path(notice.pk)
    doc = Document(
        agency=owner,
        scope_path=owner.scope_path,
        column=_column(project),
        index_no=next_index_no(owner, notice.published_on.year),
        title=notice.title[:300],
        summary=f"{owner.name}发布的{project.kind_label}{notice.kind_label}（项目编号{project.code}）",
        created_on=notice.published_on,
        published_on=notice.published_on,
        topic=TOPICS.get(project.kind, "综合政务"),
        genre="通知公告",
        keywords=f"公共资源交易,{project.kind_label},{notice.kind_label}"[:200],
        body=notice_text(notice, url=_public_url(path)),
        proactive=True,
        status=Document.PUBLISHED,
        created_by=by,
    )
    # No §26 clock: the notice is public the day it is made; the trading rules time it.
    doc.save()
    snap = audit.snapshot(doc, SNAPSHOT)
    DocumentVersion.objects.create(
        document=doc, number=1, data=snap, note="公共资源交易公告", created_by=by
    )
    audit.record(DOCUMENT_PUBLISHED, doc, actor=by, after=snap)  # notice.document links back
    Notice.objects.filter(pk=notice.pk).update(document=doc)
    notice.document = doc
    disclosure_search.changed(doc)
    search.changed(notice)
    pagecache.bump(pagecache.kind_tag(search.KIND))


__all__ = [
    "DOCUMENT_PUBLISHED",
    "KIND_FILTER",
    "fact_blocks",
    "filtered",
    "masked_facts",
    "masked_text",
    "notice_text",
    "objection_words",
    "project_dates",
    "project_facts",
    "publish",
]
