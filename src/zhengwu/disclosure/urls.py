from django.urls import path

from . import views, workbench_views

# Public pages: at /xxgk/… for the 州 and /site/<code>/xxgk/… for every sub-site.
site_urlpatterns = [
    path("xxgk/", views.index, name="disclosure-index"),
    path("xxgk/doc/<int:pk>/", views.document, name="disclosure-document"),
    path("xxgk/doc/<int:pk>/files/<int:att>/", views.attachment, name="disclosure-attachment"),
    path("xxgk/gazette/", views.gazette_archive, name="disclosure-gazette"),
    path(
        "xxgk/gazette/<int:year>/<int:number>/",
        views.gazette_issue,
        name="disclosure-gazette-issue",
    ),
    path(
        "xxgk/gazette/<int:year>/<int:number>/pdf/",
        views.gazette_pdf,
        name="disclosure-gazette-pdf",
    ),
    path("xxgk/<usci:usci>/", views.agency_page, name="disclosure-agency"),
    path("xxgk/<usci:usci>/catalogue/", views.catalogue, name="disclosure-catalogue"),
    path("xxgk/<usci:usci>/guide/", views.guide, name="disclosure-guide"),
    path("xxgk/<usci:usci>/guide/<int:revision>/", views.guide, name="disclosure-guide-revision"),
    path("xxgk/<usci:usci>/rules/", views.rules, name="disclosure-rules"),
    path("xxgk/<usci:usci>/board/", views.board, name="disclosure-board"),
    path("xxgk/<usci:usci>/feed/", views.feed, name="disclosure-feed"),
    path("xxgk/<usci:usci>/feed/<str:column>/", views.feed, name="disclosure-column-feed"),
]

# Staff pages, only at the root.
urlpatterns = [
    path("workbench/disclosure/", workbench_views.wb_list, name="disclosure-wb"),
    path("workbench/disclosure/new/", workbench_views.wb_new, name="disclosure-wb-new"),
    path("workbench/disclosure/stale/", workbench_views.wb_stale, name="disclosure-wb-stale"),
    path("workbench/disclosure/gazette/", workbench_views.wb_gazette, name="disclosure-wb-gazette"),
    path(
        "workbench/disclosure/guide/<usci:usci>/",
        workbench_views.wb_guide,
        name="disclosure-wb-guide",
    ),
    path(
        "workbench/disclosure/rules/<usci:usci>/",
        workbench_views.wb_rules,
        name="disclosure-wb-rules",
    ),
    path(
        "workbench/disclosure/<int:pk>/", workbench_views.wb_document, name="disclosure-wb-document"
    ),
    path(
        "workbench/disclosure/<int:pk>/<str:action>/",
        workbench_views.wb_action,
        name="disclosure-wb-action",
    ),
]
