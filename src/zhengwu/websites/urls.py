from django.urls import path

from . import views, workbench_views

# Public pages: the 州's at /lm/…, every sub-site's at /site/<code>/lm/…, a department's site
# under …/bm/<统一社会信用代码>/.
_columns = [
    path("lm/<str:key>/", views.column_page, name="websites-column"),
    path("lm/<str:key>/feed/", views.column_feed, name="websites-feed"),
    path("lm/<str:key>/<int:pk>/", views.article_page, name="websites-article"),
    path("ldxx/photo/<int:pk>/", views.leader_photo, name="websites-photo"),
]
site_urlpatterns = [
    *_columns,
    path("bm/<usci:usci>/", views.department_home, name="websites-department"),
    *[path(f"bm/<usci:usci>/{p.pattern}", p.callback, name=f"{p.name}-bm") for p in _columns],
]

# Staff pages, only at the root (/workbench/sites/ is the portal's 网站信息).
urlpatterns = [
    path("workbench/websites/", workbench_views.wb_home, name="websites-wb"),
    path("workbench/websites/<str:code>/", workbench_views.wb_site, name="websites-wb-site"),
    path(
        "workbench/websites/<str:code>/code/",
        workbench_views.wb_site_code,
        name="websites-wb-site-code",
    ),
    path(
        "workbench/websites/<str:code>/new/<str:key>/",
        workbench_views.wb_new,
        name="websites-wb-new",
    ),
    path(
        "workbench/websites/articles/<int:pk>/",
        workbench_views.wb_article,
        name="websites-wb-article",
    ),
    path(
        "workbench/websites/articles/<int:pk>/<str:action>/",
        workbench_views.wb_article_action,
        name="websites-wb-article-action",
    ),
    path(
        "workbench/websites/<str:code>/leaders/new/",
        workbench_views.wb_leader_new,
        name="websites-wb-leader-new",
    ),
    path(
        "workbench/websites/leaders/<int:pk>/",
        workbench_views.wb_leader,
        name="websites-wb-leader",
    ),
    path(
        "workbench/websites/leaders/<int:pk>/<str:action>/",
        workbench_views.wb_leader_action,
        name="websites-wb-leader-action",
    ),
]
