from django.contrib import admin

from .models import Alert, AlertEvaluation, AlertEvent


class AlertEventInline(admin.TabularInline):
    model = AlertEvent
    extra = 0
    fields = ["at", "event", "user", "note"]
    readonly_fields = ["at", "event", "user"]
    can_delete = False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["title", "store", "kind", "key", "severity", "state", "last_seen", "emailed_at"]
    list_filter = ["state", "severity", "kind", "store"]
    search_fields = ["title", "key", "store__code", "store__name"]
    date_hierarchy = "last_seen"
    list_select_related = ["store"]
    raw_id_fields = ["store", "acknowledged_by"]
    readonly_fields = ["first_seen", "last_seen", "acknowledged_at", "resolved_at", "emailed_at"]
    inlines = [AlertEventInline]


@admin.register(AlertEvaluation)
class AlertEvaluationAdmin(admin.ModelAdmin):
    list_display = ["store", "as_of", "evaluated_at", "recommendation"]
    list_select_related = ["store"]
    search_fields = ["store__code", "store__name"]
    readonly_fields = ["store", "as_of", "evaluated_at", "recommendation"]


@admin.register(AlertEvent)
class AlertEventAdmin(admin.ModelAdmin):
    list_display = ["alert", "at", "event", "user"]
    list_filter = ["event"]
    list_select_related = ["alert", "user"]
    search_fields = ["alert__store__code", "alert__key", "note"]
    raw_id_fields = ["alert", "user"]
    date_hierarchy = "at"
