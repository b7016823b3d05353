"""The inventory's pages that read the promotions ahead: a store's products with their planning figures and the shop
health checks, the health page, a product with its projection, and a new factory order (which may be for an open
promotion). They keep their inventory URLs and names (:mod:`promotions.urls_stock`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts.access import store_rule
from accounts.choices import Action
from core import numbers
from core.spreadsheet import FORMATS, export_response
from inventory.exports import products_table
from inventory.filtersets import ProductFilterSet
from inventory.forms import FactoryOrderForm
from inventory.models import Product
from inventory.selectors import product_factory_orders, stock_policy, store_products
from inventory.services import StockInvalid, factory_order_create
from inventory.views.common import product_or_404, store_today
from inventory.views.products import ledger_page
from stores.permissions import can

from .planning import product_planning, product_planning_for, store_health
from .selectors import open_promotions


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


class FactoryOrderCreateView(FormView):
    """A new factory order, for one of the store's open promotions or none; ?sku= and ?quantity= fill it in."""

    access_rule = store_rule(Action.EDIT_INVENTORY)
    template_name = "inventory/factory_order_form.html"
    form_class = FactoryOrderForm

    def get_form_kwargs(self) -> dict[str, Any]:
        store = self.request.store
        return {**super().get_form_kwargs(), "products": store_products(store), "promotions": open_promotions(store)}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"ordered_on": store_today(self.request.store)}
        sku = self.request.GET.get("sku")
        product = store_products(self.request.store).filter(code=sku).first() if sku else None
        if product is not None:
            initial["product"] = product
            initial["expected_on"] = initial["ordered_on"] + timedelta(days=product.lead_time_days)
            if self.request.GET.get("quantity", "").isdigit():
                initial["quantity"] = int(self.request.GET["quantity"])
        return initial

    def form_valid(self, form: FactoryOrderForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            order = factory_order_create(
                data["product"],
                data["quantity"],
                data["ordered_on"],
                data["expected_on"],
                self.request.user,
                promotion=data.get("promotion"),
                note=data.get("note") or "",
            )
        except StockInvalid as exc:
            form.add_stock_error(exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Ordered %(units)s units of %(sku)s, expected on %(date)s.")
            % {"units": numbers.count(order.quantity), "sku": order.product.code, "date": order.expected_on},
        )
        return redirect("inventory:factory_order_list", store=self.request.store.code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "store": self.request.store}
