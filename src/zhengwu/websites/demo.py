"""The demo's sites: every government (州, counties, townships, villages) and every department of
the 州 and counties gets its site and columns (opening.open_sites), then content so each passes
the site check: 动态要闻 within the last 10 days, 通知公告 within 3 months, 概况 and 机构职能
filled, leaders named. 概况 is written from the real divisions (name, code, the units under it);
no figure is invented; every leader is a clearly marked demo name. Dates are relative to today
in Beijing. A site that has content already is left alone (a second run adds nothing).

Everything is written with bulk_create (about 2,000 sites): the demo build must stay fast."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from zhengwu.core.times import now_in_beijing
from zhengwu.org.models import Jurisdiction

from .models import Article, Leader, Site, SiteColumn
from .opening import open_sites

SURNAMES = "彭向田龙石吴杨麻张王梁滕"
LEVEL_WORDS = {
    Site.PREFECTURE: "州",
    Site.COUNTY: "县市",
    Site.TOWNSHIP: "乡镇（街道）",
    Site.VILLAGE: "村（社区）",
}
NEWS = [
    "召开政务公开工作推进会",
    "开展安全生产隐患排查",
    "部署冬春季森林防火工作",
    "推进“一件事一次办”改革",
    "召开优化营商环境工作调度会",
    "开展基层政务公开标准化规范化培训",
    "组织防范电信网络诈骗宣传",
    "推进乡村振兴重点项目建设",
]
NOTICES = [
    "关于做好元旦春节期间安全生产工作的通知",
    "关于开展政务服务满意度调查的通知",
    "关于规范政府网站信息发布工作的通知",
    "关于做好冬春季森林防火工作的通知",
]
TOPICS = ["政务公开专题", "优化营商环境专题", "乡村振兴专题"]

# The 地方各级人民代表大会和地方各级人民政府组织法 (§73 for a county's government, §76 for a
# township's), the functions a government's 机构职能 page states.
GOVERNMENT_DUTIES = (
    "执行本级人民代表大会及其常务委员会的决议，以及上级国家行政机关的决定和命令，规定行政措施，"
    "发布决定和命令；领导所属各工作部门和下级人民政府的工作；执行国民经济和社会发展规划、预算，"
    "管理本行政区域内的经济、教育、科学、文化、卫生、体育、城乡建设等事业和生态环境保护、"
    "自然资源、财政、民政、社会保障、公安、民族事务、司法行政、人口与计划生育等行政工作；"
    "保护社会主义的全民所有的财产和劳动群众集体所有的财产，保护公民私人所有的合法财产，"
    "维护社会秩序，保障公民的人身权利、民主权利和其他权利；办理上级国家行政机关交办的其他事项。"
)
TOWNSHIP_DUTIES = (
    "执行本级人民代表大会的决议和上级国家行政机关的决定和命令，发布决定和命令；执行本行政区域内的"
    "经济和社会发展计划、预算，管理本行政区域内的经济、教育、科学、文化、卫生、体育等事业和生态环境"
    "保护、财政、民政、社会保障、公安、司法行政、人口与计划生育等行政工作；保护各种经济组织的合法"
    "权益；铸牢中华民族共同体意识，保障少数民族的权利和尊重少数民族的风俗习惯；办理上级人民政府"
    "交办的其他事项。"
)


def _demo_name(n: int) -> str:
    return f"{SURNAMES[n % len(SURNAMES)]}某（演示）"


def _children_text(j: Jurisdiction, children: list[Jurisdiction]) -> str:
    if not children:
        return ""
    kind = "乡镇（街道）" if j.level == Jurisdiction.COUNTY else "村（社区）"
    if j.level == Jurisdiction.PREFECTURE:
        kind = "县市"
    names = "、".join(c.name for c in children)
    return f"\n\n下辖{kind}{len(children)}个：{names}。"


def _overview(j: Jurisdiction, parent: Jurisdiction | None, children: list) -> str:
    where = f"隶属{parent.name}，" if parent else ""
    return (
        f"{j.name}，行政区划代码{j.code}，{where}是本网站的主办区划。"
        f"{_children_text(j, children)}\n\n本页内容依据国家统计局统计用区划代码整理。"
    )


def _post(site: Site, j: Jurisdiction, n: int) -> str:
    if site.level == Site.PREFECTURE:
        return "州人民政府州长" if n == 0 else "州人民政府副州长"
    if site.level == Site.COUNTY:
        head = "市长" if j.name.endswith("市") else "县长"
        return f"{j.government_name}{head if n == 0 else '副' + head}"
    if site.level == Site.TOWNSHIP:
        head = "主任" if j.name.endswith("街道") else ("镇长" if j.name.endswith("镇") else "乡长")
        return f"{j.government_name}{head if n == 0 else '副' + head}"
    if site.level == Site.VILLAGE:
        return "村（居）民委员会主任" if n == 0 else "村（居）民委员会委员"
    return "主要负责人" if n == 0 else "班子成员"


def _department_site_codes() -> None:
    """Demo 网站标识码 for the departments' sites, as portal/demo.py gives the governments':
    10 characters, "DM", the division code and the department's number there."""
    numbered: dict[int, int] = defaultdict(int)
    sites = list(Site.objects.filter(agency__isnull=False).order_by("jurisdiction_id", "agency_id"))
    for site in sites:
        numbered[site.jurisdiction_id] += 1
        if not site.site_code:
            code = site.scope_path.strip("/").split("/")[-1]
            site.site_code = f"DM{code}{numbered[site.jurisdiction_id]:02d}"
    Site.objects.bulk_update(sites, ["site_code"], batch_size=500)


@transaction.atomic
def build(stdout=None) -> None:
    say = stdout.write if stdout else (lambda s: None)
    opened = open_sites()
    _department_site_codes()
    now = now_in_beijing()
    have = set(Article.objects.values_list("site_id", flat=True).distinct())
    sites = list(
        Site.objects.exclude(pk__in=have).select_related("jurisdiction", "agency").order_by("pk")
    )
    if not sites:
        say(f"政府网站：新开通 {opened} 个，内容已在")
        return
    columns: dict[int, dict[str, SiteColumn]] = defaultdict(dict)
    for c in SiteColumn.objects.filter(site__in=[s.pk for s in sites]):
        columns[c.site_id][c.key] = c
    jurisdictions = {j.pk: j for j in Jurisdiction.objects.all()}
    children: dict[int, list[Jurisdiction]] = defaultdict(list)
    for j in sorted(jurisdictions.values(), key=lambda x: x.code):
        if j.parent_id:
            children[j.parent_id].append(j)
    articles: list[Article] = []
    leaders: list[Leader] = []

    def add(site, key, title, body, days_ago, hour=9):
        column = columns[site.pk].get(key)
        if column is None:
            return
        at = (now - dt.timedelta(days=days_ago)).replace(hour=hour, minute=30, second=0)
        at = min(at, now)
        articles.append(
            Article(
                site=site,
                column=column,
                scope_path=site.scope_path,
                title=title,
                body=body,
                source=site.name.removesuffix("网站").removesuffix("门户"),
                status=Article.PUBLISHED,
                published_at=at,
            )
        )

    for n, site in enumerate(sites):
        j = jurisdictions[site.jurisdiction_id]
        parent = jurisdictions.get(j.parent_id) if j.parent_id else None
        owner = site.agency.name if site.agency is not None else j.government_name
        short = site.agency.name if site.agency is not None else j.name
        if site.level == Site.VILLAGE:
            add(site, "gk", f"{j.name}村情概况", _overview(j, parent, []), 60)
            quarter = (now.month - 1) // 3 + 1
            add(
                site,
                "cwgk",
                f"{j.name}{now.year}年第{quarter}季度村务公开",
                f"{j.name}村务监督委员会按季度公开本村党务、村务、财务事项，"
                "群众对公开内容有疑问的，可向村务监督委员会反映。",
                n % 20,
            )
            add(
                site,
                "tzgg",
                f"{j.name}关于召开村民代表会议的通知",
                "定于近期召开村民代表会议，议题为本村公益事业建设事项，请各位代表准时参加。",
                10 + n % 40,
            )
        else:
            if site.agency_id:
                duties = (
                    f"{owner}是{j.government_name}的工作部门，贯彻落实上级决策部署，"
                    "负责本行政区域内相关行政管理和公共服务工作。内设机构、职责分工和联系方式"
                    "以机构编制部门批复为准。"
                )
            elif site.level == Site.TOWNSHIP:
                duties = f"{owner}的主要职能：{TOWNSHIP_DUTIES}"
            else:
                duties = f"{owner}的主要职能：{GOVERNMENT_DUTIES}"
            add(site, "jgzn", f"{owner}机构职能", duties, 90)
            add(site, "gk", f"{j.name}概况", _overview(j, parent, children[j.pk]), 90)
            add(
                site,
                "dtyw",
                f"{short}{NEWS[n % len(NEWS)]}",
                f"近日，{short}{NEWS[n % len(NEWS)]}，对下一阶段工作作出安排。",
                n % 8,
                hour=10,
            )
            add(
                site,
                "dtyw",
                f"{short}{NEWS[(n + 3) % len(NEWS)]}",
                f"{short}{NEWS[(n + 3) % len(NEWS)]}，相关单位负责人参加。",
                15 + n % 10,
            )
            add(
                site,
                "tzgg",
                NOTICES[n % len(NOTICES)],
                f"各有关单位：现将有关事项通知如下，请结合实际认真抓好落实。\n\n{owner}",
                5 + n % 60,
            )
            add(
                site,
                "ztzl",
                TOPICS[n % len(TOPICS)],
                f"{short}{TOPICS[n % len(TOPICS)]}汇集相关政策文件、工作动态和解读材料。",
                120,
            )
        for k in range(2 if site.level != Site.VILLAGE else 1):
            leaders.append(
                Leader(
                    site=site,
                    scope_path=site.scope_path,
                    name=_demo_name(n + k),
                    post=_post(site, j, k),
                    cv="演示数据：本条领导信息为演示用，不对应真实人员。",
                    duties="负责全面工作。" if k == 0 else "协助主要负责人分管相关工作。",
                    order=k + 1,
                    status=Leader.PUBLISHED,
                    published_at=now - dt.timedelta(days=180),
                )
            )
    Article.objects.bulk_create(articles, batch_size=1000)
    Leader.objects.bulk_create(leaders, batch_size=1000)
    say(
        f"政府网站：{Site.objects.count()} 个（新开通 {opened} 个），"
        f"新发布信息 {len(articles)} 条、领导信息 {len(leaders)} 条"
    )
