from django.contrib import admin

from .models import ServiceLog, ServiceLogRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs change only through orders.services, which keeps their history and the funnel metric in step."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ServiceLogRevisionInline(admin.TabularInline):
    model = ServiceLogRevision
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "values"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ServiceLog)
class ServiceLogAdmin(ReadOnlyAdmin):
    list_display = ["store", "date", "uv", "orders", "gmv", "refunds", "shipped_later", "complaints", "positive_rate"]
    list_filter = ["store"]
    list_select_related = ["store"]
    date_hierarchy = "date"
    search_fields = ["store__code", "store__name"]
    inlines = [ServiceLogRevisionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the funnel metric mirrored from it would stay behind


@admin.register(ServiceLogRevision)
class ServiceLogRevisionAdmin(ReadOnlyAdmin):
    list_display = ["log", "changed_at", "changed_by"]
    list_select_related = ["log", "changed_by"]
    list_filter = ["log__store"]

