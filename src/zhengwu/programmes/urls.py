from django.urls import path

from .views import awards, home, plans, public, standardization, training

# Public pages in the 政府信息公开 专栏, at /xxgk/… and /site/<code>/xxgk/….
site_urlpatterns = [
    path("xxgk/bagl/", public.register, name="programmes-register"),
    path("xxgk/bagl/<int:pk>/file/", public.register_file, name="programmes-register-file"),
    path("xxgk/dxal/", public.cases, name="programmes-cases"),
    path("xxgk/dxal/<int:pk>/", public.case, name="programmes-case"),
    path("xxgk/dxal/<int:pk>/picture/", public.case_picture, name="programmes-case-picture"),
    path("xxgk/yjdb/", public.awards, name="programmes-awards"),
    path("xxgk/yjdb/<int:year>/", public.awards, name="programmes-awards-year"),
]

W = "workbench/programmes/"
urlpatterns = [
    path(W, home.home, name="programmes-wb"),
    path(f"{W}standardization/", standardization.county_view, name="programmes-wb-std"),
    path(
        f"{W}standardization/centres/<int:pk>/<int:year>/",
        standardization.plan_page,
        name="programmes-wb-std-plan",
    ),
    path(
        f"{W}standardization/centres/<int:pk>/<int:year>/inspect/",
        standardization.inspect,
        name="programmes-wb-inspect",
    ),
    path(
        f"{W}standardization/centres/<int:pk>/<int:year>/files/<int:file_id>/",
        standardization.inspection_file,
        name="programmes-wb-inspection-file",
    ),
    path(f"{W}county-plans/", plans.plan_list, name="programmes-wb-plans"),
    path(f"{W}county-plans/<int:pk>/", plans.plan_page, name="programmes-wb-plan"),
    path(f"{W}county-plans/<int:pk>/act/", plans.plan_action, name="programmes-wb-plan-act"),
    path(f"{W}county-plans/<int:pk>/file/", plans.plan_file, name="programmes-wb-plan-file"),
    path(f"{W}training/", training.training, name="programmes-wb-training"),
    path(f"{W}training/import/", training.training_import, name="programmes-wb-training-import"),
    path(f"{W}cases/", training.cases, name="programmes-wb-cases"),
    path(f"{W}cases/<int:pk>/", training.case_page, name="programmes-wb-case"),
    path(f"{W}cases/<int:pk>/act/", training.case_action, name="programmes-wb-case-act"),
    path(f"{W}awards/", awards.awards_home, name="programmes-wb-awards"),
    path(f"{W}awards/<int:year>/", awards.awards_year, name="programmes-wb-awards-year"),
    path(f"{W}awards/<int:year>/act/", awards.awards_action, name="programmes-wb-awards-act"),
]
