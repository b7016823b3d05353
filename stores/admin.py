from django.contrib import admin

from .choices import MembershipEventKind
from .members import record
from .models import Invitation, Membership, MembershipEvent, Store


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "platform", "status", "launch_date", "time_zone"]
    list_filter = ["platform", "status"]
    search_fields = ["code", "name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "store", "role", "created_at"]
    list_filter = ["role", "store"]
    search_fields = ["user__username", "store__code", "store__name"]
    autocomplete_fields = ["user", "store"]

    # Changes made here are kept in the store's team history like those of the team page.
    def save_model(self, request, obj, form, change):
        before = Membership.objects.filter(pk=obj.pk).values_list("role", flat=True).first() if change else ""
        super().save_model(request, obj, form, change)
        if not change:
            record(obj.store, MembershipEventKind.ADDED, obj.user, request.user, after=obj.role)
        elif before != obj.role:
            record(obj.store, MembershipEventKind.ROLE_CHANGED, obj.user, request.user, before, obj.role)

    def delete_model(self, request, obj):
        record(obj.store, MembershipEventKind.REMOVED, obj.user, request.user, before=obj.role)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("store", "user"):
            record(membership.store, MembershipEventKind.REMOVED, membership.user, request.user, before=membership.role)
        super().delete_queryset(request, queryset)


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    """The team history, read only: who changed which membership, when and how."""

    list_display = ["at", "store", "kind", "member_username", "role_before", "role_after", "actor_username"]
    list_filter = ["kind", "store"]
    search_fields = ["member_username", "actor_username", "store__code", "store__name"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """One-time links to set a password: only their hash is stored, so the admin shows when they were used."""

    list_display = ["user", "store", "created_by", "created_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["store"]
    search_fields = ["user__username", "store__code"]
    readonly_fields = ["user", "store", "hashed_token", "created_by", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request) -> bool:
        return False
