from django.contrib import admin
from django.db.models import F

from .models import FactoryOrder, Product, StockMovement, StockPolicy


@admin.register(StockPolicy)
class StockPolicyAdmin(admin.ModelAdmin):
    """The one place to change a store's stock and assortment rules (the pages show them)."""

    list_display = [
        "store",
        "main_push_safety_stock",
        "other_safety_stock",
        "listed_min",
        "listed_max",
        "main_push_target",
        "order_cover_days",
    ]
    list_select_related = ["store"]
    search_fields = ["store__code", "store__name"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "store",
        "role",
        "lifecycle",
        "is_main_push",
        "is_listed",
        "lead_time_days",
        "safety_stock",
        "version",
    ]
    list_filter = ["store", "role", "lifecycle", "is_main_push", "is_listed"]
    list_select_related = ["store"]
    search_fields = ["code", "name", "style", "store__code"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change:
            # An edit here must still conflict with a page opened before it (optimistic lock).
            Product.objects.filter(pk=obj.pk).update(version=F("version") + 1)


class AppendOnlyAdmin(admin.ModelAdmin):
    """Stock changes only by new movements through inventory.services: never edited, never deleted here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StockMovement)
class StockMovementAdmin(AppendOnlyAdmin):
    list_display = ["date", "store", "product", "kind", "quantity", "counted", "source", "note", "created_by"]
    list_filter = ["kind", "store"]
    list_select_related = ["store", "product", "created_by"]
    search_fields = ["product__code", "source", "note"]
    date_hierarchy = "date"


@admin.register(FactoryOrder)
class FactoryOrderAdmin(AppendOnlyAdmin):
    """Orders are created, received (with their receipt) and cancelled on the inventory pages."""

    list_display = ["product", "store", "quantity", "ordered_on", "expected_on", "status", "promotion"]
    list_filter = ["status", "store"]
    list_select_related = ["store", "product", "promotion"]
    search_fields = ["product__code", "note"]
