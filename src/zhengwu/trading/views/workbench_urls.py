"""Routes of the officers' trading pages (/workbench/trading/)."""

from django.urls import path

from . import workbench, workbench_project

_wb = "workbench/trading/"
site_urlpatterns: list = []
urlpatterns = [
    path(_wb, workbench.home, name="trading-wb"),
    path(f"{_wb}new/", workbench.new, name="trading-wb-new"),
    path(f"{_wb}rules/", workbench.rule_list, name="trading-wb-rules"),
    path(f"{_wb}rules/<str:code>/", workbench.rule_edit, name="trading-wb-rule"),
    path(f"{_wb}<int:pk>/", workbench_project.detail, name="trading-wb-project"),
    path(f"{_wb}<int:pk>/edit/", workbench.edit, name="trading-wb-edit"),
    path(f"{_wb}<int:pk>/steps/<str:action>/", workbench_project.step, name="trading-wb-step"),
]
