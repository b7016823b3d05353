"""The stock plan in the REST API: every planning figure of a store's products, a product's projection and the shop
health checks. They read the promotions ahead, so they live here; their paths and names are the inventory's."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Action
from core.api import StoreQuerySerializer
from core.dates import local_date
from inventory.api.serializers import HealthCheckSerializer, PlanningSerializer, ProjectedDaySerializer
from inventory.filtersets import ProductFilterSet
from inventory.models import Product
from stores.permissions import stores_for

from ..planning import product_planning, projected_stock, store_health


class StorePlanningMixin:
    store_actions = {"GET": Action.VIEW}

    def readable_store(self, request):
        return get_object_or_404(stores_for(request.user, Action.VIEW), code=StoreQuerySerializer.of(request)["store"])


class PlanningView(StorePlanningMixin, APIView):
    """Every planning figure of a store's products today (in the store's time zone), filtered like the list."""

    @extend_schema(
        parameters=[StoreQuerySerializer],
        responses={
            200: PlanningSerializer(many=True),
            400: OpenApiResponse(description="No store named."),
            404: OpenApiResponse(description="No such store, or not one you may read."),
        },
    )
    def get(self, request, *args, **kwargs):
        store = self.readable_store(request)
        products = ProductFilterSet(request.query_params, queryset=Product.objects.all()).qs
        rows = product_planning(store, local_date(store.time_zone, timezone.now()), products)
        return Response(PlanningSerializer(rows, many=True).data)


class ProjectionView(StorePlanningMixin, APIView):
    """The 60-day projected stock of one product from today (baseline sales, promotions, factory orders)."""

    @extend_schema(
        parameters=[StoreQuerySerializer, OpenApiParameter("sku", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses={200: ProjectedDaySerializer(many=True), 404: OpenApiResponse(description="No such product.")},
    )
    def get(self, request, sku: str, *args, **kwargs):
        store = self.readable_store(request)
        product = get_object_or_404(Product, store=store, code=sku)
        days = projected_stock([product], local_date(store.time_zone, timezone.now()))[product.pk]
        return Response(ProjectedDaySerializer(days, many=True).data)


class HealthView(StorePlanningMixin, APIView):
    """The shop health checks of a store today."""

    @extend_schema(
        parameters=[StoreQuerySerializer],
        responses={
            200: HealthCheckSerializer(many=True),
            400: OpenApiResponse(description="No store named."),
            404: OpenApiResponse(description="No such store, or not one you may read."),
        },
    )
    def get(self, request, *args, **kwargs):
        store = self.readable_store(request)
        checks = store_health(store, local_date(store.time_zone, timezone.now()))
        return Response(HealthCheckSerializer(checks, many=True).data)
