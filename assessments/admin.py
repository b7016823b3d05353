"""Assessments in the admin: weights, thresholds and teamwork scores are editable; computed months and their
scorecards are read-only (they change by recomputing, which keeps finalised versions)."""

from django.contrib import admin

from .models import AssessmentPeriod, AssessmentPolicy, RoleWeights, Scorecard, TeamworkScore


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RoleWeights)
class RoleWeightsAdmin(admin.ModelAdmin):
    list_display = ["store", "role", "results", "satisfaction", "teamwork", "updated_at"]
    list_filter = ["store", "role"]
    list_select_related = ["store", "role"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(AssessmentPolicy)
class AssessmentPolicyAdmin(admin.ModelAdmin):
    list_display = ["store", "attainment_cap", "repeat_rate_target", "dsr_floor", "dsr_good", "positive_target"]
    list_select_related = ["store"]


@admin.register(TeamworkScore)
class TeamworkScoreAdmin(admin.ModelAdmin):
    list_display = ["person", "store", "month", "score", "given_by", "updated_at"]
    list_filter = ["store", "month"]
    list_select_related = ["person", "store", "given_by"]
    search_fields = ["person__name", "comment"]
    readonly_fields = ["given_by", "updated_at"]


class ScorecardInline(admin.TabularInline):
    model = Scorecard
    extra = 0
    can_delete = False
    fields = ["person", "roles", "share", "results", "satisfaction", "teamwork", "total", "missing"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ReadOnlyAdmin):
    list_display = ["store", "month", "version", "computed_at", "finalised_at"]
    list_filter = ["store"]
    list_select_related = ["store"]
    date_hierarchy = "month"
    inlines = [ScorecardInline]


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ["person", "period", "total", "results", "satisfaction", "teamwork", "computed_at"]
    list_filter = ["period__store", "period__month"]
    list_select_related = ["person", "period__store"]
    search_fields = ["person__name"]
