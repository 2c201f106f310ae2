from django.contrib import admin

from .models import Fee, Item, ItemType, Material, Step


@admin.register(ItemType)
class ItemTypeAdmin(admin.ModelAdmin):
    """The 事项类型 code table is configurable (provinces differ: domain-rules §3.2)."""

    list_display = ["code", "name", "is_licensing", "is_public_service"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "jurisdiction", "item_type", "version", "state"]
    list_filter = ["state", "item_type"]
    search_fields = ["name", "basic_code", "implementation_code"]
    raw_id_fields = ["agency", "jurisdiction", "parent", "merged_into", "claimed_from", "previous"]
    inlines = [MaterialInline, FeeInline, StepInline]
