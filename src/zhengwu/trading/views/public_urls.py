"""Routes of the public trading column (公共资源交易), on every site: at /ggzy/… for the 州 and
/site/<code>/ggzy/… for each county, township and village."""

from django.urls import path

from . import public

site_urlpatterns: list = [
    path("ggzy/", public.column, name="trading-column"),
    path("ggzy/feed/", public.feed, name="trading-feed"),
    path("ggzy/gg/<int:pk>/", public.notice, name="trading-notice"),
    path("ggzy/xm/<int:pk>/", public.project, name="trading-project"),
]
urlpatterns: list = []
