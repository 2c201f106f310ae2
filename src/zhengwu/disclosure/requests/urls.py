from django.urls import path

from . import proposal_views, released_views, report_views, views

site_urlpatterns = [
    path("xxgk/apply/", views.apply, name="disclosure_requests_apply"),
    path("xxgk/apply/track/", views.track, name="disclosure_requests_track"),
    path("xxgk/apply/track/letter/", views.track_letter, name="disclosure_requests_track_letter"),
    path(
        "xxgk/apply/track/released/",
        released_views.track_file,
        name="disclosure_requests_track_released",
    ),
    path(
        "xxgk/<usci:usci>/annual-report/",
        report_views.annual_report,
        name="disclosure_requests_report",
    ),
    path(
        "xxgk/<usci:usci>/annual-report/<int:year>/",
        report_views.annual_report,
        name="disclosure_requests_report_year",
    ),
    path(
        "xxgk/<usci:usci>/annual-report/<int:year>/<str:fmt>/",
        report_views.annual_report_file,
        name="disclosure_requests_report_file",
    ),
]

urlpatterns = [
    path("my/requests/", views.mine, name="disclosure_requests_mine"),
    path("my/requests/<str:number>/", views.mine_detail, name="disclosure_requests_mine_detail"),
    path(
        "my/requests/<str:number>/suggest/",
        proposal_views.mine_suggest,
        name="disclosure_requests_mine_suggest",
    ),
    path(
        "my/requests/<str:number>/letter.<str:fmt>",
        views.mine_letter,
        name="disclosure_requests_mine_letter",
    ),
    path(
        "my/requests/<str:number>/released/<int:item>/",
        released_views.mine_file,
        name="disclosure_requests_mine_released",
    ),
    path("workbench/requests/", views.wb_list, name="disclosure_requests_wb"),
    path("workbench/requests/new/", views.wb_new, name="disclosure_requests_wb_new"),
    path(
        "workbench/requests/reports/",
        report_views.wb_reports,
        name="disclosure_requests_wb_reports",
    ),
    path(
        "workbench/requests/reports/<usci:usci>/<int:year>/",
        report_views.wb_report,
        name="disclosure_requests_wb_report",
    ),
    path(
        "workbench/requests/proposals/",
        proposal_views.wb_proposals,
        name="disclosure_requests_wb_proposals",
    ),
    path(
        "workbench/requests/proposals/<int:pk>/",
        proposal_views.wb_proposal,
        name="disclosure_requests_wb_proposal",
    ),
    path(
        "workbench/requests/proposals/<int:pk>/decide/",
        proposal_views.wb_proposal_decide,
        name="disclosure_requests_wb_proposal_decide",
    ),
    path("workbench/requests/<str:number>/", views.wb_detail, name="disclosure_requests_wb_detail"),
    path(
        "workbench/requests/<str:number>/letter.<str:fmt>",
        views.wb_letter,
        name="disclosure_requests_wb_letter",
    ),
    path(
        "workbench/requests/<str:number>/released/<int:item>/",
        released_views.wb_file,
        name="disclosure_requests_wb_released",
    ),
    path(
        "workbench/requests/<str:number>/<slug:action>/",
        views.wb_action,
        name="disclosure_requests_wb_action",
    ),
]
