"""The guide (指南), the rules page (制度), the gazette (政府公报) and the standard catalogue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from zhengwu.core import audit
from zhengwu.core.errors import Conflict, Invalid
from zhengwu.org import permissions
from zhengwu.org.models import Agency, Jurisdiction
from zhengwu.portal import sites

from .. import catalogue
from ..models import (
    Column,
    Document,
    GazetteIssue,
    GuideRevision,
    RulesPage,
)


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
    permissions.require(by, "disclosure.guide.revise", agency_id=agency.pk, path=agency.scope_path)
    fields = guide_from_agency(agency)
    for name, value in (overrides or {}).items():
        if name in fields and str(value or "").strip():
            fields[name] = str(value).strip()
    for name in ("office_name", "address", "office_hours", "phone", "internet"):
        db_field = GuideRevision._meta.get_field(name)
        limit = db_field.max_length if isinstance(db_field, Field) else None
        if limit and len(fields[name]) > limit:
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
    permissions.require(by, "disclosure.rules.save", agency_id=agency.pk, path=agency.scope_path)
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
    gov = Agency.objects.filter(jurisdiction=jurisdiction, kind=Agency.GOVERNMENT).first()
    permissions.require(
        by,
        "disclosure.gazette.create",
        agency_id=gov.pk if gov else None,
        path=jurisdiction.path,
    )
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
