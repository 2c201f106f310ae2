"""单项否决 (国办秘函〔2019〕19号 as reproduced in domain-rules-trading-sites-archive §2.2): each
indicator over all sites at once; any hit fails the site. Thresholds are settings (settings.py,
"网站检查"), their defaults the rule's numbers."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, IntegerField, Q, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from zhengwu.core.times import BEIJING
from zhengwu.interaction.models import Mailbox, Message
from zhengwu.services.models import Item
from zhengwu.websites.models import Site

from . import freshness
from .context import Context, Hit
from .models import Finding

V = Finding.VETO


def unreachable(ctx: Context) -> Iterable[Hit]:
    """2. 站点无法访问: the platform's own health probe (/healthz) at check time."""
    if ctx.probe_ok:
        return
    for s in ctx.sites:
        yield Hit(s.pk, "unreachable", "站点无法访问", V, "检查时平台健康探测未通过", s.home)


def home_stale(ctx: Context) -> Iterable[Hit]:
    """3. 首页不更新: no article of the site nor document of its bodies published in the
    ZHENGWU_SITE_HOME_DAYS (14) days before the check day. An item without a date never counts."""
    days = settings.ZHENGWU_SITE_HOME_DAYS
    since = ctx.days_before(days)
    docs = freshness.newest_document(ctx)
    cols = freshness.columns(ctx)
    for s in ctx.sites:
        dates = [c.last for c in cols.get(s.pk, []) if c.pk is not None and c.last]
        if s.pk in docs:
            dates.append(docs[s.pk])
        newest = max(dates, default=None)
        if newest is None or newest <= since:
            when = f"最近一次更新为{newest:%Y年%m月%d日}" if newest else "从未发布信息"
            yield Hit(
                s.pk, "home_stale", "首页不更新", V, f"首页{days}天内无新信息，{when}", s.home
            )


def columns_stale(ctx: Context) -> Iterable[Hit]:
    """4. 栏目不更新: (a) 动态要闻 not updated in 2 weeks and 通知公告/政策文件 in 6 months, together
    ≥ 5 columns; (b) ≥ 10 columns that should be updated (an update period) not updated; (c) ≥ 5
    empty columns (opened, never carried content)."""
    for s in ctx.sites:
        cols = freshness.columns(ctx).get(s.pk, [])
        stale = [c for c in cols if freshness.is_stale(ctx, c)]
        key_stale = [c for c in stale if freshness.kind_of(c)]
        empty = [c for c in cols if c.empty]
        groups = [
            (
                key_stale,
                settings.ZHENGWU_SITE_STALE_KEY_COLUMNS,
                "动态要闻、通知公告、政策文件栏目",
            ),
            (stale, settings.ZHENGWU_SITE_STALE_COLUMNS, "应更新栏目"),
            (empty, settings.ZHENGWU_SITE_EMPTY_COLUMNS, "空白栏目"),
        ]
        for found, limit, what in groups:
            if len(found) < limit:
                continue
            for c in found:
                state = "从未发布信息" if c.empty else f"最近一次更新为{c.last:%Y年%m月%d日}"
                yield Hit(
                    s.pk,
                    "columns_stale",
                    "栏目不更新",
                    V,
                    f"{what}共{len(found)}个（达到{limit}个）：“{c.name}”{state}",
                    s.column_page(c.key),
                    object_type="websites.sitecolumn",
                    object_id=c.pk,
                )


def consultation_unanswered(ctx: Context) -> Iterable[Hit]:
    """5(b). Within the year before the check, a 政务咨询 message left unanswered for more than
    3 months (ZHENGWU_SITE_CONSULT_MONTHS): still open after that, or answered after it.
    Letters handled as 信访 are excluded (在线访谈、调查征集、网上信访 and 纪检举报 do not count)."""
    months = settings.ZHENGWU_SITE_CONSULT_MONTHS
    year_ago = ctx.at_start(ctx.months_before(12))
    rows = Message.objects.filter(
        kind=Message.CONSULT,
        is_petition=False,
        submitted_at__gte=year_ago,
        submitted_at__lt=ctx.at_start(ctx.months_before(months)),
        state__in=[Message.SUBMITTED, Message.ACCEPTED, Message.REPLIED],
    ).values_list("pk", "agency_id", "submitted_at", "state", "replied_on")
    late: dict[int, list[tuple]] = {}
    for pk, agency, submitted, state, replied in rows:
        submitted_on = submitted.astimezone(BEIJING).date()
        limit = _add_months(submitted_on, months)
        if state == Message.REPLIED and replied is not None and replied <= limit:
            continue
        late.setdefault(agency, []).append((pk, submitted_on, replied))
    for s in ctx.sites:
        for a in ctx.bodies(s):
            for pk, submitted_on, replied in late.get(a, []):
                how = f"于{replied:%Y年%m月%d日}才答复" if replied else "至今未答复"
                yield Hit(
                    s.pk,
                    "consultation_unanswered",
                    "互动回应差（政务咨询超过3个月未答复）",
                    V,
                    # the letter's words are the writer's: never in a finding (the API is public)
                    f"一条{submitted_on:%Y年%m月%d日}提交的咨询留言{how}",
                    f"{s.prefix}/hdjl/messages/",
                    object_type="interaction.message",
                    object_id=pk,
                )


def _add_months(day, months: int):
    month = day.month + months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# The sites whose 我要写信 writes to the nearest level above (interaction.queries.mailboxes_of).
FALLBACK_SITES = (Site.TOWNSHIP, Site.VILLAGE)


def no_channel(ctx: Context) -> Iterable[Hit]:
    """5(a). No working online consultation channel: the site's 我要写信 page takes letters when
    a mailbox is open at its level or, for a township or village, at the nearest level above
    (interaction.queries.mailboxes_of, the same rule); a department site uses its government's
    unified platform (国办发〔2017〕47号)."""
    try:
        reverse("interaction-write")
        page_exists = True
    except NoReverseMatch:
        page_exists = False
    open_at = set(
        Mailbox.objects.filter(is_active=True).values_list("agency__jurisdiction__path", flat=True)
    )
    for s in ctx.sites:
        codes = s.scope_path.strip("/").split("/")
        reach = range(1, len(codes) + 1) if s.level in FALLBACK_SITES else [len(codes)]
        paths = {"/".join(codes[:n]) + "/" for n in reach}
        if page_exists and paths & open_at:
            continue
        yield Hit(
            s.pk,
            "no_channel",
            "互动回应差（无有效咨询渠道）",
            V,
            "网站没有可用的在线咨询建议渠道：本级尚未开通信箱，“我要写信”无法提交留言",
            f"{s.prefix}/hdjl/write/",
        )


# The 8 key elements of a 办事指南 (§2.2 item 6): name, basis, conditions, materials, place,
# hours, phone, procedure; the service catalogue's fields for each.
GUIDE_FIELDS = {
    "name": "事项名称",
    "legal_basis": "设定依据",
    "conditions": "申请条件",
    "location": "办理地点",
    "hours": "办理时间",
    "consult": "联系电话",
    "procedure": "办理流程",
}


def _missing_expression():
    total = Value(0, output_field=IntegerField())
    for name in GUIDE_FIELDS:
        total = total + Count("pk", filter=Q(**{name: ""}), distinct=True)
    return total + Coalesce(Count("pk", filter=Q(materials__isnull=True), distinct=True), Value(0))


def services_missing(ctx: Context) -> Iterable[Hit]:
    """6. 服务不实用: (a) no 办事服务 at all, for the sites that must offer it (the portals,
    ZHENGWU_SITE_SERVICE_LEVELS; a department site without items is a department without
    external services, scored out of 75); (b) 办事指南 missing key elements: an item missing
    ≥ ZHENGWU_SITE_GUIDE_MISSING of the 8 is incomplete, and ≥ ZHENGWU_SITE_GUIDE_INCOMPLETE_ITEMS
    incomplete items fail the site (both unverified)."""
    counts = services_count(ctx)
    need = settings.ZHENGWU_SITE_GUIDE_MISSING
    incomplete: dict[tuple[str, int], list[tuple]] = {}
    rows = (
        Item.objects.filter(state=Item.ACTIVE)
        .values("pk")
        .annotate(missing=_missing_expression())
        .filter(missing__gte=need)
        .values_list("pk", "name", "agency_id", "jurisdiction_id", "missing")
    )
    for pk, name, agency, j, missing in rows:
        incomplete.setdefault(("a", agency), []).append((pk, name, missing))
        incomplete.setdefault(("j", j), []).append((pk, name, missing))
    for s in ctx.sites:
        if counts.get(s.pk, 0) == 0:
            if s.level in settings.ZHENGWU_SITE_SERVICE_LEVELS:
                yield Hit(
                    s.pk,
                    "services_none",
                    "服务不实用（无办事服务）",
                    V,
                    "网站未提供任何办事服务事项",
                    f"{s.prefix}/zwfw/",
                )
            continue
        bad = incomplete.get(("a", s.agency_id) if s.agency_id else ("j", s.jurisdiction_id), [])
        if len(bad) >= settings.ZHENGWU_SITE_GUIDE_INCOMPLETE_ITEMS:
            for pk, name, missing in bad:
                yield Hit(
                    s.pk,
                    "services_guides",
                    "服务不实用（办事指南要素缺失）",
                    V,
                    f"办事指南“{name}”缺少{missing}类关键要素（达到{need}类）",
                    f"{s.prefix}/zwfw/guide/{pk}/",
                    object_type="services.item",
                    object_id=pk,
                )


def services_count(ctx: Context) -> dict[int, int]:
    """Site → its active service items (a government site: its jurisdiction's; a department
    site: its agency's)."""
    if "services" in ctx._cache:
        return ctx._cache["services"]
    by_j: dict[int, int] = {}
    by_a: dict[int, int] = {}
    for j, a, n in (
        Item.objects.filter(state=Item.ACTIVE)
        .values("jurisdiction_id", "agency_id")
        .annotate(n=Count("id"))
        .values_list("jurisdiction_id", "agency_id", "n")
    ):
        by_j[j] = by_j.get(j, 0) + n
        by_a[a] = by_a.get(a, 0) + n
    out = {
        s.pk: (by_a.get(s.agency_id, 0) if s.agency_id else by_j.get(s.jurisdiction_id, 0))
        for s in ctx.sites
    }
    ctx._cache["services"] = out
    return out
