"""Pages of 公共资源交易: the public trading column on every site (`site_urlpatterns`) and the
workbench (`urlpatterns`). Each part keeps its own routes in its own module."""

from .views import objection_urls, public_urls, sheet_urls, workbench_urls

site_urlpatterns = [
    *public_urls.site_urlpatterns,
    *objection_urls.site_urlpatterns,
]

urlpatterns = [
    *workbench_urls.urlpatterns,
    *objection_urls.urlpatterns,
    *sheet_urls.urlpatterns,
]
