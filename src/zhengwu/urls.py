"""Every public page exists for the 州 at / and for each county, township and village under
/site/<code>/, from one set of URL patterns (each app's `site_urls`)."""

from importlib import import_module

from django.contrib import admin
from django.urls import include, path, register_converter

from zhengwu.api.urls import api
from zhengwu.core import captcha
from zhengwu.org import token_views
from zhengwu.org import views as org_views
from zhengwu.org.converters import USCIConverter
from zhengwu.portal import views as portal_views

# Apps whose pages exist on every sub-site: each has urls.py with `site_urlpatterns`
# (pages under /, and under /site/<code>/) and optionally `urlpatterns` (pages only at /).
register_converter(USCIConverter, "usci")

SITE_APPS = [
    "portal",
    "disclosure",
    "disclosure.requests",
    "disclosure.archive",
    "disclosure.interpretation",
    "disclosure.public_bodies",
    "services",
    "cases",
    "interaction",
    "ratings",
    "supervision",
    "assessment",
    "websites",
    "websites.checks",
    "oversight",
    "search",
    "org",
    "programmes",
    "trading",
]


def _site_app_patterns():
    site, root = [], []
    for app in SITE_APPS:
        try:
            module = import_module(f"zhengwu.{app}.urls")
        except ModuleNotFoundError as e:
            if e.name != f"zhengwu.{app}.urls":
                raise
            continue
        site += getattr(module, "site_urlpatterns", [])
        root += getattr(module, "urlpatterns", [])
    return site, root


site_patterns, root_patterns = _site_app_patterns()

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("site/<str:code>/", portal_views.home, name="site-home"),
    path("site/<str:code>/", include(site_patterns)),
    path("", include(site_patterns)),
    path("", include(root_patterns)),
    # The 公文库's §18 review (the archive's own pages are in its urls.py)
    path("tools/deadline/", portal_views.deadline, name="deadline"),
    path("workbench/", portal_views.workbench, name="workbench"),
    path("my/", portal_views.my, name="my"),
    path("workbench/org/staff/", org_views.staff_list, name="org-staff"),
    path("workbench/org/staff/<int:pk>/", org_views.staff_detail, name="org-staff-detail"),
    path("workbench/tokens/", token_views.own_tokens, name="tokens"),
    path("workbench/tokens/<int:pk>/revoke/", token_views.revoke, name="token-revoke"),
    path("workbench/org/tokens/", token_views.staff_tokens, name="org-tokens"),
    path("accounts/login/", org_views.login, name="login"),
    path("accounts/logout/", org_views.logout, name="logout"),
    path("accounts/register/", org_views.register, name="register"),
    path("accounts/totp/", org_views.totp, name="totp"),
    path("accounts/password/", org_views.password, name="password"),
    path("captcha/<str:token>.png", captcha.image_view, name="captcha"),
    path("healthz", org_views.healthz),
    path("api/v1/", api.urls),
    path("admin/login/", org_views.admin_login),  # one log in, one set of lockout rules
    path("admin/", admin.site.urls),
]

handler404 = "zhengwu.portal.errors.not_found"
handler403 = "zhengwu.portal.errors.forbidden"
handler400 = "zhengwu.portal.errors.bad_request"
handler500 = "zhengwu.portal.errors.server_error"
# handler429 does not exist: a 429 is `portal.errors.page(request, 429, …)` (throttles, lockout).
