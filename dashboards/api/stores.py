"""The stores in the REST API, with where each stands in its plan. Here, above the rollups, because a store's
stage status reads them (``rollups.selectors.stage_status``) and saving a new source policy marks the store's
metric days for the rollup (``funnel.services.metrics``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.choices import Action
from funnel.advice_text import reasons_payload
from funnel.api.serializers import StageStatusSerializer
from funnel.domain.advice import MIN_DAYS
from funnel.services.metrics import store_source_policy_changed
from rollups.selectors import stage_status
from stores.api.serializers import StoreSerializer
from stores.filtersets import StoreFilterSet
from stores.models import Store
from stores.scoping import StoreScopedViewSetMixin


def stage_status_payload(store, as_of=None) -> dict:
    status_ = stage_status(store, as_of)
    return {
        "store": store.code,
        "as_of": status_.as_of,
        "plan": status_.plan.pk if status_.plan else None,
        "stage": status_.stage.number if status_.stage else None,
        "recommendation": status_.recommendation,
        "recommendation_label": str(status_.recommendation_label),
        "reasons": reasons_payload(status_.reasons),
        "days_in_stage": status_.advice.days_in_stage,
        "min_days": MIN_DAYS,
        "uv_7d": status_.last_7.uv,
        "orders_7d": status_.last_7.orders,
        "uv_28d": status_.last_28.uv,
        "orders_28d": status_.last_28.orders,
        "anomalies": [
            {
                "date": a.date,
                "conversion": round(a.conversion, 4),
                "trailing_median": round(a.trailing_median, 4),
                "ratio": round(a.ratio, 2),
            }
            for a in status_.anomalies
        ],
    }


class StoreViewSet(
    StoreScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stores the caller may read; their ops managers may update them."""

    queryset = Store.objects.all()
    serializer_class = StoreSerializer
    filterset_class = StoreFilterSet
    lookup_field = "code"
    store_path = ""
    store_actions = {"GET": Action.VIEW, "WRITE": Action.EDIT_STORE}

    def perform_update(self, serializer):
        policy = serializer.instance.source_policy
        store = serializer.save()
        if store.source_policy != policy:
            store_source_policy_changed(store)

    @extend_schema(responses={200: StageStatusSerializer})
    @action(detail=True, methods=["get"], url_path="stage-status")
    def stage_status(self, request, code=None):
        """The store's current stage, 7- and 28-day averages, the recommendation with its reasons, and conversion
        anomalies, as of the store's today in its time zone."""
        payload = stage_status_payload(self.get_object())
        return Response(StageStatusSerializer(payload).data)
