from django.contrib import admin

from .models import BriefingDelivery, BriefingSettings, WebhookChannel


@admin.register(BriefingSettings)
class BriefingSettingsAdmin(admin.ModelAdmin):
    list_display = ["store", "enabled", "send_hour", "language", "updated_at"]
    list_filter = ["enabled", "language"]
    list_select_related = ["store"]
    search_fields = ["store__code", "store__name"]
    raw_id_fields = ["store"]


@admin.register(WebhookChannel)
class WebhookChannelAdmin(admin.ModelAdmin):
    """Robots are set on the store's briefing page, which seals what is typed; here they are only looked at (the
    sealed address and secret are not shown at all, the masked address is)."""

    list_display = ["store", "channel", "enabled", "url_hint", "updated_at"]
    list_filter = ["channel", "enabled"]
    list_select_related = ["store"]
    search_fields = ["store__code", "store__name"]
    fields = ["store", "channel", "enabled", "url_hint", "updated_at"]
    readonly_fields = ["store", "channel", "url_hint", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(BriefingDelivery)
class BriefingDeliveryAdmin(admin.ModelAdmin):
    list_display = ["store", "channel", "day", "purpose", "status", "attempts", "last_error", "next_retry_at"]
    list_filter = ["status", "channel", "purpose"]
    list_select_related = ["store"]
    search_fields = ["store__code", "store__name", "last_error"]
    date_hierarchy = "day"
    readonly_fields = ["store", "channel", "day", "purpose", "attempts", "last_error", "sent_at", "created_at"]
