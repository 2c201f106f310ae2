from django.urls import path

from . import review_views, views

# Staff pages only (the 公文库 is not public), at the root.
urlpatterns = [
    path("workbench/archive/", views.wb_list, name="archive-wb"),
    path("workbench/archive/new/", views.wb_new, name="archive-wb-new"),
    path("workbench/archive/import/", views.wb_import, name="archive-wb-import"),
    path("workbench/archive/<int:pk>/", views.wb_detail, name="archive-wb-record"),
    path("workbench/archive/<int:pk>/edit/", views.wb_edit, name="archive-wb-edit"),
    path("workbench/archive/<int:pk>/files/", views.wb_upload, name="archive-wb-upload"),
    path(
        "workbench/archive/<int:pk>/files/<int:file_id>/",
        views.wb_file,
        name="archive-wb-file",
    ),
    # the §18 review
    path("workbench/archive/review/", review_views.index, name="archive-review"),
    path("workbench/archive/review/<int:pk>/", review_views.detail, name="archive-review-round"),
    path(
        "workbench/archive/review/<int:pk>/decide/",
        review_views.decide,
        name="archive-review-decide",
    ),
]
