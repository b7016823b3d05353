from django.contrib import admin

from stores.models import DirtyRange

from .models import DailyActual, DayRollup, PeriodRollup, PeriodSegment, RollupRun


class ReadOnly(admin.ModelAdmin):
    """Rollup tables are rebuilt from the actuals and plans; nothing here is edited by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ViewReadOnly(ReadOnly):
    """The day and period rollups are database views, computed on read: nothing to delete, and no count of every
    row of every store for the pagination (it would compute them all)."""

    show_full_result_count = False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DailyActual)
class DailyActualAdmin(ViewReadOnly):
    list_display = ["store", "date", "source", "uv", "orders", "gmv", "computed_at"]
    list_filter = ["store"]
    date_hierarchy = "date"


@admin.register(DayRollup)
class DayRollupAdmin(ViewReadOnly):
    list_display = ["store", "date", "stage", "orders", "target_orders", "gmv", "target_gmv", "gmv_variance"]
    list_filter = ["store", "stage"]
    date_hierarchy = "date"


@admin.register(PeriodRollup)
class PeriodRollupAdmin(ViewReadOnly):
    list_display = ["store", "grain", "period_start", "period_end", "orders", "target_orders", "pace_orders"]
    list_filter = ["store", "grain"]


@admin.register(PeriodSegment)
class PeriodSegmentAdmin(ReadOnly):
    list_display = ["store", "first_day", "last_day", "stage", "past", "orders", "target_orders", "as_of"]
    list_filter = ["store"]
    show_full_result_count = False


@admin.register(RollupRun)
class RollupRunAdmin(ReadOnly):
    list_display = ["store", "date_from", "date_to", "status", "rows", "started_at", "finished_at"]
    list_filter = ["status", "store"]


@admin.register(DirtyRange)
class DirtyRangeAdmin(ReadOnly):
    list_display = ["store", "date_from", "date_to", "marked_at"]
    list_filter = ["store"]
