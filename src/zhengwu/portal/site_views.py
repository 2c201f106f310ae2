"""Every site's 网站地图 and 联系我们, the 大字版 switch, and the workbench page where a
政务公开办管理员 keeps each site's 网站信息 (portal/sites.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from zhengwu.core.errors import ServiceError
from zhengwu.org import queries as org_queries

from . import errors, pagecache, sites
from . import workbench as workbench_registry
from .context_processors import LARGE
from .pagecache import TEXT_SIZE_COOKIE
from .views import site_of, site_prefix

# The 网站地图's columns: (heading, [(page, path under the site)]); every path is a page of the
# site (tests/portal/test_frame.py opens each).
COLUMNS = [
    (
        "政府信息公开",
        [
            ("政府信息公开专栏", "/xxgk/"),
            ("政府信息公开申请", "/xxgk/apply/"),
            ("政府信息公开申请查询", "/xxgk/apply/track/"),
            ("政府公报", "/xxgk/gazette/"),
        ],
    ),
    (
        "政务服务",
        [
            ("办事指南与在线办理", "/zwfw/"),
            ("办件查询", "/zwfw/track/"),
            ("证照文书核验", "/zwfw/verify/"),
        ],
    ),
    ("公共资源交易", [("交易公告与公示", "/ggzy/")]),
    (
        "互动交流",
        [
            ("互动交流", "/hdjl/"),
            ("我要写信", "/hdjl/write/"),
            ("留言查询", "/hdjl/track/"),
            ("留言选登", "/hdjl/messages/"),
            ("留言办理统计", "/hdjl/stats/"),
            ("在线访谈", "/hdjl/interviews/"),
            ("民意征集", "/hdjl/consultations/"),
            ("征集调查", "/hdjl/surveys/"),
            ("行政投诉", "/hdjl/complain/"),
            ("民意汇报", "/hdjl/reports/"),
        ],
    ),
    (
        "监督",
        [
            ("电子监察统计", "/jd/"),
            ("规划目标完成情况", "/jd/targets/"),
            ("差评整改", "/jd/ratings/"),
            ("考核结果公开", "/jd/assessment/"),
        ],
    ),
    (
        "网站服务",
        [("站内检索", "/search/"), ("联系我们", "/lxwm/")],
    ),
]
# Pages of the platform itself, the same on every site.
PLATFORM_PAGES = [("办理期限计算", "/tools/deadline/"), ("开放接口", "/api/v1/docs")]


def _no_tags(*args, **kwargs):
    return []  # the 网站信息 and the organisations move with pagecache.ORG_TAG


@pagecache.public_page(_no_tags)
def sitemap(request, code=None):
    """网站地图: the site's columns and pages, its agencies and its lower-level sites."""
    j = site_of(code)
    prefix = site_prefix(j)
    columns = [
        (heading, [(name, f"{prefix}{path}") for name, path in pages]) for heading, pages in COLUMNS
    ]
    return render(
        request,
        "portal/sitemap.html",
        {
            "j": j,
            "prefix": prefix,
            "columns": columns,
            "site_columns": workbench_registry.site_columns(j),
            "platform_pages": PLATFORM_PAGES,
            "agencies": org_queries.agencies(j).order_by("kind", "name"),
            "children": j.children.order_by("code"),
        },
    )


@pagecache.public_page(_no_tags)
def contact(request, code=None):
    """联系我们: the site's 网站信息 (its own, or inherited: portal/sites.py)."""
    j = site_of(code)
    return render(
        request,
        "portal/contact.html",
        {"j": j, "prefix": site_prefix(j), "profile": sites.shown(j)},
    )


def text_size(request):
    """大字版 on or off (the header's switch without script): a cookie, then back to the page."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.GET.get("size") == LARGE:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            LARGE,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response


# --- the workbench: 网站信息 ---------------------------------------------------------------------


def _admin_or_403(request):
    if not sites.may_edit_any(request.user):
        return errors.page(request, 403, text="网站信息由政务公开办管理员维护。")
    return None


@login_required
def wb_sites(request):
    refused = _admin_or_403(request)
    if refused:
        return refused
    code = request.GET.get("code", "").strip()
    if code:  # a township or village site, opened by its 区划代码
        return redirect(f"/workbench/sites/{code}/") if code.isdigit() else redirect(request.path)
    return render(request, "portal/wb_sites.html", {"sites": sites.editable_sites(request.user)})


@login_required
def wb_site(request, code):
    refused = _admin_or_403(request)
    if refused:
        return refused
    try:
        j = sites.site_to_edit(request.user, code)
    except ServiceError:
        raise Http404("该站点不存在或不在您的管辖范围内") from None
    own = getattr(j, "site_profile", None)
    values = {name: getattr(own, name, "") for name in sites.FIELDS}
    error, status = None, 200
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in sites.FIELDS}
        try:
            sites.save(j, values, by=request.user)
        except ServiceError as e:
            error, status = e, e.status
        else:
            messages.success(request, f"{j.name}网站信息已保存。")
            return redirect(f"/workbench/sites/{j.code}/")
    shown = sites.shown(j)
    rows = [
        {
            "name": name,
            "label": label,
            "value": values[name],
            "hint": sites.HINTS.get(name, ""),
            "inherited": shown.inherited_from.get(name) if not values[name] else None,
            "inherited_value": getattr(shown, name) if not values[name] else "",
            "long": name == "contact_note",
        }
        for name, label in sites.FIELDS.items()
    ]
    return render(
        request,
        "portal/wb_site.html",
        {"j": j, "prefix": site_prefix(j), "rows": rows, "error": error},
        status=status,
    )
