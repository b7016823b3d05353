"""A store's page and its edit page. They live here, above the rollups, because the page shows where the store
stands in its plan (``rollups.selectors.stage_status``) and saving a new source policy marks the store's metric
days for the rollup (``funnel.services.metrics``); they are served at the stores' URLs (opsplan/urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, UpdateView

from accounts.access import store_rule
from accounts.choices import Action, Role
from funnel.services.metrics import store_source_policy_changed
from rollups.selectors import stage_status
from stores.forms import StoreUpdateForm
from stores.permissions import can
from stores.selectors import store_members


class StoreDetailView(DetailView):
    access_rule = store_rule(Action.VIEW)
    template_name = "stores/store_detail.html"
    context_object_name = "store"

    def get_object(self, queryset=None):
        return self.request.store

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        store = self.request.store
        context["members"] = store_members(store)
        role = self.request.store_role
        context["role_label"] = Role(role).label if role else None
        context["can_edit"] = can(self.request.user, Action.EDIT_STORE, store)
        context["status"] = stage_status(store)
        return context


class StoreUpdateView(UpdateView):
    access_rule = store_rule(Action.EDIT_STORE)
    form_class = StoreUpdateForm
    template_name = "stores/store_form.html"

    def get_object(self, queryset=None):
        return self.request.store

    def form_valid(self, form):
        store = form.save()
        if "source_policy" in form.changed_data:
            store_source_policy_changed(store)
        messages.success(self.request, _("Store %(name)s saved.") % {"name": store.name})
        return redirect(store)
