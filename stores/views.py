from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from accounts.access import LOGIN, any_store_rule, store_rule
from accounts.choices import Action, Role
from accounts.permissions import can, stores_for
from funnel.selectors import stage_status

from .filtersets import StoreFilterSet
from .forms import StoreForm, StoreUpdateForm
from .models import Store
from .selectors import store_list_for, store_members
from .services import store_create_by, store_source_policy_changed


class StoreListView(FilterView):
    access_rule = LOGIN
    filterset_class = StoreFilterSet
    template_name = "stores/store_list.html"
    paginate_by = 50

    def get_queryset(self):
        return store_list_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_create"] = user.is_superuser or stores_for(user, Action.EDIT_STORE).exists()
        return context


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


class StoreCreateView(CreateView):
    # Whoever manages a store may open another one, and becomes its ops manager.
    access_rule = any_store_rule(Action.EDIT_STORE)
    model = Store
    form_class = StoreForm
    template_name = "stores/store_form.html"

    def form_valid(self, form):
        store = store_create_by(self.request.user, form.save(commit=False))
        messages.success(self.request, _("Store %(name)s created.") % {"name": store.name})
        return redirect(store)


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
