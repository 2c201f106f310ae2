from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, ApiToken, Jurisdiction, RoleAssignment, ServiceCentre, User, Window


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["usci", "name", "kind", "jurisdiction"]
    list_filter = ["kind"]
    search_fields = ["usci", "name"]
    raw_id_fields = ["jurisdiction", "parent"]


class WindowInline(admin.TabularInline):
    model = Window
    filter_horizontal = ["agencies"]


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "floor_area", "opened_on", "standardized_year"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["jurisdiction"]
    inlines = [WindowInline]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    raw_id_fields = ["agency", "jurisdiction", "centre"]
    extra = 0


@admin.register(User)
class ZhengwuUserAdmin(UserAdmin):
    list_display = ["username", "real_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["username", "real_name"]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        ("政务账户", {"fields": ["kind", "real_name", "id_number", "usci", "phone"]}),
    ]
    inlines = [RoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read only: tokens are issued and revoked on the workbench pages (org/tokens.py), where the
    rules are checked and every change audited."""

    list_display = [
        "user",
        "name",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["user__username", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
