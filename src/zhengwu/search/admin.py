from django.contrib import admin

from .models import Entry, ReindexRun


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "column", "agency_name", "year", "published_at"]
    list_filter = ["kind", "year"]
    search_fields = ["key", "title"]
    exclude = ["title_tokens", "body_tokens"]


@admin.register(ReindexRun)
class ReindexRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "done", "removed", "started_at", "finished_at"]
    list_filter = ["status"]
