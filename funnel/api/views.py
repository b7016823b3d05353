"""The daily-metrics endpoint: push per docs/API.md, and read back."""

from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from accounts.choices import Action
from accounts.models import ApiClient
from funnel.domain.records import validate_records
from funnel.filtersets import DailyMetricFilterSet
from funnel.models import DailyMetric
from funnel.services.metrics import (
    IdempotencyConflict,
    idempotent_replay,
    metrics_ingest,
    request_hash,
    writable_store_today,
)
from opsplan.api import IngestRateThrottle, StoreScopedViewSetMixin, json_error

from .serializers import DailyMetricSerializer, ErrorsSerializer, IngestCountsSerializer, MetricPushSerializer

ERRORS = {
    400: OpenApiResponse(ErrorsSerializer, description="Bad records (every one listed) or malformed JSON."),
    401: OpenApiResponse(description="No key or a wrong key."),
    403: OpenApiResponse(ErrorsSerializer, description="Unknown store, or one this client may not write to."),
    413: OpenApiResponse(ErrorsSerializer, description="More than 10,000 records, or a body over the size limit."),
    415: OpenApiResponse(ErrorsSerializer, description="The body is not application/json."),
    422: OpenApiResponse(ErrorsSerializer, description="Idempotency-Key reused with a different body."),
    429: OpenApiResponse(description="Too many requests; retry after `Retry-After` seconds."),
    503: OpenApiResponse(
        ErrorsSerializer,
        description="The database is unavailable for a moment; nothing was written. Retry after `Retry-After` seconds.",
    ),
}


class DailyMetricView(StoreScopedViewSetMixin, generics.ListAPIView):
    """Daily shop metrics: GET reads the stores the caller may read; POST upserts a client's records."""

    queryset = DailyMetric.objects.select_related("store")
    serializer_class = DailyMetricSerializer
    filterset_class = DailyMetricFilterSet
    parser_classes = [JSONParser]
    store_actions = {"GET": Action.VIEW, "POST": Action.PUSH_METRICS}
    errors_envelope = frozenset({"POST"})

    def get_throttles(self):
        if self.request.method == "POST":
            return [IngestRateThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        return super().get_queryset().order_by("-date", "store__code", "source")

    @extend_schema(
        request=MetricPushSerializer,
        responses={200: IngestCountsSerializer, **ERRORS},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="Up to 255 characters. A retry with the same key and body replays the first response.",
            )
        ],
    )
    def post(self, request, *args, **kwargs):
        client = request.user
        if not isinstance(client, ApiClient):
            return json_error(403, _("Only API clients push metrics; authenticate with an API key."))
        if request.content_type.split(";")[0].strip().lower() != "application/json":
            return json_error(415, _("Send the records as application/json."))
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return json_error(413, _("The body is larger than %(limit)s bytes.") % {"limit": limit})
        try:
            body = request.body
        except RequestDataTooBig:
            return json_error(413, _("The body is larger than %(limit)s bytes.") % {"limit": limit})
        key = request.headers.get("Idempotency-Key")
        if key is not None and not (0 < len(key) <= 255):
            return json_error(400, _("Idempotency-Key must be 1 to 255 characters."), "Idempotency-Key")
        digest = request_hash(body)
        if key:
            try:
                replay = idempotent_replay(client, key, digest)
            except IdempotencyConflict:
                return self._idempotency_conflict()
            if replay is not None:
                return Response(replay[1], status=replay[0])
        return self._push(client, body, key, digest)

    def _push(self, client: ApiClient, body: bytes, key: str | None, digest: str) -> Response:
        try:
            payload = json.loads(body.decode("utf-8"), parse_float=Decimal)
        except UnicodeDecodeError:
            return json_error(400, _("The body is not valid UTF-8."))
        except ValueError as exc:
            return json_error(400, _("Malformed JSON: %(error)s") % {"error": exc})
        if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
            return json_error(400, _('The body must be a JSON object with a "records" list.'), "records")
        unknown = sorted(set(payload) - {"records"})
        if unknown:
            return json_error(400, _("Unknown top-level field(s): %(names)s.") % {"names": ", ".join(unknown)})
        records = payload["records"]
        if len(records) > settings.API_MAX_RECORDS:
            message = _("A request holds at most %(max)s records; this one has %(n)s.")
            return json_error(413, message % {"max": settings.API_MAX_RECORDS, "n": len(records)}, "records")
        if not records:
            return json_error(400, _("A request holds 1 to %(max)s records.") % {"max": settings.API_MAX_RECORDS})
        writable = writable_store_today(client)
        clean, errors = validate_records(records, {code: today for code, (_pk, today) in writable.items()})
        if errors:
            forbidden_only = all(e.forbidden for e in errors)
            return Response({"errors": [e.as_dict() for e in errors]}, status=403 if forbidden_only else 400)
        try:
            status, response = metrics_ingest(
                client,
                clean,
                {code: pk for code, (pk, _today) in writable.items()},
                idempotency_key=key,
                body_hash=digest,
            )
        except IdempotencyConflict:
            return self._idempotency_conflict()
        return Response(response, status=status)

    @staticmethod
    def _idempotency_conflict() -> Response:
        return json_error(422, _("This Idempotency-Key was used with a different body."), "Idempotency-Key")
