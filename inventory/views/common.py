"""Helpers shared by the inventory pages."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import local_date
from stores.models import Store

from ..models import Product
from ..selectors import product_by_code
from ..services import StockWarning


def store_today(store: Store) -> date:
    return local_date(store.time_zone, timezone.now())


def product_or_404(request: HttpRequest, sku: str) -> Product:
    product = product_by_code(request.store, sku)
    if product is None:
        raise Http404(_("No product with this SKU code in the store."))
    return product


def announce_warnings(request: HttpRequest, warnings: list[StockWarning]) -> None:
    """Stock below zero is never silent: every warning becomes a message on the next page."""
    for warning in warnings:
        messages.warning(request, warning.message)
