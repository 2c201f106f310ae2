from django.urls import path

from . import views, workbench_views

# Public pages in the 政府信息公开 column: at /xxgk/ggqsy/… and /site/<code>/xxgk/ggqsy/….
site_urlpatterns = [
    path("xxgk/ggqsy/", views.index, name="public-bodies"),
    path("xxgk/ggqsy/<usci:usci>/", views.body, name="public-body"),
]

# Staff pages, only at the root.
urlpatterns = [
    path("workbench/ggqsy/", workbench_views.wb_home, name="public-bodies-wb"),
    path(
        "workbench/ggqsy/register/", workbench_views.wb_register, name="public-bodies-wb-register"
    ),
    path(
        "workbench/ggqsy/department/",
        workbench_views.wb_department,
        name="public-bodies-wb-department",
    ),
    path("workbench/ggqsy/import/", workbench_views.wb_import, name="public-bodies-wb-import"),
    path("workbench/ggqsy/sectors/", workbench_views.wb_sectors, name="public-bodies-wb-sectors"),
    path(
        "workbench/ggqsy/sectors/<str:code>/",
        workbench_views.wb_sector,
        name="public-bodies-wb-sector",
    ),
    path("workbench/ggqsy/<usci:usci>/", workbench_views.wb_body, name="public-bodies-wb-body"),
    path(
        "workbench/ggqsy/<usci:usci>/officer/",
        workbench_views.wb_officer,
        name="public-bodies-wb-officer",
    ),
]
