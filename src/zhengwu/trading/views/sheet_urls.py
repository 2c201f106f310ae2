"""Routes of this part of the trading pages: the workbook import and export."""

from django.urls import path

from . import sheet_views

site_urlpatterns: list = []
urlpatterns: list = [
    path("workbench/trading/import/", sheet_views.import_page, name="trading-import"),
    path("workbench/trading/export/", sheet_views.export_file, name="trading-export"),
]
