from django.urls import path

from . import views

site_urlpatterns = [
    path("jd/ratings/", views.public_monthly, name="ratings-monthly"),
]

urlpatterns = [
    path("ratings/window/<int:window_id>/", views.window_tablet, name="ratings-window"),
    path("ratings/rate/<int:pk>/", views.rate_invitation, name="ratings-rate"),
    path("workbench/ratings/", views.bad_list, name="ratings-list"),
    path("workbench/ratings/record/", views.agent_record, name="ratings-agent"),
    path("workbench/ratings/<int:pk>/", views.detail, name="ratings-detail"),
    path("workbench/ratings/<int:pk>/<str:step>/", views.act, name="ratings-act"),
]
