from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import joined

from .choices import ApiScope
from .models import ApiClient, ApiKey
from .services import api_key_issue


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    extra = 0
    can_delete = False
    fields = ["prefix", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # keys are issued by the action below, which shows the key once


class ApiClientForm(forms.ModelForm):
    scopes = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiScope.PUSH_METRICS],
        help_text=gettext_lazy("What the client may do in its stores; give it only what it needs."),
    )

    class Meta:
        model = ApiClient
        fields = ["name", "stores", "scopes", "is_active"]

    def clean_scopes(self) -> list[str]:
        chosen = set(self.cleaned_data["scopes"])
        return [s for s in ApiScope.values if s in chosen]  # stored in the catalogue's order


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "scope_labels", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    filter_horizontal = ["stores"]
    inlines = [ApiKeyInline]
    actions = ["issue_new_key"]

    @admin.display(description=gettext_lazy("Scopes"))
    def scope_labels(self, obj: ApiClient) -> str:
        labels = dict(ApiScope.choices)
        return joined(str(labels.get(s, s)) for s in obj.scopes)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self._show_key(request, obj, api_key_issue(obj))

    @admin.action(description=gettext_lazy("Issue a new key (revokes the current one)"))
    def issue_new_key(self, request, queryset):
        for client in queryset:
            self._show_key(request, client, api_key_issue(client))

    def _show_key(self, request, client: ApiClient, key: str) -> None:
        self.message_user(
            request,
            _("New key for %(name)s (shown only now, keep it secret): %(key)s") % {"name": client.name, "key": key},
            messages.WARNING,
        )


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["client", "prefix", "created_at", "revoked_at"]
    list_filter = ["client"]
    readonly_fields = ["client", "prefix", "hashed_key", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
