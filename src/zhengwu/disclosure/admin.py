"""Administrators' view of 主动公开 (staff work in the workbench, not here)."""

from django.contrib import admin

from .models import Attachment, Column, Document, GazetteIssue, GuideRevision, RulesPage


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "index_no",
        "title",
        "agency",
        "status",
        "validity",
        "created_on",
        "published_on",
        "published_late",
    ]
    list_filter = ["status", "validity", "genre", "published_late"]
    search_fields = ["index_no", "title", "doc_number"]
    raw_id_fields = ["agency", "column", "replaced_by", "created_by"]
    # Changes go through the services (audit chain, clock, search); the admin only reads.
    readonly_fields = [f.name for f in Document._meta.concrete_fields]

    def has_add_permission(self, request):
        return False


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["agency", "code", "name", "basis", "order"]
    search_fields = ["code", "name", "agency__name"]
    raw_id_fields = ["agency", "parent"]


admin.site.register(
    Attachment,
    list_display=["original_name", "document", "content_type", "size"],
    raw_id_fields=["document"],
)
admin.site.register(
    GuideRevision,
    list_display=["agency", "revised_on", "office_name"],
    raw_id_fields=["agency", "created_by"],
)
admin.site.register(
    RulesPage, list_display=["agency", "updated_at"], raw_id_fields=["agency", "updated_by"]
)
admin.site.register(
    GazetteIssue,
    list_display=["jurisdiction", "year", "number", "published_on"],
    raw_id_fields=["jurisdiction", "documents"],
)
