from django.contrib import admin

from .models import Case, Result


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only for administrators: cases change only through the services (audited)."""

    list_display = ["number", "item", "agency", "channel", "status", "received_on", "due_date"]
    list_filter = ["status", "channel"]
    search_fields = ["number"]
    raw_id_fields = ["item", "agency", "applicant_user", "filed_by", "agent", "current_step"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "approved", "issued_on", "revoked"]
    search_fields = ["number", "verification_code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
