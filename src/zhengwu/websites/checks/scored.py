"""扣分指标 (100 分) and 加分指标 (portals only, 20 分) of 国办秘函〔2019〕19号
(domain-rules-trading-sites-archive §2.3). Verified: 政策文件 stale 6 months −5, 办事统计 stale 3
months −2, 留言答复 stale 2 months −3 (国管局 2019 Q2 self-check). The other amounts are
settings marked unverified in settings.py. Each indicator's deductions are capped."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Q

from zhengwu.cases.models import Case
from zhengwu.disclosure.models import Document
from zhengwu.interaction.models import Consultation, Interview, Message, Survey
from zhengwu.websites.models import Site

from . import freshness
from .context import PORTALS, Context, Hit
from .models import Finding
from .vetoes import services_count

D, B = Finding.DEDUCT, Finding.BONUS


def policy_stale(ctx: Context) -> Iterable[Hit]:
    """政策文件类一级栏目 not updated within 6 months → −5."""
    points = Decimal(settings.ZHENGWU_SITE_POLICY_STALE_POINTS)
    for s in ctx.sites:
        col = freshness.policy_columns(ctx).get(s.pk)
        if col is None or not freshness.is_stale(ctx, col):
            continue
        when = f"最近一次发布为{col.last:%Y年%m月%d日}" if col.last else "从未发布"
        yield Hit(
            s.pk,
            "policy_stale",
            "政策文件栏目更新",
            D,
            f"政策文件栏目6个月内未更新，{when}",
            f"{s.prefix}/xxgk/",
            points,
        )


def service_stats_stale(ctx: Context) -> Iterable[Hit]:
    """办事统计数据 not updated within 3 months → −2: the platform publishes the figures of the
    cases it receives, so they are stale when no case of the site's bodies was received in 3
    months (sites that offer services only)."""
    months = settings.ZHENGWU_SITE_SERVICE_STATS_MONTHS
    since = ctx.months_before(months)
    newest = ctx.per_site(
        dict(
            Case.objects.filter(received_on__lte=ctx.day)
            .values("agency_id")
            .annotate(last=Max("received_on"))
            .values_list("agency_id", "last")
        )
    )
    offered = services_count(ctx)
    points = Decimal(settings.ZHENGWU_SITE_SERVICE_STATS_POINTS)
    for s in ctx.sites:
        if not offered.get(s.pk):
            continue
        last = newest.get(s.pk)
        if last is None or last < since:
            when = f"最近一笔办件收件于{last:%Y年%m月%d日}" if last else "尚无办件"
            yield Hit(
                s.pk,
                "service_stats_stale",
                "办事统计数据更新",
                D,
                f"办事统计数据{months}个月内未更新，{when}",
                f"{s.prefix}/zwfw/",
                points,
            )


def replies_stale(ctx: Context) -> Iterable[Hit]:
    """留言答复 not updated within 2 months → −3 (sites that have received letters)."""
    months = settings.ZHENGWU_SITE_REPLY_MONTHS
    since = ctx.months_before(months)
    rows = (
        Message.objects.filter(submitted_at__lt=ctx.end)
        .values("agency_id")
        .annotate(
            n=Count("id"),
            last=Max("replied_on", filter=Q(state=Message.REPLIED, replied_on__lte=ctx.day)),
        )
        .values_list("agency_id", "n", "last")
    )
    received = ctx.per_site({a: n for a, n, _ in rows}, combine=sum)
    replied = ctx.per_site({a: last for a, _, last in rows})
    points = Decimal(settings.ZHENGWU_SITE_REPLY_POINTS)
    for s in ctx.sites:
        if not received.get(s.pk):
            continue
        last = replied.get(s.pk)
        if last is None or last < since:
            when = f"最近一次答复为{last:%Y年%m月%d日}" if last else "尚无答复"
            yield Hit(
                s.pk,
                "replies_stale",
                "留言答复更新",
                D,
                f"留言答复{months}个月内未更新，{when}",
                f"{s.prefix}/hdjl/messages/",
                points,
            )


def uninterpreted(ctx: Context) -> Iterable[Hit]:
    """Each policy document (规章, 行政规范性文件) of the year before the check without a
    published interpretation (unverified
    amount, capped). Documents and interpretations are linked both ways by construction (an
    interpretation belongs to its document), so 相互关联 is never missing."""
    points = Decimal(settings.ZHENGWU_SITE_UNINTERPRETED_POINTS)
    rows = (
        Document.objects.filter(
            status=Document.PUBLISHED,
            genre__in=freshness.POLICY_GENRES,
            published_on__gt=ctx.months_before(12),
            published_on__lte=ctx.day,
        )
        .annotate(n=Count("interpretations", filter=Q(interpretations__status="published")))
        .filter(n=0)
        .values_list("pk", "agency_id", "title")
    )
    by_agency: dict[int, list[tuple[int, str]]] = {}
    for pk, agency, title in rows:
        by_agency.setdefault(agency, []).append((pk, title))
    for s in ctx.sites:
        if s.pk not in freshness.policy_columns(ctx):
            continue
        for a in ctx.bodies(s):
            for pk, title in by_agency.get(a, []):
                yield Hit(
                    s.pk,
                    "uninterpreted",
                    "政策文件解读",
                    D,
                    f"政策文件“{title}”没有政策解读",
                    f"{s.prefix}/xxgk/doc/{pk}/",
                    points,
                    object_type="disclosure.document",
                    object_id=pk,
                )


def no_leaders(ctx: Context) -> Iterable[Hit]:
    """领导信息 column empty (unverified amount)."""
    points = Decimal(settings.ZHENGWU_SITE_NO_LEADERS_POINTS)
    for s in ctx.sites:
        for c in freshness.columns(ctx).get(s.pk, []):
            if c.key == "ldxx" and c.empty:
                yield Hit(
                    s.pk,
                    "no_leaders",
                    "领导信息",
                    D,
                    f"“{c.name}”栏目未发布领导信息",
                    s.column_page(c.key),
                    points,
                    object_type="websites.sitecolumn",
                    object_id=c.pk,
                )


def _held_in_year(ctx: Context, model, date_field: str, **filters) -> dict[int, int]:
    since = ctx.months_before(12)
    rows = (
        model.objects.filter(
            **filters, **{f"{date_field}__gt": since, f"{date_field}__lte": ctx.day}
        )
        .values("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    return ctx.per_site(dict(rows), combine=sum)


def no_survey(ctx: Context) -> Iterable[Hit]:
    """征集调查: none held in the year before the check (portals; unverified amount)."""
    consultations = _held_in_year(
        ctx, Consultation, "opens_on", state__in=["open", "closed", "feedback"]
    )
    surveys = _held_in_year(ctx, Survey, "opens_on", is_published=True)
    points = Decimal(settings.ZHENGWU_SITE_NO_SURVEY_POINTS)
    for s in ctx.sites:
        if s.level in PORTALS and not consultations.get(s.pk) and not surveys.get(s.pk):
            yield Hit(
                s.pk,
                "no_survey",
                "征集调查",
                D,
                "检查前一年内未开展征集调查",
                f"{s.prefix}/hdjl/consultations/",
                points,
            )


def no_site_code(ctx: Context) -> Iterable[Hit]:
    """功能设计: the footer shows no 政府网站标识码 (国办发〔2017〕47号; checked under 19号's 功能设计,
    CPXT19; unverified amount). A government site shows its own or its nearest ancestor's
    (portal.sites.shown); a department site only its own (Site.site_code)."""
    from zhengwu.portal.models import SiteProfile

    codes = dict(SiteProfile.objects.exclude(site_code="").values_list("scope_path", "site_code"))
    own = dict(
        Site.objects.filter(pk__in=[s.pk for s in ctx.sites])
        .exclude(site_code="")
        .values_list("pk", "site_code")
    )
    points = Decimal(settings.ZHENGWU_SITE_NO_CODE_POINTS)
    for s in ctx.sites:
        if s.agency_id:
            shown = own.get(s.pk)
        else:
            parts = s.scope_path.strip("/").split("/")
            paths = ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
            shown = next((codes[p] for p in reversed(paths) if p in codes), None)
        if not shown:
            yield Hit(
                s.pk,
                "no_site_code",
                "网站标识码",
                D,
                "网站页脚未显示政府网站标识码",
                s.home,
                points,
            )


def bonus(ctx: Context) -> Iterable[Hit]:
    """加分 (portals only): ≥ 6 在线访谈 in the year before the check, and 征集调查 whose
    采纳情况 was published (amounts unverified; 20 in all)."""
    since = ctx.at_start(ctx.months_before(12))
    rows = (
        Interview.objects.filter(is_published=True, starts_at__gte=since, starts_at__lt=ctx.end)
        .values("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    interviews = ctx.per_site(dict(rows), combine=sum)
    fed_back = _held_in_year(ctx, Consultation, "opens_on", state="feedback")
    need = settings.ZHENGWU_SITE_INTERVIEWS_FOR_BONUS
    for s in ctx.sites:
        if s.level not in PORTALS:
            continue
        n = interviews.get(s.pk, 0)
        if n >= need:
            yield Hit(
                s.pk,
                "bonus_interviews",
                "在线访谈",
                B,
                f"一年内举办在线访谈{n}期（不少于{need}期）",
                f"{s.prefix}/hdjl/interviews/",
                Decimal(settings.ZHENGWU_SITE_INTERVIEW_BONUS_POINTS),
            )
        if fed_back.get(s.pk):
            yield Hit(
                s.pk,
                "bonus_feedback",
                "征集调查结果反馈",
                B,
                f"一年内{fed_back[s.pk]}期征集公布了采纳情况",
                f"{s.prefix}/hdjl/consultations/",
                Decimal(settings.ZHENGWU_SITE_SURVEY_BONUS_POINTS),
            )
