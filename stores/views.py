from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView
from django_filters.views import FilterView

from accounts.access import LOGIN, any_store_rule
from accounts.choices import Action

from .filtersets import StoreFilterSet
from .forms import StoreForm
from .models import Store
from .permissions import stores_for
from .selectors import store_list_for
from .services import store_create_by


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
