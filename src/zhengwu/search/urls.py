from django.urls import path

from . import views

site_urlpatterns = [
    path("search/", views.search, name="search_page"),
]

urlpatterns = [
    path("workbench/search/", views.manage, name="search_manage"),
]
