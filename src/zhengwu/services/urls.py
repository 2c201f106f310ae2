from django.urls import path

from . import delegation_views, views

# 政务服务 on every site (/zwfw/ and /site/<code>/zwfw/).
site_urlpatterns = [
    path("zwfw/", views.index, name="services-index"),
    path("zwfw/guide/<int:item_id>/", views.guide, name="services-guide"),
]
# Catalogue management in the staff workbench (root only).
urlpatterns = [
    path("workbench/services/", views.staff_list, name="services-staff-list"),
    path("workbench/services/cleanup/", views.staff_cleanup, name="services-cleanup"),
    path("workbench/services/<int:item_id>/", views.staff_item, name="services-staff-item"),
    path("workbench/services/<int:item_id>/edit/", views.staff_edit, name="services-staff-edit"),
    path(
        "workbench/services/<int:item_id>/result-template/",
        views.staff_result_template,
        name="services-result-template",
    ),
    path("workbench/services/<int:item_id>/claim/", views.staff_claim, name="services-claim"),
    path("workbench/services/<int:item_id>/cancel/", views.staff_cancel, name="services-cancel"),
    path("workbench/services/<int:item_id>/merge/", views.staff_merge, name="services-merge"),
    path(
        "workbench/services/<int:item_id>/fees/<int:fee_id>/cut/",
        views.staff_cut_fee,
        name="services-cut-fee",
    ),
    path("workbench/org/windows/<int:pk>/chiefs/", delegation_views.chiefs, name="services-chiefs"),
    path(
        "workbench/org/chiefs/<int:pk>/<str:action>/",
        delegation_views.chief_action,
        name="services-chief-action",
    ),
]
