from django.urls import path

from . import public_views, roster_views, views

# The public page on every site: its roster and what was rectified, per year.
site_urlpatterns = [path("shjd/", public_views.public_page, name="oversight-public")]

_wb = "workbench/oversight/"
urlpatterns = [
    path(_wb, views.home, name="oversight-wb"),
    path(f"{_wb}findings/new/", views.new_finding, name="oversight-wb-finding-new"),
    path(f"{_wb}media/new/", views.new_media, name="oversight-wb-media-new"),
    path(f"{_wb}items/<int:pk>/", views.item_page, name="oversight-wb-item"),
    path(f"{_wb}items/<int:pk>/<str:action>/", views.item_action, name="oversight-wb-item-action"),
    path(
        f"{_wb}items/<int:pk>/files/<int:file_id>/", views.item_file, name="oversight-wb-item-file"
    ),
    path(f"{_wb}supervisors/", roster_views.supervisors, name="oversight-wb-supervisors"),
    path(
        f"{_wb}supervisors/import/",
        roster_views.supervisors_import,
        name="oversight-wb-supervisors-import",
    ),
    path(
        f"{_wb}supervisors/template.xlsx",
        roster_views.supervisors_template,
        name="oversight-wb-supervisors-template",
    ),
    path(
        f"{_wb}supervisors/<int:pk>/", roster_views.supervisor_page, name="oversight-wb-supervisor"
    ),
    path(
        f"{_wb}supervisors/<int:pk>/account/",
        roster_views.supervisor_account,
        name="oversight-wb-supervisor-account",
    ),
]
