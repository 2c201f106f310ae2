from django.contrib import admin

from . import models


@admin.register(models.SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    list_display = ["word", "action", "is_active", "note"]
    list_filter = ["action", "is_active"]
    search_fields = ["word"]


@admin.register(models.Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency", "reply_limit", "max_limit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "agency__name"]
    raw_id_fields = ["agency"]


@admin.register(models.Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only in the admin: every change goes through the workbench and its audit trail."""

    list_display = ["number", "title", "kind", "mailbox", "state", "publication", "due_on"]
    list_filter = ["kind", "state", "publication"]
    search_fields = ["number", "title"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(models.Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "starts_at", "state", "is_published"]
    raw_id_fields = ["agency"]


@admin.register(models.Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "opens_on", "closes_on", "state"]
    raw_id_fields = ["agency"]


@admin.register(models.Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "opens_on", "closes_on", "is_published"]
    raw_id_fields = ["agency"]
