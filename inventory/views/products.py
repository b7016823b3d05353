"""Pages of products: the store's list with its planning figures and health, a product, create and edit."""

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
from accounts.permissions import can, stores_for
from core.forms import service_errors_apply
from core.spreadsheet import FORMATS, export_response
from funnel.sources import source_labels

from ..exports import products_table
from ..filtersets import ProductFilterSet
from ..forms import ProductForm, StockPolicyForm
from ..models import Product
from ..selectors import (
    product_factory_orders,
    product_movements,
    product_planning,
    product_planning_for,
    stock_policy,
    store_health,
)
from ..services import ProductConflict, ProductInvalid, product_create, product_update, stock_policy_save
from .common import product_or_404, store_today

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


class ProductListView(TemplateView):
    """A store's products with every planning figure, status badges and the shop health checks; ?format=csv|xlsx
    downloads the (filtered) table."""

    access_rule = store_rule(Action.VIEW)
    template_name = "inventory/product_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        store = request.store
        as_of = store_today(store)
        filterset = ProductFilterSet(request.GET or None, queryset=Product.objects.all())
        products = filterset.qs if filterset.is_bound and filterset.is_valid() else Product.objects.all()
        rows = product_planning(store, as_of, products)
        fmt = request.GET.get("format")
        if fmt in FORMATS:
            return export_response(products_table(rows, store.name), fmt, f"products-{store.code}-{as_of}")
        everything = rows if not filterset.is_bound else product_planning(store, as_of)
        context = {
            "store": store,
            "as_of": as_of,
            "rows": rows,
            "filter": filterset,
            "checks": store_health(store, as_of, everything),
            "can_edit": can(request.user, Action.EDIT_INVENTORY, store),
            "can_log": can(request.user, Action.LOG_ORDERS, store),
            "query": request.GET.urlencode(),
        }
        return self.render_to_response(context)


class StoreHealthView(TemplateView):
    """The shop health checks of a store, on a page of their own."""

    access_rule = store_rule(Action.VIEW)
    template_name = "inventory/health.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        store = self.request.store
        as_of = store_today(store)
        return {
            **super().get_context_data(**kwargs),
            "store": store,
            "as_of": as_of,
            "checks": store_health(store, as_of),
            "policy": stock_policy(store),
            "can_edit_policy": can(self.request.user, Action.EDIT_STORE, store),
        }


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


class ProductDetailView(TemplateView):
    """A product: its planning figures, the 60-day projection (chart and table), factory orders and ledger."""

    access_rule = store_rule(Action.VIEW)
    template_name = "inventory/product_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        store = self.request.store
        product = product_or_404(self.request, kwargs["sku"])
        as_of = store_today(store)
        [row] = product_planning_for([product], as_of)
        chart = {
            "dates": [d.date.isoformat() for d in row.projection],
            "closing": [d.closing for d in row.projection],
            "sales": [d.sales for d in row.projection],
            "inbound": [d.inbound for d in row.projection],
            "reorder_point": row.reorder_point,
            "safety_stock": row.safety_stock,
            "labels": {
                "closing": _("Stock at day end"),
                "sales": _("Sales"),
                "inbound": _("Arrivals"),
                "reorder_point": _("Reorder point"),
                "safety_stock": _("Safety stock"),
            },
        }
        return {
            **super().get_context_data(**kwargs),
            "store": store,
            "product": product,
            "row": row,
            "as_of": as_of,
            "chart": chart,
            **ledger_page(product, self.request.GET.get("page")),
            "orders": product_factory_orders(product),
            "can_edit": can(self.request.user, Action.EDIT_INVENTORY, store),
        }


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
