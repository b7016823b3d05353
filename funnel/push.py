"""The request side of a bulk push per docs/API.md, shared by every endpoint that takes ``{"records": [...]}``.

API clients only; JSON only (415); body and record limits (413); ``Idempotency-Key`` (1–255 printable ASCII
characters) replaying the first response, or 422 for another body; malformed JSON and a missing ``records`` list are
400. The schema declares these limits from the same constants (:data:`IDEMPOTENCY_KEY`, :func:`records_field`). A view
mixes :class:`BulkPushMixin` in and implements :meth:`BulkPushMixin.push_records`.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from accounts.models import ApiClient
from core import jsonparse
from core.api import InputSerializer, json_error
from core.jsonparse import json_problem
from core.slots import push_slot_acquire, push_slot_release
from core.text import joined
from funnel.services.metrics import IdempotencyConflict, idempotent_replay, request_hash
from stores.scoping import IngestRateThrottle


class RecordErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="Position of the record in `records`.")
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorDetailSerializer(serializers.Serializer):
    """DRF's own refusals (authentication, rate limits): ``{"detail": "…"}``, in the caller's language."""

    detail = serializers.CharField()


class ErrorsSerializer(serializers.Serializer):
    errors = RecordErrorSerializer(many=True)


PUSH_ERRORS = {
    400: OpenApiResponse(ErrorsSerializer, description="Bad records (every one listed) or malformed JSON."),
    401: OpenApiResponse(ErrorDetailSerializer, description="No key or a wrong key."),
    403: OpenApiResponse(ErrorsSerializer, description="Unknown store, or one this client may not write to."),
    413: OpenApiResponse(ErrorsSerializer, description="More than 10,000 records, or a body over the size limit."),
    415: OpenApiResponse(ErrorsSerializer, description="The body is not application/json."),
    422: OpenApiResponse(ErrorsSerializer, description="Idempotency-Key reused with a different body."),
    429: OpenApiResponse(
        ErrorDetailSerializer,
        description="Too many requests, or too many pushes running at once; retry after `Retry-After` seconds.",
    ),
    503: OpenApiResponse(
        ErrorsSerializer,
        description="The database is unavailable for a moment; nothing was written. Retry after `Retry-After` seconds.",
    ),
}
IDEMPOTENCY_KEY_MAX_LENGTH = 255
# Printable ASCII, no space at either end: what an HTTP header carries unchanged, so the key stored is the one sent.
IDEMPOTENCY_KEY_PATTERN = rf"^[!-~](?:[ -~]{{0,{IDEMPOTENCY_KEY_MAX_LENGTH - 2}}}[!-~])?$"
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {
        "type": "string",
        "minLength": 1,
        "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH,
        "pattern": IDEMPOTENCY_KEY_PATTERN,
    },
    OpenApiParameter.HEADER,
    required=False,
    description=f"1 to {IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, no space at either end. "
    "A retry with the same key and body replays the first response.",
)


class PushBodySerializer(InputSerializer):
    """The body of a push: ``records`` and no other field (another one is a 400)."""


class PushBodyExtension(OpenApiSerializerExtension):
    target_class = PushBodySerializer
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        return schema


def records_field(record: serializers.Serializer) -> serializers.ListField:
    """The ``records`` list of a push body as the schema declares it: 1 to ``API_MAX_RECORDS`` records, the limits
    :class:`BulkPushMixin` holds a body to (an empty list is a 400, a longer one a 413)."""
    return serializers.ListField(child=record, min_length=1, max_length=settings.API_MAX_RECORDS)


class BulkPushMixin:
    """POST handling of a bulk push; ``push_scope`` keeps one endpoint's idempotency keys apart from another's
    (the same key sent to two endpoints is two different bodies, so the second gets 422)."""

    push_scope: str = ""
    # Errors DRF raises before the view runs (unparseable JSON met by a session's CSRF check) keep the
    # contract's shape too (core.api.exception_handler).
    errors_envelope = frozenset({"POST"})

    def get_throttles(self):
        if self.request.method == "POST":
            return [IngestRateThrottle()]
        return super().get_throttles()

    def dispatch(self, request, *args: Any, **kwargs: Any):
        self._push_slot: int | None = None
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            push_slot_release(self._push_slot)

    def initial(self, request, *args: Any, **kwargs: Any) -> None:
        """After authentication, permissions and rate limits: a POST takes a push slot or is answered 429."""
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            self._push_slot = push_slot_acquire()
            if self._push_slot is None:
                wait = settings.API_PUSH_RETRY_AFTER
                message = _("Too many pushes are running; retry after %(seconds)s seconds.") % {"seconds": wait}
                raise Throttled(wait=wait, detail=message)

    def post(self, request, *args: Any, **kwargs: Any) -> Response:
        client = request.user
        if not isinstance(client, ApiClient):
            return json_error(403, _("Only API clients push records; authenticate with an API key."))
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
        if key is not None and not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
            message = _("Idempotency-Key must be 1 to %(max)s printable ASCII characters, no space at either end.")
            return json_error(400, message % {"max": IDEMPOTENCY_KEY_MAX_LENGTH}, "Idempotency-Key")
        digest = request_hash(self.push_scope.encode() + body)
        if key:
            try:
                replay = idempotent_replay(client, key, digest)
            except IdempotencyConflict:
                return self.idempotency_conflict()
            if replay is not None:
                return Response(replay[1], status=replay[0])
        records = self._records(body)
        if isinstance(records, Response):
            return records
        return self.push_records(client, records, key, digest)

    @staticmethod
    def _records(body: bytes) -> list[Any] | Response:
        try:
            payload = jsonparse.loads_decimal(body)
        except UnicodeDecodeError:
            return json_error(400, _("The body is not valid UTF-8."))
        except ValueError as exc:
            return json_error(400, json_problem(exc))
        if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
            return json_error(400, _('The body must be a JSON object with a "records" list.'), "records")
        unknown = sorted(set(payload) - {"records"})
        if unknown:
            return json_error(400, _("Unknown top-level field(s): %(names)s.") % {"names": joined(unknown)})
        records = payload["records"]
        if len(records) > settings.API_MAX_RECORDS:
            message = _("A request holds at most %(max)s records; this one has %(n)s.")
            return json_error(413, message % {"max": settings.API_MAX_RECORDS, "n": len(records)}, "records")
        if not records:
            return json_error(400, _("A request holds 1 to %(max)s records.") % {"max": settings.API_MAX_RECORDS})
        return records

    def push_records(self, client: ApiClient, records: list[Any], key: str | None, digest: str) -> Response:
        raise NotImplementedError

    @staticmethod
    def idempotency_conflict() -> Response:
        return json_error(422, _("This Idempotency-Key was used with a different body."), "Idempotency-Key")

    @staticmethod
    def record_errors(errors: list) -> Response:
        """Every bad record listed: 403 when the only problem is the store, else 400."""
        forbidden_only = all(e.forbidden for e in errors)
        return Response({"errors": [e.as_dict() for e in errors]}, status=403 if forbidden_only else 400)
