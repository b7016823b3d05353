"""Staffing in the admin: the role catalogue, norms, policies, people with their assignments and time off."""

from django.contrib import admin

from .models import Assignment, CapacityNorm, Person, PlannedHeadcount, StaffingPolicy, StaffRole, TimeOff


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "norm_unit", "default_norm", "minimum_headcount", "position"]
    list_editable = ["default_norm", "minimum_headcount", "position"]
    readonly_fields = ["code"]


@admin.register(CapacityNorm)
class CapacityNormAdmin(admin.ModelAdmin):
    list_display = ["store", "role", "value"]
    list_filter = ["role", "store"]
    list_select_related = ["store", "role"]


@admin.register(StaffingPolicy)
class StaffingPolicyAdmin(admin.ModelAdmin):
    list_display = ["store", "service_start", "service_end", "workday_hours", "max_days_in_row"]
    list_select_related = ["store"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["store"]


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "employment_type", "weekly_hours", "start_date", "end_date", "user"]
    list_filter = ["employment_type", "assignments__store", "assignments__role"]
    search_fields = ["name", "user__username", "assignments__store__code"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [AssignmentInline, TimeOffInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "store", "role", "share", "start_date", "end_date"]
    list_filter = ["role", "store"]
    list_select_related = ["person", "store", "role"]
    search_fields = ["person__name", "store__code"]
    raw_id_fields = ["person"]


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "start_date", "end_date", "note"]
    list_filter = ["kind"]
    list_select_related = ["person"]
    search_fields = ["person__name"]
    raw_id_fields = ["person"]
    date_hierarchy = "start_date"


@admin.register(PlannedHeadcount)
class PlannedHeadcountAdmin(admin.ModelAdmin):
    list_display = ["store", "month", "role", "headcount"]
    list_filter = ["role", "store"]
    list_select_related = ["store", "role"]
    date_hierarchy = "month"
