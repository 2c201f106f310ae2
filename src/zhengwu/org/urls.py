"""工作台 › 服务网络 and the 人员名录's actions: staff pages, only at the root."""

from django.urls import path

from . import network_views, sheet_views, staff_views

urlpatterns = [
    path("workbench/org/centres/", network_views.centres, name="org-centres"),
    path("workbench/org/centres/<int:pk>/", network_views.centre, name="org-centre"),
    path(
        "workbench/org/centres/<int:pk>/windows/",
        network_views.centre_window,
        name="org-centre-window",
    ),
    path(
        "workbench/org/centres/<int:pk>/agents/",
        network_views.centre_agent,
        name="org-centre-agent",
    ),
    path("workbench/org/windows/<int:pk>/", network_views.window, name="org-window"),
    path("workbench/org/agencies/", network_views.agencies, name="org-agencies"),
    path("workbench/org/agencies/<int:pk>/", network_views.agency, name="org-agency"),
    path("workbench/org/staff/new/", staff_views.staff_new, name="org-staff-new"),
    path("workbench/org/staff/<int:pk>/roles/", staff_views.staff_grant, name="org-staff-grant"),
    path(
        "workbench/org/staff/<int:pk>/roles/<int:assignment>/revoke/",
        staff_views.staff_revoke,
        name="org-staff-revoke",
    ),
    path("workbench/org/network/import/", sheet_views.import_page, name="org-network-import"),
    path("workbench/org/network/export/", sheet_views.export_file, name="org-network-export"),
]
