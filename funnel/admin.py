from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .history import plan_history_row
from .models import (
    DailyMetric,
    DailyMetricRevision,
    DailyTarget,
    ExportMapping,
    IdempotencyRecord,
    Milestone,
    Plan,
    PlanChange,
    StagePlan,
    StageTemplate,
)


@admin.register(StageTemplate)
class StageTemplateAdmin(admin.ModelAdmin):
    """Superusers edit the playbook's five stages; every new plan copies them."""

    list_display = ["number", "name_zh", "name_en", "uv_min", "uv_max", "orders_min", "orders_max", "default_weeks"]
    ordering = ["number"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = lambda self, request, obj=None: (
        request.user.is_superuser
    )


class StagePlanInline(admin.TabularInline):
    model = StagePlan
    extra = 0
    fields = ["number", "start_date", "end_date", "orders_per_day", "conversion", "aov", "paid_share", "cpc"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "scenario", "version", "status", "period_start", "period_end", "updated_at"]
    list_filter = ["status", "store"]
    search_fields = ["name", "store__code"]
    inlines = [StagePlanInline, MilestoneInline]
    readonly_fields = ["lock_version", "created_by", "based_on"]


@admin.register(PlanChange)
class PlanChangeAdmin(admin.ModelAdmin):
    list_display = ["plan", "at", "user", "what", "old_value", "new_value"]
    list_filter = ["plan__store"]

    @admin.display(description=_("what"))
    def what(self, change: PlanChange) -> str:
        return plan_history_row(change).what

    @admin.display(description=_("old"))
    def old_value(self, change: PlanChange) -> str:
        return plan_history_row(change).old

    @admin.display(description=_("new"))
    def new_value(self, change: PlanChange) -> str:
        return plan_history_row(change).new

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # history is written by the services only


@admin.register(DailyTarget)
class DailyTargetAdmin(admin.ModelAdmin):
    list_display = ["plan", "date", "stage", "uv", "orders", "gmv", "ad_spend"]
    list_filter = ["plan__store", "stage"]
    date_hierarchy = "date"

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # spread from the plan; edit the plan instead


class RevisionInline(admin.TabularInline):
    model = DailyMetricRevision
    extra = 0
    can_delete = False
    readonly_fields = ["values", "known_from", "superseded_at", "changed_by"]


@admin.register(DailyMetric)
class DailyMetricAdmin(admin.ModelAdmin):
    list_display = ["store", "date", "source", "uv", "pv", "orders", "gmv", "ad_spend", "updated_at"]
    list_filter = ["store", "source"]
    date_hierarchy = "date"
    inlines = [RevisionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # written by the ingest and the customer-service log, which keep the revisions


@admin.register(DailyMetricRevision)
class DailyMetricRevisionAdmin(admin.ModelAdmin):
    list_display = ["metric", "known_from", "superseded_at", "changed_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["api_client", "key", "status_code", "created_at"]
    list_filter = ["api_client"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StagePlan)
class StagePlanAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "start_date", "end_date", "orders_per_day", "conversion", "aov"]
    list_filter = ["plan__store", "number"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["plan", "title", "metric", "target", "due_date"]
    list_filter = ["plan__store", "metric"]


@admin.register(ExportMapping)
class ExportMappingAdmin(admin.ModelAdmin):
    """A store's kept column mapping for one layout of a platform export (kept from the preview page)."""

    list_display = ["store", "platform", "updated_at", "updated_by"]
    list_filter = ["store", "platform"]
    readonly_fields = ["signature", "headers", "updated_at", "updated_by"]
