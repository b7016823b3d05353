"""The daily-metrics endpoint: push per docs/API.md, and read back."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from accounts.choices import Action
from accounts.models import ApiClient
from core import jsonparse
from funnel.domain.records import validate_batch
from funnel.filtersets import DailyMetricFilterSet
from funnel.models import DailyMetric
from funnel.push import IDEMPOTENCY_KEY, PUSH_ERRORS, BulkPushMixin
from funnel.services.metrics import (
    IdempotencyConflict,
    metrics_ingest,
    writable_store_today,
)
from stores.scoping import StoreScopedViewSetMixin

from .serializers import DailyMetricSerializer, IngestCountsSerializer, MetricPushSerializer


class DailyMetricView(BulkPushMixin, StoreScopedViewSetMixin, generics.ListAPIView):
    """Daily shop metrics: GET reads the stores the caller may read; POST upserts a client's records."""

    queryset = DailyMetric.objects.select_related("store")
    serializer_class = DailyMetricSerializer
    filterset_class = DailyMetricFilterSet
    parser_classes = [jsonparse.JSONParser]
    store_actions = {"GET": Action.VIEW, "POST": Action.PUSH_METRICS}

    def get_queryset(self):
        return super().get_queryset().order_by("-date", "store__code", "source")

    @extend_schema(
        request=MetricPushSerializer,
        responses={200: IngestCountsSerializer, **PUSH_ERRORS},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def push_records(self, client: ApiClient, records: list, key: str | None, digest: str) -> Response:
        writable = writable_store_today(client)
        clean, errors = validate_batch(records, {code: today for code, (_pk, today) in writable.items()})
        if errors:
            return self.record_errors(errors)
        try:
            status, response = metrics_ingest(
                client,
                clean,
                {code: pk for code, (pk, _today) in writable.items()},
                idempotency_key=key,
                body_hash=digest,
            )
        except IdempotencyConflict:
            return self.idempotency_conflict()
        return Response(response, status=status)
