from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.choices import Action
from funnel.api.plans import stage_status_payload
from funnel.api.serializers import StageStatusSerializer
from stores.filtersets import StoreFilterSet
from stores.models import Store
from stores.scoping import StoreScopedViewSetMixin
from stores.services import store_source_policy_changed

from .serializers import StoreSerializer


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
