from django.urls import path

from . import satisfaction_views, views

site_urlpatterns = [
    path("jd/ratings/", views.public_monthly, name="ratings-monthly"),
    path("jd/satisfaction/", satisfaction_views.public_satisfaction, name="ratings-satisfaction"),
]

urlpatterns = [
    path("ratings/window/<int:window_id>/", views.window_tablet, name="ratings-window"),
    path("ratings/rate/<int:pk>/", views.rate_invitation, name="ratings-rate"),
    path("workbench/ratings/", views.bad_list, name="ratings-list"),
    path(
        "workbench/ratings/satisfaction/",
        satisfaction_views.wb_satisfaction,
        name="ratings-wb-satisfaction",
    ),
    path("workbench/ratings/province/", satisfaction_views.wb_province, name="ratings-province"),
    path(
        "workbench/ratings/province/import/",
        satisfaction_views.wb_province_import,
        name="ratings-province-import",
    ),
    path(
        "workbench/ratings/province/<int:pk>/delete/",
        satisfaction_views.wb_province_delete,
        name="ratings-province-delete",
    ),
    path("workbench/ratings/record/", views.agent_record, name="ratings-agent"),
    path("workbench/ratings/<int:pk>/", views.detail, name="ratings-detail"),
    path("workbench/ratings/<int:pk>/<str:step>/", views.act, name="ratings-act"),
]
