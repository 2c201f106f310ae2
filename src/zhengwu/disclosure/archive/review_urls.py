"""The §18 review's workbench pages (mounted by zhengwu/urls.py)."""

from django.urls import path

from . import review_views

urlpatterns = [
    path("workbench/archive/review/", review_views.index, name="archive-review"),
    path("workbench/archive/review/<int:pk>/", review_views.detail, name="archive-review-round"),
    path(
        "workbench/archive/review/<int:pk>/decide/",
        review_views.decide,
        name="archive-review-decide",
    ),
]
