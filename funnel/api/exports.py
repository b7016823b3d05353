"""The platform export import as an API endpoint, for scripts that fetch the platforms' daily reports: a multipart
upload (the file, the store, optionally the platform and the column mapping), previewed or imported all or nothing
through the same service as the import page (funnel.services.exports)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Action
from accounts.models import ApiClient
from core.api import json_error
from funnel.push import ErrorDetailSerializer, ErrorsSerializer
from funnel.services.exports import (
    EXPORT_PLATFORMS,
    MAX_EXPORT_BYTES,
    ExportPreview,
    ExportProblem,
    export_ingest,
    export_preview,
)
from funnel.services.metrics import writable_store_today
from stores.models import Store
from stores.scoping import IngestRateThrottle


class ExportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The platform's daily report as exported: .xlsx, .xls or .csv.")
    store = serializers.SlugField(help_text="The store's code.")
    # A multipart form sends an empty part for a field left empty: "" means "not given", as the server reads it.
    platform = serializers.ChoiceField(
        choices=[str(p) for p in EXPORT_PLATFORMS],
        required=False,
        allow_blank=True,
        help_text="The platform the file comes from; needed when opsplan does not recognise the file.",
    )
    mapping = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text='A JSON object of the file\'s column headers to opsplan fields, e.g. {"统计日期": "date", '
        '"访客数": "uv"}; without it the store\'s kept mapping for these headers, else the detected one, is used.',
    )


class ExportProblemSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="The line in the file; null for the whole file.")
    field = serializers.CharField(allow_null=True, help_text="The file's column header, when known.")
    message = serializers.CharField()


class ExportPreviewSerializer(serializers.Serializer):
    store = serializers.CharField()
    platform = serializers.CharField(allow_null=True, help_text="The platform the days will be imported as.")
    tool = serializers.CharField(allow_null=True, help_text="The export preset recognised, or null.")
    mapping = serializers.DictField(child=serializers.CharField(), help_text="File header -> opsplan field.")
    unmapped_headers = serializers.ListField(child=serializers.CharField())
    days = serializers.IntegerField(help_text="Days read from the file.")
    first_day = serializers.DateField(allow_null=True)
    last_day = serializers.DateField(allow_null=True)
    ready = serializers.BooleanField(help_text="Whether the file can be imported as it is.")
    errors = ExportProblemSerializer(many=True)
    warnings = ExportProblemSerializer(many=True)


class ExportImportedSerializer(serializers.Serializer):
    store = serializers.CharField()
    platform = serializers.CharField()
    source = serializers.CharField(help_text="export:<platform>")
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


ERRORS = {
    400: OpenApiResponse(ErrorsSerializer, description="A bad upload, or a file with problems (every one listed)."),
    401: OpenApiResponse(ErrorDetailSerializer, description="No key or a wrong key."),
    403: OpenApiResponse(ErrorsSerializer, description="Unknown store, or one this client may not write to."),
    413: OpenApiResponse(ErrorsSerializer, description="The file is over the size limit."),
    415: OpenApiResponse(ErrorsSerializer, description="The body is not multipart/form-data."),
    429: OpenApiResponse(ErrorDetailSerializer, description="Too many requests; retry after `Retry-After` seconds."),
}


def _problems(items: list[ExportProblem]) -> list[dict[str, Any]]:
    return [{"index": p.line, "field": p.column or None, "message": p.message} for p in items]


class ExportImportMixin:
    """Reads the upload and previews it for the store named; the two operations differ in what they answer."""

    parser_classes = [MultiPartParser]
    store_actions = {"POST": Action.PUSH_METRICS}
    errors_envelope = frozenset({"POST"})

    def get_throttles(self):
        return [IngestRateThrottle()]

    def _preview(self, request) -> ExportPreview | Response:
        client = request.user
        if not isinstance(client, ApiClient):
            return json_error(403, _("Only API clients push records; authenticate with an API key."))
        upload = ExportUploadSerializer(data=request.data)
        if not upload.is_valid():
            errors = [
                {"index": None, "field": name, "message": str(message)}
                for name, messages in upload.errors.items()
                for message in messages
            ]
            return Response({"errors": errors}, status=400)
        data = upload.validated_data
        writable = writable_store_today(client)
        if data["store"] not in writable:
            return json_error(403, _("unknown store, or not one this client may write to"), "store")
        if data["file"].size > MAX_EXPORT_BYTES:
            return json_error(413, _("The body is larger than %(limit)s bytes.") % {"limit": MAX_EXPORT_BYTES}, "file")
        mapping = None
        if data.get("mapping"):
            try:
                mapping = json.loads(data["mapping"])
            except ValueError:
                mapping = None
            if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
                return json_error(400, _("The mapping must be a JSON object of column headers to fields."), "mapping")
        store_id, today = writable[data["store"]]
        self.store = Store.objects.get(pk=store_id)
        return export_preview(
            self.store,
            data["file"].read(),
            data["file"].name,
            today=today,
            mapping=mapping,
            platform=data.get("platform"),
        )


class ExportPreviewView(ExportImportMixin, APIView):
    """Read a platform export as the import would, and say what it holds and every problem; writes nothing."""

    @extend_schema(
        request={"multipart/form-data": ExportUploadSerializer}, responses={200: ExportPreviewSerializer, **ERRORS}
    )
    def post(self, request, *args: Any, **kwargs: Any) -> Response:
        preview = self._preview(request)
        if isinstance(preview, Response):
            return preview
        first, last = preview.dates or (None, None)
        return Response(
            {
                "store": request.data["store"],
                "platform": preview.platform,
                "tool": preview.tool,
                "mapping": preview.mapping,
                "unmapped_headers": preview.unmapped_headers,
                "days": len(preview.rows),
                "first_day": first,
                "last_day": last,
                "ready": preview.ready,
                "errors": _problems(preview.errors),
                "warnings": _problems(preview.warnings),
            }
        )


class ExportImportView(ExportImportMixin, APIView):
    """Import a platform export's days all or nothing as the source ``export:<platform>``; any problem in the file
    is a 400 listing every one, with nothing written. The same file again changes nothing."""

    @extend_schema(
        request={"multipart/form-data": ExportUploadSerializer}, responses={200: ExportImportedSerializer, **ERRORS}
    )
    def post(self, request, *args: Any, **kwargs: Any) -> Response:
        preview = self._preview(request)
        if isinstance(preview, Response):
            return preview
        if not preview.ready:
            return Response({"errors": _problems(preview.errors)}, status=400)
        store = self.store
        counts = export_ingest(store, preview, client=request.user)
        first, last = preview.dates
        return Response(
            {
                "store": store.code,
                "platform": preview.platform,
                "source": preview.source,
                "first_day": first,
                "last_day": last,
                **counts.as_dict(),
            }
        )
