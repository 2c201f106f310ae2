from django.urls import path

from . import views

site_urlpatterns = [
    path("jd/", views.public_stats, name="supervision-public"),
    path("jd/targets/", views.public_targets, name="supervision-targets"),
]

urlpatterns = [
    path("workbench/supervision/", views.board, name="supervision-board"),
    path("workbench/supervision/clocks/<int:pk>/", views.clock_detail, name="supervision-clock"),
    path("workbench/supervision/cards/", views.cards, name="supervision-cards"),
    path("workbench/supervision/cards/<int:pk>/", views.card_detail, name="supervision-card"),
    path(
        "workbench/supervision/cards/<int:pk>/answer/",
        views.card_answer,
        name="supervision-card-answer",
    ),
    path(
        "workbench/supervision/cards/<int:pk>/decide/",
        views.card_decide,
        name="supervision-card-decide",
    ),
    path("workbench/supervision/stats/", views.dashboard, name="supervision-dashboard"),
    path("workbench/supervision/audit/verify/", views.verify_chain, name="supervision-verify"),
    path(
        "workbench/supervision/audit/<str:object_type>/<str:object_id>/",
        views.trail,
        name="supervision-trail",
    ),
]
