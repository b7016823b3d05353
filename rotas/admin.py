"""Rotas in the admin: patterns are edited freely; shifts are better moved on the rota page, which checks time off
and overlaps, so the admin shows them mostly for reading and lets a superuser fix one by hand."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Rota, Shift, ShiftPattern


@admin.register(ShiftPattern)
class ShiftPatternAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "store",
        "role",
        "start_time",
        "end_time",
        "weekdays_display",
        "headcount_source",
        "headcount",
    ]
    list_filter = ["role", "headcount_source", "store"]
    search_fields = ["name", "store__code", "store__name"]
    list_select_related = ["store", "role"]

    @admin.display(description=_("weekdays"))
    def weekdays_display(self, pattern: ShiftPattern) -> str:
        return pattern.weekdays_display


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["date", "store", "pattern", "person", "start_at", "end_at", "state"]
    list_filter = ["state", "store", "pattern__role"]
    search_fields = ["person__name", "store__code"]
    date_hierarchy = "date"
    list_select_related = ["store", "pattern", "person"]
    raw_id_fields = ["person", "pattern"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(Rota)
class RotaAdmin(admin.ModelAdmin):
    list_display = ["store", "role", "start_date", "end_date", "generated_at", "generated_by", "shortfall"]
    list_filter = ["role", "store"]
    list_select_related = ["store", "role", "generated_by"]
    readonly_fields = [f.name for f in Rota._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
