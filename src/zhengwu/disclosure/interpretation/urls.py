from django.urls import path

from . import press_views, views, workbench_views

# Public pages in the 政府信息公开 column: at /xxgk/… and /site/<code>/xxgk/….
site_urlpatterns = [
    path("xxgk/zcjd/", views.interpretations, name="interpretation-list"),
    path("xxgk/zcjd/<int:pk>/", views.interpretation, name="interpretation-detail"),
    path("xxgk/zcjd/<int:pk>/image/", views.interpretation_image, name="interpretation-image"),
    path("xxgk/hygq/", views.concerns, name="interpretation-concerns"),
    path("xxgk/xwfbh/", views.conferences, name="interpretation-press-list"),
    path("xxgk/xwfbh/<int:pk>/", views.conference, name="interpretation-press"),
    path("xxgk/xwfbh/<int:pk>/live/", views.conference_live, name="interpretation-press-live"),
]

# Staff pages, only at the root.
urlpatterns = [
    path(
        "workbench/disclosure/interpretations/",
        workbench_views.wb_interpretations,
        name="interpretation-wb",
    ),
    path(
        "workbench/disclosure/interpretations/new/",
        workbench_views.wb_interpretation_new,
        name="interpretation-wb-new",
    ),
    path(
        "workbench/disclosure/interpretations/<int:pk>/",
        workbench_views.wb_interpretation,
        name="interpretation-wb-detail",
    ),
    path(
        "workbench/disclosure/interpretations/<int:pk>/<str:action>/",
        workbench_views.wb_interpretation_action,
        name="interpretation-wb-action",
    ),
    path("workbench/disclosure/concerns/", workbench_views.wb_concerns, name="concern-wb"),
    path(
        "workbench/disclosure/concerns/new/",
        workbench_views.wb_concern_new,
        name="concern-wb-new",
    ),
    path(
        "workbench/disclosure/concerns/<int:pk>/",
        workbench_views.wb_concern,
        name="concern-wb-detail",
    ),
    path("workbench/disclosure/press/", press_views.wb_press, name="press-wb"),
    path("workbench/disclosure/press/new/", press_views.wb_press_new, name="press-wb-new"),
    path("workbench/disclosure/press/<int:pk>/", press_views.wb_press_item, name="press-wb-detail"),
]
