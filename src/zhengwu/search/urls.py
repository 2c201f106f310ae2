from django.urls import path

from . import views

site_urlpatterns = [
    path("search/", views.search, name="search_page"),
]
