from django.urls import path

from . import views

site_urlpatterns = [
    path("wzndbb/<int:year>/", views.public_report, name="website-report-public"),
    path(
        "bm/<usci:usci>/wzndbb/<int:year>/",
        views.public_department_report,
        name="website-report-public-department",
    ),
]

urlpatterns = [
    path("workbench/website-checks/", views.glance, name="website-checks"),
    path("workbench/website-checks/run/", views.run, name="website-checks-run"),
    path("workbench/website-checks/<int:pk>/", views.detail, name="website-check"),
    path(
        "workbench/website-checks/reports/<int:site>/<int:year>/",
        views.report,
        name="website-report",
    ),
]
