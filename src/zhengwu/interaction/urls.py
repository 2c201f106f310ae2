from django.urls import path

from .views import complaints, consultations, interviews, messages, reports, surveys

# Public pages of 互动交流, on the 州 site and on every sub-site (/site/<code>/hdjl/…).
site_urlpatterns = [
    path("hdjl/", messages.index, name="interaction-index"),
    path("hdjl/write/", messages.write, name="interaction-write"),
    path("hdjl/track/", messages.track, name="interaction-track"),
    path("hdjl/messages/", messages.published, name="interaction-published"),
    path(
        "hdjl/messages/<str:number>/",
        messages.published_detail,
        name="interaction-published-detail",
    ),
    path("hdjl/stats/", messages.statistics, name="interaction-stats"),
    path("hdjl/interviews/", interviews.interviews, name="interaction-interviews"),
    path("hdjl/interviews/<int:pk>/", interviews.interview, name="interaction-interview"),
    path("hdjl/interviews/<int:pk>/live/", interviews.interview_live, name="interaction-live"),
    path(
        "hdjl/interviews/<int:pk>/images/<int:image_id>/",
        interviews.interview_image,
        name="interaction-interview-image",
    ),
    path("hdjl/consultations/", consultations.consultations, name="interaction-consultations"),
    path(
        "hdjl/consultations/<int:pk>/",
        consultations.consultation,
        name="interaction-consultation",
    ),
    path("hdjl/surveys/", consultations.surveys, name="interaction-surveys"),
    path("hdjl/surveys/<int:pk>/", consultations.survey, name="interaction-survey"),
    path(
        "hdjl/surveys/<int:pk>/results/",
        consultations.survey_results,
        name="interaction-survey-results",
    ),
    path("hdjl/complain/", complaints.complain, name="interaction-complain"),
    path("hdjl/reports/", reports.reports, name="interaction-reports"),
    path("hdjl/reports/<int:pk>/", reports.report, name="interaction-report"),
]

# Root-only pages: the writer's own message, the staff workbench.
urlpatterns = [
    path("hdjl/my/<str:number>/", messages.my_message, name="interaction-my-message"),
    path("workbench/interaction/", messages.wb_todo, name="interaction-wb-todo"),
    path(
        "workbench/interaction/messages/<int:pk>/",
        messages.wb_message,
        name="interaction-wb-message",
    ),
    path(
        "workbench/interaction/moderation/",
        messages.wb_moderation,
        name="interaction-wb-moderation",
    ),
    path(
        "workbench/interaction/interviews/",
        interviews.wb_interviews,
        name="interaction-wb-interviews",
    ),
    path(
        "workbench/interaction/interviews/new/",
        interviews.wb_interview_new,
        name="interaction-wb-interview-new",
    ),
    path(
        "workbench/interaction/interviews/<int:pk>/",
        interviews.wb_interview,
        name="interaction-wb-interview",
    ),
    path(
        "workbench/interaction/consultations/",
        consultations.wb_consultations,
        name="interaction-wb-consultations",
    ),
    path(
        "workbench/interaction/consultations/new/",
        consultations.wb_consultation_new,
        name="interaction-wb-consultation-new",
    ),
    path(
        "workbench/interaction/consultations/<int:pk>/",
        consultations.wb_consultation,
        name="interaction-wb-consultation",
    ),
    path("workbench/interaction/surveys/", surveys.wb_surveys, name="interaction-wb-surveys"),
    path(
        "workbench/interaction/surveys/new/",
        surveys.wb_survey_new,
        name="interaction-wb-survey-new",
    ),
    path(
        "workbench/interaction/surveys/<int:pk>/",
        surveys.wb_survey,
        name="interaction-wb-survey",
    ),
    path(
        "workbench/interaction/complaints/",
        complaints.wb_complaints,
        name="interaction-wb-complaints",
    ),
    path(
        "workbench/interaction/complaints/<int:pk>/",
        complaints.wb_complaint,
        name="interaction-wb-complaint",
    ),
]
