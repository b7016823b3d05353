"""Pages of products: the stores, the stock rules, create and edit. The store's list with its planning figures and
health, and a product's page with its projection, read the promotions ahead: :mod:`promotions.views_stock`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts.access import LOGIN, store_rule
from accounts.choices import Action
from core.forms import service_errors_apply
from funnel.sources import source_labels
from stores.permissions import stores_for

from ..forms import ProductForm, StockPolicyForm
from ..models import Product
from ..selectors import product_movements, stock_policy
from ..services import ProductConflict, ProductInvalid, product_create, product_update, stock_policy_save
from .common import product_or_404

LEDGER_ROWS = 50


def ledger_page(product: Product, number: str | None) -> dict[str, Any]:
    """One page of the product's stock movements, newest first, each with its source's label (pagination.html)."""
    page = Paginator(product_movements(product), LEDGER_ROWS).get_page(number)
    labels = source_labels({m.source for m in page.object_list})
    for movement in page.object_list:
        movement.source_label = labels[movement.source]
    return {"movements": page.object_list, "page_obj": page, "is_paginated": page.has_other_pages()}


class InventoryHomeView(TemplateView):
    """The stores one may see, each leading to its products."""

    access_rule = LOGIN
    template_name = "inventory/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        stores = stores_for(self.request.user).order_by("name", "code")
        return {**super().get_context_data(**kwargs), "stores": stores}


class StockPolicyView(FormView):
    """The store's stock and assortment rules; the ops manager changes the playbook's defaults here."""

    access_rule = store_rule(Action.EDIT_STORE)
    template_name = "inventory/policy_form.html"
    form_class = StockPolicyForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": stock_policy(self.request.store)}

    def form_valid(self, form: StockPolicyForm) -> HttpResponse:
        stock_policy_save(self.request.store, {name: form.cleaned_data[name] for name in form.fields})
        messages.success(self.request, _("Saved the stock rules."))
        return redirect("inventory:store_health", store=self.request.store.code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "store": self.request.store}


class ProductCreateView(FormView):
    access_rule = store_rule(Action.EDIT_INVENTORY)
    template_name = "inventory/product_form.html"
    form_class = ProductForm

    def form_valid(self, form: ProductForm) -> HttpResponse:
        try:
            product = product_create(self.request.store, form.values(), self.request.user)
        except ProductInvalid as exc:
            service_errors_apply(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Added %(sku)s.") % {"sku": product.code})
        return redirect(product)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "store": self.request.store, "product": None}


class ProductEditView(FormView):
    """Edit a product; if someone saved it meanwhile, say so and keep what was typed."""

    access_rule = store_rule(Action.EDIT_INVENTORY)
    template_name = "inventory/product_form.html"
    form_class = ProductForm

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.product: Product | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.product = product_or_404(request, kwargs["sku"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.product}

    def form_valid(self, form: ProductForm) -> HttpResponse:
        version = form.cleaned_data.get("version") or self.product.version
        try:
            product = product_update(self.product.pk, form.values(), version=version, user=self.request.user)
        except ProductConflict as exc:
            form.add_error(
                None,
                _(
                    "Someone else saved this product while you were editing it. Your changes are not saved; "
                    "check the current values and save again."
                ),
            )
            data = form.data.copy()
            data["version"] = exc.product.version
            form.data = data
            return self.form_invalid(form)
        except ProductInvalid as exc:
            service_errors_apply(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(sku)s.") % {"sku": product.code})
        return redirect(product)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "store": self.request.store, "product": self.product}
