"""The inventory REST API: the daily sales push (per the metrics contract), products, movements. The planning,
projection and health endpoints read the promotions ahead: :mod:`promotions.api.stock`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.choices import Action
from accounts.models import ApiClient
from core import jsonparse
from core.api import stale_version, stale_version_response, version_sent
from funnel.choices import client_source
from funnel.push import IDEMPOTENCY_KEY, PUSH_ERRORS, BulkPushMixin
from funnel.services.metrics import IdempotencyConflict, writable_store_today
from stores.permissions import can
from stores.scoping import StoreScopedViewSetMixin

from ..filtersets import MovementFilterSet, ProductFilterSet
from ..models import Product, StockMovement
from ..sales import validate_sales_records, wanted_products
from ..services import ProductConflict, product_create, product_update, sales_ingest
from .serializers import (
    DailySalesSerializer,
    MovementSerializer,
    ProductSerializer,
    SalesCountsSerializer,
    SalesPushSerializer,
)

CONFLICT = stale_version_response("Someone saved the product since your version; nothing was written.")


class DailySalesView(BulkPushMixin, StoreScopedViewSetMixin, generics.ListAPIView):
    """Daily sales per SKU: GET reads the day totals of the stores the caller may read; POST upserts a client's.

    API clients push with the ``push_sales`` scope (``PUSH_SALES`` in their stores)."""

    queryset = StockMovement.objects.filter(day_total=True).select_related("store", "product")
    serializer_class = DailySalesSerializer
    filterset_class = MovementFilterSet
    parser_classes = [jsonparse.JSONParser]
    store_actions = {"GET": Action.VIEW, "POST": Action.PUSH_SALES}
    push_scope = "inventory-sales:"

    def get_queryset(self):
        return super().get_queryset().order_by("-date", "store__code", "product__code", "source", "kind")

    @extend_schema(
        request=SalesPushSerializer,
        responses={200: SalesCountsSerializer, **PUSH_ERRORS},
        parameters=[IDEMPOTENCY_KEY],
        description="1 to 10,000 records, all or nothing. A record is keyed on (store, sku, date, client): "
        "pushing it again replaces the day's total. An unknown SKU is a 400 error on that record. "
        "Products whose stock goes below zero come back in `warnings`.",
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def push_records(self, client: ApiClient, records: list[Any], key: str | None, digest: str) -> Response:
        writable = writable_store_today(client, Action.PUSH_SALES)
        wanted = {(store, sku) for store, sku in wanted_products(records) if store in writable}
        products = _product_ids(wanted)
        clean, errors = validate_sales_records(
            records, {code: today for code, (_pk, today) in writable.items()}, products
        )
        if errors:
            return self.record_errors(errors)
        try:
            code, body = sales_ingest(
                clean, client_source(client.pk), client=client, idempotency_key=key, body_hash=digest
            )
        except IdempotencyConflict:
            return self.idempotency_conflict()
        return Response(body, status=code)


def _product_ids(wanted: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(store code, SKU) -> product id for the pairs asked for, in one query."""
    if not wanted:
        return {}
    stores = {store for store, _sku in wanted}
    codes = {sku for _store, sku in wanted}
    rows = Product.objects.filter(store__code__in=stores, code__in=codes).values_list("store__code", "code", "pk")
    return {(store, code): pk for store, code, pk in rows if (store, code) in wanted}


class ProductViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Products of the stores the caller may read; people who edit the inventory create and change them."""

    queryset = Product.objects.select_related("store")
    serializer_class = ProductSerializer
    filterset_class = ProductFilterSet
    store_actions = {"GET": Action.VIEW, "WRITE": Action.EDIT_INVENTORY}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        store = values.pop("store")
        version_sent(serializer, values)  # a new product starts at version 1
        if not can(request.user, Action.EDIT_INVENTORY, store):
            raise PermissionDenied("You may not edit this store's products.")
        product = product_create(store, values, request.user)
        return Response(self.get_serializer(product).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ProductSerializer, 409: CONFLICT})
    def partial_update(self, request, *args, **kwargs):
        product = self.get_object()
        serializer = self.get_serializer(product, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        version = version_sent(serializer, values)
        if "store" in values and values.pop("store") != product.store:
            raise ValidationError({"store": ["A product cannot move to another store."]})
        try:
            product = product_update(product.pk, values, version=version, user=request.user)
        except ProductConflict as exc:
            message = _("The product was saved by someone else; read it again.")
            return stale_version("version", exc.product.version, str(message))
        return Response(self.get_serializer(product).data)


class MovementViewSet(StoreScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Stock movements (the ledger) of the stores the caller may read, newest first."""

    queryset = StockMovement.objects.select_related("store", "product").order_by("-date", "-id")
    serializer_class = MovementSerializer
    filterset_class = MovementFilterSet
    store_actions = {"GET": Action.VIEW}
