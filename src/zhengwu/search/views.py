"""The search page of every site (/search/, /site/<code>/search/): a GET form, no JavaScript;
and the index's management page in the workbench (/workbench/search/)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from zhengwu.core.errors import ServiceError
from zhengwu.portal.views import site_of, site_prefix

from . import index, queries, services
from .models import ReindexRun

FIELDS = ("q", "jurisdiction", "agency", "kind", "column", "year")


def search(request, code: str | None = None):
    site = site_of(code)
    form = {name: request.GET.get(name, "").strip() for name in FIELDS}
    results, error, status = None, None, 200
    if form["q"] or "q" in request.GET:
        try:
            results = index.search(form["q"], **queries.filters_from(request.GET, site=site))
        except ServiceError as e:
            error, status = e.message, e.status
    base = {k: v for k, v in form.items() if v}
    pages = []
    if results and results.pages > 1:
        first = max(1, results.page - 4)
        for n in range(first, min(results.pages, first + 9) + 1):
            pages.append((n, "?" + urlencode({**base, "page": n})))
    context = {
        "j": site,
        "prefix": site_prefix(site),
        "form": form,
        "results": results,
        "error": error,
        "pages": pages,
        "prev_url": "?" + urlencode({**base, "page": results.page - 1})
        if results and results.page > 1
        else "",
        "next_url": "?" + urlencode({**base, "page": results.page + 1})
        if results and results.page < results.pages
        else "",
        "first_number": (results.page - 1) * results.page_size + 1 if results else 1,
        "capped": results.pages * results.page_size
        if results and results.total > results.pages * results.page_size
        else 0,
        "kinds": queries.kinds(),
        "columns": queries.columns(),
        "years": queries.years(),
        "agencies": queries.agencies(site),
        "subsites": site.children.order_by("code") if site.level != "village" else [],
    }
    return render(request, "search/search.html", context, status=status)


@login_required
def manage(request):
    """重建索引 — the index's size per kind, the runs and their progress, a button to re-index."""
    if not services.can_manage(request.user):
        raise PermissionDenied("只有政务公开办管理员可以管理检索索引")
    error, status = None, 200
    if request.method == "POST":
        try:
            services.start_reindex(request.POST.get("kind") or None, by=request.user)
        except ServiceError as e:
            error, status = e.message, e.status
        else:
            messages.success(request, "已提交重建索引任务，进度见下表")
            return redirect("search_manage")
    context = {
        "counts": queries.counts_by_kind(),
        "kinds": queries.kinds(),
        "runs": ReindexRun.objects.all()[:20],
        "error": error,
    }
    return render(request, "search/manage.html", context, status=status)
