from django.urls import path

from . import limit_views, site_views

site_urlpatterns = [
    path("wzdt/", site_views.sitemap, name="sitemap"),
    path("lxwm/", site_views.contact, name="contact"),
]

urlpatterns = [
    path("tools/text-size/", site_views.text_size, name="text-size"),
    path("workbench/sites/", site_views.wb_sites, name="site-profiles"),
    path("workbench/sites/<str:code>/", site_views.wb_site, name="site-profile"),
    path("workbench/limits/", limit_views.limit_list, name="limits"),
    path("workbench/limits/<str:code>/<str:jurisdiction>/", limit_views.limit_edit, name="limit"),
    path(
        "workbench/limits/<str:code>/<str:jurisdiction>/remove/",
        limit_views.limit_remove,
        name="limit-remove",
    ),
]
