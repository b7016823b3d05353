from django.contrib import admin

from accounts.models import Membership

from .models import Store


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
