"""《政府网站工作年度报表》 (国办函〔2018〕12号; field list per domain-rules-trading-sites-archive
§2.5, itself unverified): the figures the platform has, generated from its data for one year;
the others (访问量, 安全防护, 移动新媒体 …) filled in by the office; published on the site by
31 January of the next year (ZHENGWU_SITE_REPORT_DUE; 湖南 uses 29 January: set it to 01-29)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhengwu.cases.models import Case
from zhengwu.core import audit
from zhengwu.core.errors import Invalid
from zhengwu.core.times import now_in_beijing
from zhengwu.disclosure.interpretation.models import Interpretation
from zhengwu.disclosure.models import Document
from zhengwu.interaction.models import Consultation, Interview, Message, Survey
from zhengwu.org import permissions
from zhengwu.portal import pagecache
from zhengwu.portal.sites import shown
from zhengwu.services.models import Item
from zhengwu.websites.models import Article, Site

from .models import AnnualReport

PAGE_KIND = "website_report"  # the public pages' cache tag (portal.pagecache)

# The fields the office fills in: (key, words, "number" | "yesno" | "text").
MANUAL = [
    ("visitors", "独立用户访问总量（个）", "number"),
    ("visits", "网站总访问量（次）", "number"),
    ("registered_users", "注册用户数", "number"),
    ("hot_responses", "回应公众关注热点或重大舆情数量（次）", "number"),
    ("security_tests", "安全检测评估次数", "number"),
    ("security_problems", "发现问题数量", "number"),
    ("security_fixed", "问题整改数量", "number"),
    ("monitoring", "是否建立安全监测预警机制", "yesno"),
    ("drills", "是否开展应急演练", "yesno"),
    ("security_owner", "是否明确网站安全负责人", "yesno"),
    ("smart_qa", "是否提供智能问答", "yesno"),
    ("weibo", "微博（名称、信息发布量、关注量）", "text"),
    ("wechat", "微信（名称、信息发布量、订阅数）", "text"),
    ("new_media_other", "其他移动新媒体", "text"),
    ("innovation", "创新发展（搜索即服务、多语言版本、无障碍浏览、千人千网等）", "text"),
]


def due_on(year: int) -> dt.date:
    month, day = (int(p) for p in settings.ZHENGWU_SITE_REPORT_DUE.split("-"))
    return dt.date(year + 1, month, day)


def _bodies(site: Site) -> Q:
    return Q(agency=site.agency) if site.agency_id else Q(agency__jurisdiction=site.jurisdiction)


def generate_data(site: Site, year: int) -> dict:
    j, agency = site.jurisdiction, site.agency
    profile = shown(j)
    prefix = "" if not j.parent_id else f"/site/{j.code}"
    home = f"{prefix}/bm/{agency.usci}/" if agency else f"{prefix}/"
    in_year = Q(published_at__year=year)
    articles = Article.objects.filter(in_year, site=site, status=Article.PUBLISHED)
    by_key = dict(
        articles.values("column__key").annotate(n=Count("id")).values_list("column__key", "n")
    )
    documents = Document.objects.filter(
        _bodies(site), status=Document.PUBLISHED, published_on__year=year
    ).count()
    interp = Interpretation.objects.filter(
        _bodies(site), status=Interpretation.PUBLISHED, published_on__year=year
    )
    forms = dict(interp.values("form").annotate(n=Count("id")).values_list("form", "n"))
    items = Item.objects.filter(state=Item.ACTIVE)
    items = items.filter(agency=site.agency) if site.agency_id else items.filter(jurisdiction=j)
    cases = Case.objects.filter(_bodies(site), received_on__year=year)
    msgs = Message.objects.filter(_bodies(site), submitted_at__year=year)
    spans = [
        (replied - accepted).days
        for accepted, replied in msgs.filter(
            state=Message.REPLIED, accepted_on__isnull=False, replied_on__isnull=False
        ).values_list("accepted_on", "replied_on")
        if accepted and replied
    ]
    consultations = Consultation.objects.filter(_bodies(site), opens_on__year=year).exclude(
        state="draft"
    )
    surveys = Survey.objects.filter(_bodies(site), opens_on__year=year, is_published=True)
    interviews = Interview.objects.filter(_bodies(site), starts_at__year=year, is_published=True)
    return {
        "header": {
            "网站名称": site.name,
            "首页网址": f"{settings.ZHENGWU_PUBLIC_URL.rstrip('/')}{home}",
            "主办单位": agency.name if agency else profile.sponsor,
            "网站类型": "部门网站" if site.agency_id else "政府门户网站",
            "政府网站标识码": getattr(site, "site_code", "")
            or ("" if site.agency_id else profile.site_code),
            "ICP备案号": profile.icp_number,
            "公安机关备案号": profile.police_number,
        },
        "信息发布": {
            "总数（条）": articles.count() + documents,
            "概况类信息更新量": by_key.get("gk", 0) + by_key.get("jgzn", 0),
            "政务动态信息更新量": by_key.get("dtyw", 0),
            "信息公开目录信息更新量": documents,
        },
        "专栏专题": {
            "维护数量（个）": Article.objects.filter(
                site=site, status=Article.PUBLISHED, column__key="ztzl"
            ).count(),
            "新开设数量（个）": by_key.get("ztzl", 0),
        },
        "解读回应": {
            "解读信息发布总数（条）": sum(forms.values()),
            "解读材料数量（条）": sum(forms.get(f, 0) for f in ("text", "qa", "expert", "leader")),
            "解读产品数量（个）": forms.get("graphic", 0) + forms.get("video", 0),
            "媒体评论文章数量（篇）": forms.get("media", 0),
        },
        "办事服务": {
            "是否发布服务事项目录": "是" if items.exists() else "否",
            "政务服务事项数量（项）": items.count(),
            "可全程在线办理政务服务事项数量（项）": items.filter(online=True).count(),
            "办件量（件）": cases.count(),
            "自然人办件量（件）": cases.filter(applicant_kind=Case.PERSON).count(),
            "法人办件量（件）": cases.filter(applicant_kind=Case.LEGAL).count(),
        },
        "互动交流": {
            "是否使用统一平台": "是",
            "收到留言数量（条）": msgs.count(),
            "办结留言数量（条）": msgs.filter(
                state__in=[Message.REPLIED, Message.DECLINED]
            ).count(),
            "平均办理时间（天）": round(sum(spans) / len(spans), 1) if spans else 0,
            "公开答复数量（条）": msgs.filter(publication=Message.PUBLISHED).count(),
            "征集调查期数（期）": consultations.count() + surveys.count(),
            "收到意见数量（条）": sum(
                consultations.annotate(n=Count("comments")).values_list("n", flat=True)
            ),
            "公布调查结果期数（期）": consultations.filter(state="feedback").count(),
            "在线访谈期数（期）": interviews.count(),
            "网民留言数量（条）": sum(
                interviews.annotate(n=Count("questions")).values_list("n", flat=True)
            ),
            "答复网民提问数量（条）": sum(
                interviews.annotate(
                    n=Count("questions", filter=Q(questions__state="answered"))
                ).values_list("n", flat=True)
            ),
        },
    }


def _require(by, action: str, site: Site) -> None:
    permissions.require(by, action, agency_id=site.agency_id, path=site.scope_path)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Invalid("年度应为四位数字", code="bad_year", field="year") from None
    if not 2011 <= year <= now_in_beijing().year:
        raise Invalid("年度应在2011年至今年之间", code="bad_year", field="year")
    return year


def generate(site: Site, year, *, by) -> AnnualReport:
    """(Re)generate the platform's figures; what the office filled in is kept."""
    _require(by, "website_checks.report_generated", site)
    year = _year(year)
    with transaction.atomic():
        report, _ = AnnualReport.objects.update_or_create(
            site=site,
            year=year,
            defaults={
                "scope_path": site.scope_path,
                "data": generate_data(site, year),
                "generated_at": timezone.now(),
                "updated_by": by,
            },
        )
        audit.record("website_checks.report_generated", report, actor=by, after={"year": year})
    return report


def save_manual(report: AnnualReport, values: dict, *, by) -> AnnualReport:
    _require(by, "website_checks.report_saved", report.site)
    clean = {}
    for key, label, kind in MANUAL:
        value = str(values.get(key) or "").strip()
        if kind == "number" and value:
            if not value.isdigit():
                raise Invalid(f"{label}应为不小于0的整数", code="bad_number", field=key)
            value = str(int(value))
        if kind == "yesno" and value not in ("", "是", "否"):
            raise Invalid(f"{label}请选择“是”或“否”", code="bad_choice", field=key)
        if len(value) > 300:
            raise Invalid(f"{label}不能超过300个字", code="too_long", field=key)
        clean[key] = value
    with transaction.atomic():
        before = dict(report.manual)
        report.manual, report.updated_by = clean, by
        report.save(update_fields=["manual", "updated_by"])
        audit.record("website_checks.report_saved", report, actor=by, before=before, after=clean)
        pagecache.bump(pagecache.kind_tag(PAGE_KIND))
    return report


def publish(report: AnnualReport, *, by) -> AnnualReport:
    _require(by, "website_checks.report_published", report.site)
    with transaction.atomic():
        report.published_at = timezone.now()
        report.published_late = now_in_beijing().date() > due_on(report.year)
        report.save(update_fields=["published_at", "published_late"])
        audit.record(
            "website_checks.report_published",
            report,
            actor=by,
            after={"year": report.year, "late": report.published_late},
        )
        pagecache.bump(pagecache.kind_tag(PAGE_KIND))
    return report


def manual_rows(report: AnnualReport) -> list[tuple[str, str, str, str]]:
    return [(key, label, kind, report.manual.get(key, "")) for key, label, kind in MANUAL]
