"""Every state change of 主动公开: drafting, 保密审查, publication, withdrawal and repeal, new
versions, attachments, the guide, the rules page and the gazette. Each function takes the acting
user as `by=`, checks the role in scope, changes rows and appends the audit event in one
transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu.core import audit, clock, conf
from zhengwu.core.errors import Conflict, Invalid, NotAllowed
from zhengwu.core.models import Clock
from zhengwu.org import scopes
from zhengwu.org.models import Agency, Jurisdiction, Role
from zhengwu.portal import sites

from . import catalogue, files, search
from .models import (
    TOPICS,
    Attachment,
    Column,
    Document,
    DocumentVersion,
    GazetteIssue,
    GuideRevision,
    IndexCounter,
    RulesPage,
)

# Who may draft, review and publish: the agency's 信息公开工作人员, or the 政务公开办 over a jurisdiction.
DISCLOSURE_ROLES = [Role.DISCLOSURE_OFFICER, Role.OPENNESS_ADMIN]
# 条例 §26: proactive information is published within 20 working days of being created or changed.
PUBLICATION_LIMIT = 20
CLOCK_PURPOSE = "主动公开时限"
DEFAULT_INDEX_SCHEME = "{usci}/{year}-{seq:05d}"

EDITABLE = [
    "title",
    "summary",
    "created_on",
    "doc_number",
    "topic",
    "genre",
    "keywords",
    "body",
    "proactive",
    "column_id",
]
SNAPSHOT = [*EDITABLE, "status", "validity", "published_on", "version", "index_no"]


def _require(by, agency: Agency, what: str) -> None:
    scopes.require(
        by, agency_id=agency.pk, path=agency.scope_path, roles=DISCLOSURE_ROLES, what=what
    )


def index_scheme() -> str:
    """The 索引号 pattern (settings.ZHENGWU_DISCLOSURE_INDEX_SCHEME): fields usci, agency_id,
    jurisdiction, year, seq. The default is the usual 统一社会信用代码/年份-流水号."""
    return conf.text("ZHENGWU_DISCLOSURE_INDEX_SCHEME", DEFAULT_INDEX_SCHEME)


def next_index_no(agency: Agency, year: int) -> str:
    return reserve_index_nos(agency, {year: 1})[year][0]


def reserve_index_nos(
    agency: Agency, counts: dict[int, int], *, avoid: set[str] = frozenset()
) -> dict[int, list[str]]:
    """The next `counts[year]` 索引号 of each year, in order, under a lock of the agency's
    counters: numbers already held by a document, or in `avoid` (an import's own 索引号), are
    skipped. Call inside the transaction that saves the documents."""
    scheme = index_scheme()
    if "{seq" not in scheme:
        raise ImproperlyConfigured("ZHENGWU_DISCLOSURE_INDEX_SCHEME 须包含 {seq}（流水号）")
    counts = {year: n for year, n in counts.items() if n > 0}
    locked = IndexCounter.objects.select_for_update().filter(agency=agency, year__in=list(counts))
    counters = {c.year: c for c in locked}
    if len(counters) < len(counts):
        IndexCounter.objects.bulk_create(
            [IndexCounter(agency=agency, year=y) for y in counts if y not in counters],
            ignore_conflicts=True,
        )
        counters = {c.year: c for c in locked.all()}

    def number(year: int, seq: int) -> str:
        return scheme.format(
            usci=agency.usci,
            agency_id=agency.pk,
            jurisdiction=agency.jurisdiction.code,
            year=year,
            seq=seq,
        )

    reserved: dict[int, list[str]] = {year: [] for year in counts}
    while True:
        candidates = {}
        for year, n in counts.items():
            counter = counters[year]
            for _ in range(n - len(reserved[year])):
                counter.last += 1
                candidates[number(year, counter.last)] = year
        if not candidates:
            break
        taken = set(avoid) & candidates.keys()
        taken |= set(
            Document.objects.filter(index_no__in=list(candidates)).values_list(
                "index_no", flat=True
            )
        )
        for candidate, year in candidates.items():
            if candidate not in taken:
                reserved[year].append(candidate)
    IndexCounter.objects.bulk_update(list(counters.values()), ["last"])
    return reserved


def parse_date(value, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise Invalid(f"请填写{label}", code=f"{field}_required", field=field)
    try:
        return dt.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise Invalid(
            f"{label}格式不正确，应为YYYY-MM-DD，例如2025-03-18",
            code=f"{field}_invalid",
            field=field,
        ) from None


def clean(
    agency: Agency, data: dict, *, partial: bool = False, columns: dict[str, int] | None = None
) -> dict:
    """Validated document fields from a form, the API or an import row (Chinese errors).
    `columns` (code → id of the agency's columns) saves a query per row on an import."""
    out: dict = {}
    if not partial or "title" in data:
        title = str(data.get("title") or "").strip()
        if not title:
            raise Invalid("请填写名称（标题）", code="title_required", field="title")
        if len(title) > 300:
            raise Invalid("名称不能超过300字", code="title_too_long", field="title")
        out["title"] = title
    if not partial or "created_on" in data:
        created = parse_date(data.get("created_on"), "created_on", "生成日期")
        if created > timezone.localdate():
            raise Invalid("生成日期不能晚于今天", code="created_in_future", field="created_on")
        if created.year < 2000:
            raise Invalid("生成日期不能早于2000年", code="created_too_early", field="created_on")
        out["created_on"] = created
    for name, label, limit in [
        ("summary", "内容概述", 5000),
        ("doc_number", "文号", 80),
        ("keywords", "关键词", 200),
        ("body", "正文", 500_000),
    ]:
        if not partial or name in data:
            value = str(data.get(name) or "").strip()
            if len(value) > limit:
                raise Invalid(f"{label}不能超过{limit}字", code=f"{name}_too_long", field=name)
            out[name] = value
    if not partial or "topic" in data:
        topic = str(data.get("topic") or "综合政务").strip()
        if topic not in TOPICS:
            raise Invalid(f"主题分类“{topic}”不在分类表中", code="topic_invalid", field="topic")
        out["topic"] = topic
    if not partial or "genre" in data:
        genre = str(data.get("genre") or "其他文件").strip()
        if genre not in dict(Document.GENRES):
            raise Invalid(f"体裁“{genre}”不在体裁表中", code="genre_invalid", field="genre")
        out["genre"] = genre
    if not partial or "proactive" in data:
        value = data.get("proactive", True)
        if isinstance(value, str):
            value = value.strip().lower() not in ("", "0", "false", "否", "off", "no")
        out["proactive"] = bool(value)
    if not partial or "column" in data:
        code = str(data.get("column") or "").strip()
        if code:
            if columns is None:
                column_id = (
                    Column.objects.filter(agency=agency, code=code).values_list("pk", flat=True)
                ).first()
            else:
                column_id = columns.get(code)
            if column_id is None:
                raise Invalid(
                    f"本单位没有代码为“{code}”的栏目", code="column_invalid", field="column"
                )
            out["column_id"] = column_id
        else:
            out["column_id"] = None
    return out


def _save_version(doc: Document, *, by, note: str) -> None:
    DocumentVersion.objects.create(
        document=doc,
        number=doc.version,
        data=audit.snapshot(doc, SNAPSHOT),
        note=note,
        created_by=by if getattr(by, "pk", None) else None,
    )


def publication_clock(doc: Document) -> Clock | None:
    return clock.clocks_of(doc).filter(purpose=CLOCK_PURPOSE).order_by("-id").first()


def start_publication_clock(doc: Document) -> Clock:
    running = prepare_publication_clock(doc)
    running.save()
    return running


def prepare_publication_clock(doc: Document) -> Clock:
    """The §26 clock of `doc`, not saved yet (an import saves a batch of them at once)."""
    # 条例 §26: 20 working days from the day the information is created (the day itself not counted).
    return clock.new(
        doc,
        purpose=CLOCK_PURPOSE,
        started_on=doc.created_on,
        limit=PUBLICATION_LIMIT,
        unit=Clock.WORKDAYS,
        jurisdiction_code=doc.agency.jurisdiction.code,
        scope_path=doc.scope_path,
        agency_id=doc.agency_id,
    )


def create_draft(agency: Agency, data: dict, *, by) -> Document:
    """Draft a document (草稿); its §26 clock starts from the 生成日期 if it is in the proactive scope."""
    _require(by, agency, "起草主动公开文件")
    fields = clean(agency, data)
    with transaction.atomic():
        doc = Document(
            agency=agency,
            scope_path=agency.scope_path,
            index_no=next_index_no(agency, fields["created_on"].year),
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        doc.save()
        _save_version(doc, by=by, note="起草")
        if doc.proactive:
            start_publication_clock(doc)
        audit.record(
            "disclosure.document.create", doc, actor=by, after=audit.snapshot(doc, SNAPSHOT)
        )
    return doc


def _locked(doc: Document) -> Document:
    return (
        Document.objects.select_for_update().select_related("agency__jurisdiction").get(pk=doc.pk)
    )


def edit_draft(doc: Document, data: dict, *, by) -> Document:
    """Change a draft (or a returned one); every save is a new version."""
    _require(by, doc.agency, "修改主动公开文件")
    fields = clean(doc.agency, data, partial=True)
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.DRAFT:
            raise Conflict("只有草稿可以修改；已发布的文件请使用“发布新版本”", code="not_draft")
        before = audit.snapshot(doc, SNAPSHOT)
        old_created, old_proactive = doc.created_on, doc.proactive
        for name, value in fields.items():
            setattr(doc, name, value)
        doc.version += 1
        doc.save()
        _save_version(doc, by=by, note="修改草稿")
        _follow_clock(doc, old_created, old_proactive)
        audit.record(
            "disclosure.document.edit",
            doc,
            actor=by,
            before=before,
            after=audit.snapshot(doc, SNAPSHOT),
        )
    return doc


def _follow_clock(doc: Document, old_created: dt.date, old_proactive: bool) -> None:
    running = publication_clock(doc)
    if running and running.state == Clock.STOPPED:
        running = None
    if doc.proactive and running is None:
        start_publication_clock(doc)
    elif not doc.proactive and running is not None:
        clock.stop(running, on=timezone.localdate())
    elif running is not None and doc.created_on != old_created:
        clock.restart(running, on=doc.created_on)


def _transition(
    doc: Document, *, by, frm: tuple, to: str, action: str, what: str, hook=None, **changes
) -> Document:
    """Move a document between statuses; `hook(doc)` runs inside the transaction before saving."""
    _require(by, doc.agency, what)
    fields = SNAPSHOT + ["status_reason", "published_late"]
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status not in frm:
            raise Conflict(
                f"该文件当前状态为“{doc.get_status_display()}”，不能{what}", code="bad_state"
            )
        before = audit.snapshot(doc, fields)
        doc.status = to
        for name, value in changes.items():
            setattr(doc, name, value)
        if hook is not None:
            hook(doc)
        doc.save()
        audit.record(action, doc, actor=by, before=before, after=audit.snapshot(doc, fields))
    return doc


def submit(doc: Document, *, by) -> Document:
    """Send a draft to 保密审查 (条例 §17: review before publication)."""
    return _transition(
        doc,
        by=by,
        frm=(Document.DRAFT,),
        to=Document.REVIEW,
        action="disclosure.document.submit",
        what="提交保密审查",
        status_reason="",
    )


def return_for_changes(doc: Document, reason: str, *, by) -> Document:
    """保密审查 not passed: back to the drafter with the reason."""
    return _transition(
        doc,
        by=by,
        frm=(Document.REVIEW,),
        to=Document.DRAFT,
        action="disclosure.document.return",
        what="退回修改",
        status_reason=_reason(reason),
    )


def publish(doc: Document, *, by, on: dt.date | None = None) -> Document:
    """保密审查 passed: publish. Stops the §26 clock and flags a publication after its due date."""
    on = on or timezone.localdate()

    def stop_clock(doc: Document) -> None:
        if on < doc.created_on:
            raise Invalid("发布日期不能早于生成日期", code="published_before_created", field="on")
        running = publication_clock(doc)
        if running is not None and running.state != Clock.STOPPED:
            doc.published_late = bool(running.due_date and on > running.due_date)
            clock.stop(running, on=on)
        search.changed(doc)

    return _transition(
        doc,
        by=by,
        frm=(Document.REVIEW,),
        to=Document.PUBLISHED,
        action="disclosure.document.publish",
        what="审查发布",
        hook=stop_clock,
        published_on=on,
        status_reason="",
    )


def withdraw(doc: Document, reason: str, *, by) -> Document:
    """撤回: take a published document off every public page, with the reason kept."""
    return _transition(
        doc,
        by=by,
        frm=(Document.PUBLISHED,),
        to=Document.WITHDRAWN,
        action="disclosure.document.withdraw",
        what="撤回",
        hook=search.removed,
        status_reason=_reason(reason),
    )


def change_validity(
    doc: Document,
    validity: str,
    reason: str,
    *,
    by,
    replaced_by: Document | None = None,
    on: dt.date | None = None,
) -> Document:
    """Repeal, amend or expire a published document (有效性), linking the replacing document."""
    _require(by, doc.agency, "变更有效性")
    if validity not in dict(Document.VALIDITIES) or validity == Document.VALID:
        raise Invalid("有效性应为已修改、已废止或已失效", code="validity_invalid", field="validity")
    reason = _reason(reason)
    on = on or timezone.localdate()
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.PUBLISHED:
            raise Conflict("只有已发布的文件可以变更有效性", code="bad_state")
        if replaced_by is not None:
            if replaced_by.pk == doc.pk:
                raise Invalid("替代文件不能是本文件", code="replaced_by_self", field="replaced_by")
            if replaced_by.status != Document.PUBLISHED:
                raise Invalid(
                    "替代文件须为已发布文件", code="replaced_by_unpublished", field="replaced_by"
                )
        before = audit.snapshot(doc, SNAPSHOT + ["validity_reason", "replaced_by_id"])
        doc.validity = validity
        doc.validity_reason = reason
        doc.validity_changed_on = on
        doc.replaced_by = replaced_by
        doc.save()
        audit.record(
            "disclosure.document.validity",
            doc,
            actor=by,
            before=before,
            after=audit.snapshot(doc, SNAPSHOT + ["validity_reason", "replaced_by_id"]),
        )
        search.changed(doc)
    return doc


def new_version(doc: Document, data: dict, note: str, *, by) -> Document:
    """A corrected version of a published document: it stays published, the old version is kept."""
    _require(by, doc.agency, "发布新版本")
    fields = clean(doc.agency, data, partial=True)
    fields.pop("created_on", None)  # the 生成日期 of a published document does not move
    note = _reason(note, what="修订说明")
    with transaction.atomic():
        doc = _locked(doc)
        if doc.status != Document.PUBLISHED:
            raise Conflict("只有已发布的文件可以发布新版本", code="bad_state")
        before = audit.snapshot(doc, SNAPSHOT)
        for name, value in fields.items():
            setattr(doc, name, value)
        doc.version += 1
        doc.save()
        _save_version(doc, by=by, note=note)
        audit.record(
            "disclosure.document.new_version",
            doc,
            actor=by,
            before=before,
            after=audit.snapshot(doc, SNAPSHOT),
        )
        search.changed(doc)
    return doc


def _reason(text: str, *, what: str = "理由") -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(f"请填写{what}", code="reason_required", field="reason")
    if len(text) > 300:
        raise Invalid(f"{what}不能超过300字", code="reason_too_long", field="reason")
    return text


def add_attachment(doc: Document, name: str, data: bytes, *, by) -> Attachment:
    """An attachment, accepted only if its bytes are PDF, OFD, DOCX, XLSX or an image, within the size limit."""
    _require(by, doc.agency, "上传附件")
    kind = files.checked(data)
    doc = Document.objects.select_related("agency", "column").get(pk=doc.pk)
    if doc.status == Document.WITHDRAWN:
        raise Conflict("已撤回的文件不能再上传附件", code="bad_state")
    display = (name or "附件").replace("/", "_").replace("\\", "_").strip()[:200] or "附件"
    with transaction.atomic():
        att = Attachment(
            document=doc,
            original_name=display,
            content_type=kind[0],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            text=files.extract_text(kind, data),
        )
        att.file.save(f"{uuid.uuid4().hex}{kind[1]}", ContentFile(data), save=False)
        att.save()
        audit.record(
            "disclosure.attachment.add",
            att,
            actor=by,
            after=audit.snapshot(
                att, ["document_id", "original_name", "content_type", "size", "sha256"]
            ),
        )
        if doc.status == Document.PUBLISHED:
            search.changed(doc)
    return att


# --- guide, rules, gazette, columns ----------------------------------------------------------


def guide_from_agency(agency: Agency) -> dict:
    """The guide's fields generated from the agency's data (条例 §12¶2)."""
    office = agency.disclosure_office or f"{agency.name}办公室"
    groups = Column.objects.filter(agency=agency, parent__isnull=True).order_by("order")
    classification = "本机关主动公开的政府信息按以下栏目编排：" + "；".join(
        f"{g.name}（{'、'.join(c.name for c in g.children.order_by('order')[:30])}）"
        for g in groups
    )
    # The agency's own contact, else its site's 网站信息 (portal/sites.py), never an invented one.
    site = sites.shown(agency.jurisdiction)
    internet = (
        "；".join(x for x in [agency.website, agency.email or site.email] if x)
        or "通过本网站“政府信息公开申请”栏目在线提交"
    )
    return {
        "classification": classification or "按条例第二十条所列事项编排。",
        "how_to_obtain": (
            "主动公开的政府信息通过本机关政府信息公开专栏、政府公报、新闻发布会以及报刊、广播、电视等"
            "途径公开（条例第二十三条），并在国家档案馆、公共图书馆、政务服务场所设置的查阅点提供查阅"
            "（条例第二十五条）。信息形成或变更之日起20个工作日内予以公开（条例第二十六条）。"
        ),
        "office_name": office,
        "address": agency.address or site.address or "（未登记）",
        "office_hours": agency.office_hours or "工作日",
        "phone": agency.phone or site.phone or "（未登记）",
        "fax": agency.fax,
        "internet": internet,
        "how_to_request": (
            "公民、法人或者其他组织可通过本网站“依申请公开”栏目在线提交，或以信函、传真、当面提交"
            "书面申请（条例第二十九条）。申请应包括申请人姓名或名称、身份证明、联系方式，所需政府信息的"
            "名称、文号或便于查询的其他特征性描述，以及获取信息的方式和途径。本机关自收到申请之日起"
            "20个工作日内予以答复；需要延长的，经负责人同意并告知申请人，延长不超过20个工作日"
            "（条例第三十三条）。"
        ),
        "remedies": (
            "申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开"
            "工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。"
        ),
    }


def revise_guide(agency: Agency, *, by, overrides: dict | None = None) -> GuideRevision:
    """A new dated revision of the guide, generated from the agency's data (kept with all earlier ones)."""
    _require(by, agency, "修订政府信息公开指南")
    fields = guide_from_agency(agency)
    for name, value in (overrides or {}).items():
        if name in fields and str(value or "").strip():
            fields[name] = str(value).strip()
    for name in ("office_name", "address", "office_hours", "phone", "internet"):
        if len(fields[name]) > GuideRevision._meta.get_field(name).max_length:
            raise Invalid("填写内容过长", code="too_long", field=name)
    with transaction.atomic():
        revision = GuideRevision.objects.create(
            agency=agency,
            scope_path=agency.scope_path,
            revised_on=timezone.localdate(),
            created_by=by if getattr(by, "pk", None) else None,
            **fields,
        )
        audit.record(
            "disclosure.guide.revise",
            revision,
            actor=by,
            after=audit.snapshot(revision, ["agency_id", "revised_on", "office_name", "phone"]),
        )
    return revision


def save_rules(agency: Agency, body: str, *, by) -> RulesPage:
    """Edit the 政府信息公开制度 page."""
    _require(by, agency, "编辑政府信息公开制度")
    body = (body or "").strip()
    if not body:
        raise Invalid("请填写制度正文", code="body_required", field="body")
    with transaction.atomic():
        page = RulesPage.objects.select_for_update().filter(agency=agency).first()
        before = audit.snapshot(page, ["body"]) if page else None
        if page is None:
            page = RulesPage(agency=agency, scope_path=agency.scope_path)
        page.body = body
        page.updated_by = by if getattr(by, "pk", None) else None
        page.save()
        audit.record(
            "disclosure.rules.save",
            page,
            actor=by,
            before=before,
            after=audit.snapshot(page, ["body"]),
        )
    return page


def create_gazette_issue(
    jurisdiction: Jurisdiction,
    year: int,
    number: int,
    documents: list[Document],
    *,
    by,
    published_on: dt.date | None = None,
) -> GazetteIssue:
    """An issue of the government's 政府公报, collecting published documents of its jurisdiction."""
    if not scopes.covers(by, agency_id=None, path=jurisdiction.path, roles=[Role.OPENNESS_ADMIN]):
        gov = Agency.objects.filter(jurisdiction=jurisdiction, kind=Agency.GOVERNMENT).first()
        if gov is None or not scopes.covers(
            by, agency_id=gov.pk, path=gov.scope_path, roles=DISCLOSURE_ROLES
        ):
            raise NotAllowed("您没有编辑本级政府公报的权限")
    if not 2000 <= year <= 2099 or not 1 <= number <= 366:
        raise Invalid("年份或期号不正确", code="issue_invalid", field="number")
    bad = [
        d
        for d in documents
        if d.status != Document.PUBLISHED or not d.scope_path.startswith(jurisdiction.path)
    ]
    if bad:
        raise Invalid(
            f"“{bad[0].title}”不是本辖区已发布的文件", code="document_invalid", field="documents"
        )
    with transaction.atomic():
        if GazetteIssue.objects.filter(
            jurisdiction=jurisdiction, year=year, number=number
        ).exists():
            raise Conflict(f"{year}年第{number}期公报已存在", code="issue_exists")
        issue = GazetteIssue.objects.create(
            jurisdiction=jurisdiction,
            scope_path=jurisdiction.path,
            year=year,
            number=number,
            published_on=published_on or timezone.localdate(),
        )
        issue.documents.set(documents)
        audit.record(
            "disclosure.gazette.create",
            issue,
            actor=by,
            after={"year": year, "number": number, "documents": [d.pk for d in documents]},
        )
    return issue


def ensure_columns(agency: Agency) -> int:
    """Seed the standard catalogue of an agency (idempotent). Returns how many columns were made."""
    by_code = dict(Column.objects.filter(agency=agency).values_list("code", "pk"))
    rows = [
        r for r in catalogue.standard_columns(agency.jurisdiction.level) if r["code"] not in by_code
    ]
    made = 0
    for parents in (True, False):  # groups first, so children can point at them
        batch = [
            Column(
                agency=agency,
                parent_id=by_code.get(r["parent_code"]),
                code=r["code"],
                name=r["name"],
                basis=r["basis"],
                order=r["order"],
                scope_path=agency.scope_path,
            )
            for r in rows
            if (not r["parent_code"]) == parents
        ]
        for column in Column.objects.bulk_create(batch):
            by_code[column.code] = column.pk
        made += len(batch)
    return made
