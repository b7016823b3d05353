"""Pages that move stock: a receipt, return or adjustment, a stock count, and the factory orders (a new one may be
for an open promotion, so its page is :mod:`promotions.views_stock`'s)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.access import store_rule
from accounts.choices import Action
from core import numbers
from core.forms import service_errors_apply
from stores.permissions import can

from ..choices import FactoryOrderStatus
from ..forms import MovementForm, ReceiveForm, StockCountForm
from ..models import FactoryOrder
from ..selectors import on_hand_by_product, store_factory_orders
from ..services import (
    MovementResult,
    StockInvalid,
    factory_order_cancel,
    factory_order_receive,
    movement_record,
    stock_count_record,
)
from .common import announce_warnings, product_or_404, store_today


class ProductStockFormView(FormView):
    """A form about one product's stock; ``record`` calls the service."""

    access_rule = store_rule(Action.EDIT_INVENTORY)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.product = product_or_404(request, kwargs["sku"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"date": store_today(self.request.store)}

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            result = self.record(form.cleaned_data)
        except StockInvalid as exc:
            form.add_stock_error(exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Saved. %(sku)s now has %(units)s units.")
            % {"sku": self.product.code, "units": numbers.count(result.on_hand)},
        )
        announce_warnings(self.request, [result.warning] if result.warning else [])
        return redirect(self.product)

    def record(self, data: dict[str, Any]) -> MovementResult:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        on_hand = on_hand_by_product([self.product.pk])[self.product.pk]
        return {
            **super().get_context_data(**kwargs),
            "store": self.request.store,
            "product": self.product,
            "on_hand": on_hand,
        }


class MovementCreateView(ProductStockFormView):
    template_name = "inventory/movement_form.html"
    form_class = MovementForm

    def get_initial(self) -> dict[str, Any]:
        kind = self.request.GET.get("kind")
        return {**super().get_initial(), "kind": kind if kind in ("receipt", "return", "adjustment") else "receipt"}

    def record(self, data: dict[str, Any]) -> MovementResult:
        return movement_record(
            self.product, data["kind"], data["quantity"], data["date"], self.request.user, note=data["note"]
        )


class StockCountView(ProductStockFormView):
    template_name = "inventory/stock_count.html"
    form_class = StockCountForm

    def record(self, data: dict[str, Any]) -> MovementResult:
        return stock_count_record(self.product, data["counted"], data["date"], self.request.user, note=data["note"])


class FactoryOrderListView(TemplateView):
    """The store's factory orders: open ones first, each with receive and cancel."""

    access_rule = store_rule(Action.VIEW)
    template_name = "inventory/factory_orders.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        store = self.request.store
        return {
            **super().get_context_data(**kwargs),
            "store": store,
            "orders": store_factory_orders(store),
            "can_edit": can(self.request.user, Action.EDIT_INVENTORY, store),
            "today": store_today(store),
        }


def _order_or_404(request: HttpRequest, pk: int) -> FactoryOrder:
    order = FactoryOrder.objects.select_related("product", "store").filter(store=request.store, pk=pk).first()
    if order is None:
        raise Http404(_("No such factory order in this store."))
    return order


class FactoryOrderReceiveView(FormView):
    """Receive an open order: its units become a receipt, once."""

    access_rule = store_rule(Action.EDIT_INVENTORY)
    template_name = "inventory/factory_order_receive.html"
    form_class = ReceiveForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.order = _order_or_404(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"date": store_today(self.request.store), "quantity": self.order.quantity}

    def form_valid(self, form: ReceiveForm) -> HttpResponse:
        try:
            result = factory_order_receive(
                self.order, form.cleaned_data["date"], self.request.user, quantity=form.cleaned_data["quantity"]
            )
        except StockInvalid as exc:
            service_errors_apply(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Received. %(sku)s now has %(units)s units.")
            % {"sku": self.order.product.code, "units": numbers.count(result.on_hand)},
        )
        announce_warnings(self.request, [result.warning] if result.warning else [])
        return redirect("inventory:factory_order_list", store=self.request.store.code)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "store": self.request.store,
            "order": self.order,
            "is_open": self.order.status == FactoryOrderStatus.OPEN,
        }


class FactoryOrderCancelView(View):
    access_rule = store_rule(Action.EDIT_INVENTORY)
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        order = _order_or_404(request, kwargs["pk"])
        try:
            factory_order_cancel(order, request.user)
        except StockInvalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Cancelled the order of %(sku)s.") % {"sku": order.product.code})
        return redirect(reverse("inventory:factory_order_list", kwargs={"store": request.store.code}))
