"""The audit trail's words for the 政府网站 (`core.actions`): its actions and how its records are
named on the audit pages."""

from zhengwu.core import actions

for kind, what in (("article", "网站信息"), ("leader", "领导信息")):
    actions.register(f"websites.{kind}.create", f"撰写{what}")
    actions.register(f"websites.{kind}.edit", f"修改{what}")
    actions.register(f"websites.{kind}.submit", f"提交{what}审核")
    actions.register(f"websites.{kind}.return", f"退回{what}")
    actions.register(f"websites.{kind}.publish", f"审核发布{what}")
    actions.register(f"websites.{kind}.withdraw", f"撤回{what}")
actions.register("websites.site.code", "设置部门网站标识码")

STATES = {"draft": "草稿", "review": "待审核", "published": "已发布", "withdrawn": "已撤回"}
COMMON = {
    "status": ("状态", STATES),
    "status_reason": "退回/撤回理由",
    "reason": "理由",
    "published_at": "发布时间",
    "version": "版本",
    "site_id": ("网站", "websites.site"),
    "updated_at": None,
}


def _ids(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def article_names(ids: list[str]) -> dict[str, str]:
    from .models import Article

    rows = Article.objects.filter(pk__in=_ids(ids)).values_list("pk", "site__name", "title")
    return {str(pk): f"{site}：{title}" for pk, site, title in rows}


def leader_names(ids: list[str]) -> dict[str, str]:
    from .models import Leader

    rows = Leader.objects.filter(pk__in=_ids(ids)).values_list("pk", "site__name", "name", "post")
    return {str(pk): f"{site}：{name}（{post}）" for pk, site, name, post in rows}


def site_names(ids: list[str]) -> dict[str, str]:
    from .models import Site

    return {
        str(pk): name
        for pk, name in Site.objects.filter(pk__in=_ids(ids)).values_list("pk", "name")
    }


actions.subject(
    "websites.article",
    "网站信息",
    article_names,
    fields={
        **COMMON,
        "title": "标题",
        "body": "正文",
        "source": "来源",
        "author": "作者",
        "column_id": ("栏目", "websites.sitecolumn"),
    },
)
actions.subject(
    "websites.leader",
    "领导信息",
    leader_names,
    fields={
        **COMMON,
        "name": "姓名",
        "post": "职务",
        "cv": "简历",
        "duties": "工作分工",
        "order": "排序",
        "photo": "照片",
    },
)


def column_names(ids: list[str]) -> dict[str, str]:
    from .models import SiteColumn

    rows = SiteColumn.objects.filter(pk__in=_ids(ids)).values_list("pk", "site__name", "name")
    return {str(pk): f"{site}·{name}" for pk, site, name in rows}


actions.subject("websites.sitecolumn", "网站栏目", column_names)
actions.subject("websites.site", "政府网站", site_names, fields={"site_code": "网站标识码"})
