"""Routes of this part of the trading pages."""

site_urlpatterns: list = []
urlpatterns: list = []
