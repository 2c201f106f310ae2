from django.urls import path

from . import views

# Public pages of 互动交流, on the 州 site and on every sub-site (/site/<code>/hdjl/…).
site_urlpatterns = [
    path("hdjl/", views.index, name="interaction-index"),
    path("hdjl/write/", views.write, name="interaction-write"),
    path("hdjl/track/", views.track, name="interaction-track"),
    path("hdjl/messages/", views.published, name="interaction-published"),
    path(
        "hdjl/messages/<str:number>/",
        views.published_detail,
        name="interaction-published-detail",
    ),
    path("hdjl/stats/", views.statistics, name="interaction-stats"),
    path("hdjl/interviews/", views.interviews, name="interaction-interviews"),
    path("hdjl/interviews/<int:pk>/", views.interview, name="interaction-interview"),
    path("hdjl/interviews/<int:pk>/live/", views.interview_live, name="interaction-live"),
    path(
        "hdjl/interviews/<int:pk>/images/<int:image_id>/",
        views.interview_image,
        name="interaction-interview-image",
    ),
    path("hdjl/consultations/", views.consultations, name="interaction-consultations"),
    path("hdjl/consultations/<int:pk>/", views.consultation, name="interaction-consultation"),
    path("hdjl/surveys/", views.surveys, name="interaction-surveys"),
    path("hdjl/surveys/<int:pk>/", views.survey, name="interaction-survey"),
    path("hdjl/surveys/<int:pk>/results/", views.survey_results, name="interaction-survey-results"),
    path("hdjl/complain/", views.complain, name="interaction-complain"),
    path("hdjl/reports/", views.reports, name="interaction-reports"),
    path("hdjl/reports/<int:pk>/", views.report, name="interaction-report"),
]

# Root-only pages: the writer's own message, the staff workbench.
urlpatterns = [
    path("hdjl/my/<str:number>/", views.my_message, name="interaction-my-message"),
    path("workbench/interaction/", views.wb_todo, name="interaction-wb-todo"),
    path(
        "workbench/interaction/messages/<int:pk>/", views.wb_message, name="interaction-wb-message"
    ),
    path(
        "workbench/interaction/moderation/", views.wb_moderation, name="interaction-wb-moderation"
    ),
    path(
        "workbench/interaction/interviews/", views.wb_interviews, name="interaction-wb-interviews"
    ),
    path(
        "workbench/interaction/interviews/<int:pk>/",
        views.wb_interview,
        name="interaction-wb-interview",
    ),
    path(
        "workbench/interaction/consultations/",
        views.wb_consultations,
        name="interaction-wb-consultations",
    ),
    path(
        "workbench/interaction/consultations/<int:pk>/",
        views.wb_consultation,
        name="interaction-wb-consultation",
    ),
    path(
        "workbench/interaction/complaints/", views.wb_complaints, name="interaction-wb-complaints"
    ),
    path(
        "workbench/interaction/complaints/<int:pk>/",
        views.wb_complaint,
        name="interaction-wb-complaint",
    ),
]
