from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Jobs change only through imports.services and their importers; the admin shows them."""

    list_display = [
        "file_name",
        "store",
        "status",
        "total_rows",
        "processed_rows",
        "error_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "store"]
    list_select_related = ["store", "created_by"]
    search_fields = ["file_name", "store__code"]
    exclude = ["content"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
