"""Promotions in the admin: mostly for reading; SKU prices change through the pages or the API, which apply
the price rule, so lines and phases are read-only here."""

from django.contrib import admin

from .models import CalendarFeedToken, Promotion, PromotionItem, PromotionPhase


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PhaseInline(ReadOnlyInline):
    model = PromotionPhase
    fields = ["kind", "start_date", "end_date"]
    readonly_fields = fields


class ItemInline(ReadOnlyInline):
    model = PromotionItem
    fields = ["product", "promo_price", "uplift", "presale_quantity"]
    readonly_fields = fields


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "kind", "start_date", "end_date", "status", "stock_decided_on", "preset_key"]
    list_filter = ["kind", "status", "store"]
    list_select_related = ["store"]
    date_hierarchy = "start_date"
    search_fields = ["name", "store__code", "store__name"]
    readonly_fields = ["store", "kind", "start_date", "end_date", "preset_key", "version", "created_at", "updated_at"]
    fields = [
        "store",
        "kind",
        "name",
        "start_date",
        "end_date",
        "budget",
        "status",
        "stock_decided_on",
        "notes",
        "preset_key",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [PhaseInline, ItemInline]

    def has_add_permission(self, request) -> bool:
        return False  # through the pages, where the preset, the rules and the phases are


@admin.register(PromotionPhase)
class PromotionPhaseAdmin(admin.ModelAdmin):
    list_display = ["promotion", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    list_select_related = ["promotion"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PromotionItem)
class PromotionItemAdmin(admin.ModelAdmin):
    list_display = ["promotion", "product", "promo_price", "uplift", "presale_quantity"]
    list_select_related = ["promotion", "product"]
    search_fields = ["product__code", "promotion__name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    """Keys are made by their users on the subscription page; here they can be revoked (set "revoked")."""

    list_display = ["user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "prefix"]
    readonly_fields = ["user", "prefix", "hashed_key", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
