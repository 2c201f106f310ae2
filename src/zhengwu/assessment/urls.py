from django.urls import path

from . import views

site_urlpatterns = [
    path("jd/assessment/", views.public_results, name="assessment-public"),
    path("jd/assessment/<int:year>/", views.public_results, name="assessment-public-year"),
]

urlpatterns = [
    path("workbench/assessment/", views.schemes, name="assessment-schemes"),
    path("workbench/assessment/<int:year>/", views.scheme, name="assessment-scheme"),
    path(
        "workbench/assessment/<int:year>/report.<str:fmt>",
        views.report,
        name="assessment-report",
    ),
    path("workbench/assessment/<int:year>/history/", views.history, name="assessment-history"),
    path(
        "workbench/assessment/<int:year>/evidence/<int:pk>/",
        views.evidence,
        name="assessment-evidence",
    ),
    path(
        "workbench/assessment/<int:year>/indicators/<int:pk>/",
        views.indicator,
        name="assessment-indicator",
    ),
    path(
        "workbench/assessment/<int:year>/<str:action>/",
        views.scheme_action,
        name="assessment-action",
    ),
]
