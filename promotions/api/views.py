"""Promotions, their SKUs and phases, the month calendar and the year's preset in the REST API.

Writes go through ``promotions.services``: a price below the floor is a 400 naming the rule and the lowest
allowed price; a PATCH on a version someone else moved on is a 409.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Action
from core.api import stale_version, stale_version_response, version_sent
from core.dates import local_date
from promotions.calendar import calendar_month
from promotions.domain import preset_for_year
from promotions.filtersets import PromotionFilterSet
from promotions.models import PromotionItem, PromotionPhase
from promotions.selectors import promotion_plans, promotions_with_details
from promotions.services import (
    PromotionConflict,
    item_remove,
    item_save,
    phase_remove,
    phase_set,
    preset_adopt,
    promotion_create,
    promotion_delete,
    promotion_set_status,
    promotion_update,
)
from stores.permissions import can, stores_for
from stores.scoping import StoreScopedViewSetMixin

from .serializers import (
    PresetAdoptResultSerializer,
    PresetAdoptSerializer,
    PresetEventSerializer,
    PresetYearQuerySerializer,
    PromotionCalendarQuerySerializer,
    PromotionErrorSerializer,
    PromotionItemSerializer,
    PromotionPhaseSerializer,
    PromotionPlanSerializer,
    PromotionSerializer,
    PromotionStatusSerializer,
)

ACTIONS = {"GET": Action.VIEW, "WRITE": Action.EDIT_PROMOTIONS}
INVALID = OpenApiResponse(description="Bad input: ``{field: [messages]}``; nothing was written.")
FORBIDDEN = OpenApiResponse(
    PromotionErrorSerializer, description="The caller may read the store but not edit its promotions."
)
NOT_FOUND = OpenApiResponse(
    PromotionErrorSerializer, description="No such object among the stores the caller may read."
)
CONFLICT = stale_version_response("Someone saved the promotion since your version; nothing was written.")
WRITE_ERRORS = {400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}


def _require_edit(user, store) -> None:
    if not can(user, Action.EDIT_PROMOTIONS, store):
        raise PermissionDenied("Only the store's ops managers and promotion specialists edit its promotions.")


def _today(store) -> date:
    return local_date(store.time_zone, timezone.now())


class PromotionViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Promotions of the stores the caller may read, with phases and SKUs; filter by store, kind, status, dates."""

    queryset = promotions_with_details().order_by("start_date", "pk")
    serializer_class = PromotionSerializer
    filterset_class = PromotionFilterSet
    store_actions = ACTIONS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(responses={201: PromotionSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        store = data.pop("store")
        version_sent(serializer, data)  # a new promotion starts at version 1
        _require_edit(self.request.user, store)
        serializer.instance = promotion_create(store, data)

    @extend_schema(responses={200: PromotionSerializer, 409: CONFLICT, **WRITE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        promotion = self.get_object()
        serializer = self.get_serializer(promotion, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        version = version_sent(serializer, values)
        if "store" in values and values.pop("store") != promotion.store:
            raise ValidationError({"store": ["A promotion cannot move to another store."]})
        try:
            promotion_update(promotion, values, version, _today(promotion.store))
        except PromotionConflict as exc:
            message = _("The promotion was saved by someone else since you read it; read it again.")
            return stale_version("version", exc.promotion.version, str(message))
        return Response(self.get_serializer(self.get_queryset().get(pk=promotion.pk)).data)

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        promotion_delete(instance)

    @extend_schema(responses={200: PromotionPlanSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def stock(self, request, pk=None):
        """Per SKU: baseline, required stock, stock projected at the start, shortfall, order-by; and deadlines."""
        promotion = self.get_object()
        return Response(PromotionPlanSerializer(promotion_plans([promotion], _today(promotion.store))[0]).data)

    @extend_schema(request=PromotionStatusSerializer, responses={200: PromotionSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Move the promotion to a status; "stock_decided" records today as the decision day."""
        promotion = self.get_object()
        body = PromotionStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        promotion_set_status(promotion, body.validated_data["status"], _today(promotion.store))
        return Response(self.get_serializer(self.get_queryset().get(pk=promotion.pk)).data)


class ItemViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """SKUs in promotions. POST a SKU already in the promotion to change its line. A price below 70% of list
    price is refused (400) unless the promotion is Double 11 or Taojinbi; an overlap with another promotion of
    the same SKU is not refused but listed in the ``Promotion-Overlaps`` header (promotion ids)."""

    queryset = PromotionItem.objects.select_related("promotion__store", "product").order_by("promotion_id", "pk")
    serializer_class = PromotionItemSerializer
    filterset_fields = ["promotion"]
    store_path = "promotion__store"
    store_actions = ACTIONS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _save(self, serializer, promotion, product):
        _require_edit(self.request.user, promotion.store)
        data = serializer.validated_data
        current = serializer.instance
        result = item_save(
            promotion,
            product,
            data.get("promo_price", current.promo_price if current else None),
            data.get("uplift", current.uplift if current else 1),
            data.get("presale_quantity", current.presale_quantity if current else 0),
        )
        serializer.instance = result.item
        self.overlaps = result.overlaps

    @extend_schema(responses={201: PromotionItemSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        return self._with_overlaps(response)

    def perform_create(self, serializer):
        if serializer.validated_data.get("promo_price") is None:
            raise ValidationError({"promo_price": ["This field is required."]})
        self._save(serializer, serializer.validated_data["promotion"], serializer.validated_data["product"])

    @extend_schema(responses={200: PromotionItemSerializer, **WRITE_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        return self._with_overlaps(super().partial_update(request, *args, **kwargs))

    @extend_schema(responses={200: PromotionItemSerializer, **WRITE_ERRORS})
    def update(self, request, *args, **kwargs):
        return self._with_overlaps(super().update(request, *args, **kwargs))

    def perform_update(self, serializer):
        item = serializer.instance
        if serializer.validated_data.get("promotion", item.promotion) != item.promotion:
            raise ValidationError({"promotion": ["Remove the SKU and add it to the other promotion."]})
        if serializer.validated_data.get("product", item.product) != item.product:
            raise ValidationError({"sku": ["Remove the line and add the other SKU."]})
        self._save(serializer, item.promotion, item.product)

    def _with_overlaps(self, response):
        overlaps = getattr(self, "overlaps", [])
        if overlaps:
            response["Promotion-Overlaps"] = ",".join(str(p.pk) for p in overlaps)
        return response

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        _require_edit(self.request.user, instance.promotion.store)
        item_remove(instance)


class PhaseViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Phases of promotions (pre-sale deposit, final payment, live); POST a kind again to move it."""

    queryset = PromotionPhase.objects.select_related("promotion__store").order_by("promotion_id", "start_date")
    serializer_class = PromotionPhaseSerializer
    filterset_fields = ["promotion"]
    store_path = "promotion__store"
    store_actions = ACTIONS

    @extend_schema(responses={201: PromotionPhaseSerializer, **WRITE_ERRORS})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        _require_edit(self.request.user, data["promotion"].store)
        serializer.instance = phase_set(data["promotion"], data["kind"], data["start_date"], data["end_date"])

    @extend_schema(responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        _require_edit(self.request.user, instance.promotion.store)
        phase_remove(instance)


class CalendarView(APIView):
    """The month across the stores the caller may read (or one): promotions, deadlines and stock risks."""

    store_actions = {"GET": Action.VIEW}

    @extend_schema(
        parameters=[PromotionCalendarQuerySerializer],
        responses={200: PromotionPlanSerializer(many=True), 400: INVALID, 404: NOT_FOUND},
    )
    def get(self, request):
        query = PromotionCalendarQuerySerializer.of(request)
        stores = stores_for(request.user, Action.VIEW)
        code = query.get("store")
        if code:
            stores = stores.filter(code=code)
            if not stores.exists():
                raise NotFound("No such store among those you may read.")
        as_of = timezone.localdate()
        month = calendar_month(stores, query.get("month") or as_of.replace(day=1), as_of)
        return Response(PromotionPlanSerializer(month.plans, many=True).data)


class PresetView(APIView):
    """The year's calendar preset: GET previews it; POST adopts it for a store (idempotent)."""

    store_actions = {"GET": Action.VIEW, "POST": Action.EDIT_PROMOTIONS}

    @extend_schema(
        parameters=[PresetYearQuerySerializer],
        responses={200: PresetEventSerializer(many=True), 400: INVALID},
    )
    def get(self, request):
        events = preset_for_year(PresetYearQuerySerializer.of(request)["year"])
        return Response(PresetEventSerializer(events, many=True).data)

    @extend_schema(request=PresetAdoptSerializer, responses={200: PresetAdoptResultSerializer, **WRITE_ERRORS})
    def post(self, request):
        body = PresetAdoptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        store = stores_for(request.user, Action.VIEW).filter(code=body.validated_data["store"]).first()
        if store is None:
            raise NotFound("No such store among those you may read.")
        _require_edit(request.user, store)
        result = preset_adopt(store, body.validated_data["year"])
        return Response({"created": [p.pk for p in result.created], "already": result.already})
