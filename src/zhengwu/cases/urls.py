from django.urls import path

from . import views

site_urlpatterns = [
    path("zwfw/apply/<int:item_id>/", views.apply, name="cases-apply"),
    path("zwfw/track/", views.track, name="cases-track"),
    path("zwfw/verify/", views.verify, name="cases-verify"),
    path("zwfw/verify/<str:document>/", views.verify, name="cases-verify-document"),
]

urlpatterns = [
    path("zwfw/my/<int:pk>/", views.my_case, name="cases-my"),
    path("workbench/cases/", views.workbench, name="cases-workbench"),
    path("workbench/cases/window/", views.window, name="cases-window"),
    path("workbench/cases/agent/", views.agent, name="cases-agent"),
    path("workbench/cases/<int:pk>/", views.detail, name="cases-detail"),
    path(
        "workbench/cases/<int:pk>/files/<str:what>/<int:file_id>/",
        views.download,
        name="cases-file",
    ),
    path("workbench/cases/<int:pk>/<str:action>/", views.act, name="cases-act"),
]
