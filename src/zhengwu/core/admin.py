from django.contrib import admin

from . import actions, services
from .models import AuditEvent, CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "jurisdiction_code"]
    list_filter = ["kind", "jurisdiction_code"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.set_calendar_day(
            date=obj.date,
            kind=obj.kind,
            name=obj.name,
            jurisdiction_code=obj.jurisdiction_code,
            by=request.user,
        )

    def delete_model(self, request, obj):
        services.remove_calendar_day(obj, by=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "entered_at"]

    def save_model(self, request, obj, form, change):
        services.publish_year(obj.year, source=obj.source, by=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "chain",
        "seq",
        "at",
        "actor_label",
        "role",
        "action",
        "action_name",
        "object_type",
        "object_id",
        "success",
    ]
    list_filter = ["action", "success"]
    search_fields = ["object_id", "actor_label", "request_id"]

    @admin.display(description="操作")
    def action_name(self, obj):
        return actions.label(obj.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
