from django.conf import settings

from zhengwu.org.models import Jurisdiction


def site(request):
    """The jurisdiction whose site this page belongs to (from /site/<code>/, else the root)."""
    code = getattr(request, "resolver_match", None) and request.resolver_match.kwargs.get("code")
    site_jurisdiction = None
    if code:
        site_jurisdiction = Jurisdiction.objects.filter(code=code).first()
    if site_jurisdiction is None:
        site_jurisdiction = getattr(request, "_zw_root", None)
        if site_jurisdiction is None:
            site_jurisdiction = Jurisdiction.objects.filter(
                code=settings.ZHENGWU_ROOT_JURISDICTION
            ).first()
            request._zw_root = site_jurisdiction
    return {"site_jurisdiction": site_jurisdiction}
