"""Shared pieces of the REST API that know no app: query parameters, strict JSON types, versions, pagination and
error shapes. Store scoping and throttles per principal are in stores.scoping."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import is_patched_serializer
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .errors import ServiceForbidden, ServiceInvalid
from .unavailable import RETRY_AFTER_SECONDS, is_database_outage, unavailable_message

logger = logging.getLogger(__name__)


INTEGER_TEXT = re.compile(r"-?[0-9]+")


def query_integer(params: Any, name: str, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """The whole number a query parameter holds (None when absent); a 400 naming it when it is empty, not written
    as digits alone (no spaces, signs or fractions) or outside ``[minimum, maximum]``."""
    raw = params.get(name)
    if raw is None:
        return None
    field = QueryIntegerField(min_value=minimum, max_value=maximum)
    try:
        return field.run_validation(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from None


EMPTY_PARAMETER = _lazy("Give a value, or leave the parameter out.")


class QueryIntegerField(serializers.IntegerField):
    """A whole number in a query string: digits alone (DRF's field also takes ``" 5"``, ``"5.0"`` and ``"5_0"``)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not INTEGER_TEXT.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


def is_text_field(field: serializers.Field) -> bool:
    """Whether the schema declares a field's value a JSON string: text, a slug reference, a choice of strings."""
    if isinstance(field, serializers.CharField | serializers.SlugRelatedField):
        return True
    if isinstance(field, serializers.ChoiceField) and not isinstance(field, serializers.MultipleChoiceField):
        return bool(field.choices) and all(isinstance(choice, str) for choice in field.choices)
    return False


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_type_fits(field: serializers.Field, value: Any) -> bool:
    """Whether a raw JSON value (not null) has the type the schema declares for ``field``: text for text, true or
    false for a boolean, a whole number for an integer or an object's id, a number for a float, a number or a
    decimal string with a digit for a decimal. DRF alone also reads ``0`` as text, ``0`` or ``"yes"`` as booleans,
    ``"5"`` as a number and ``""`` as a nullable decimal's null."""
    if is_text_field(field):
        return isinstance(value, str)
    if isinstance(field, serializers.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return _is_number(value) and float(value).is_integer()
    if isinstance(field, serializers.FloatField):
        return _is_number(value)
    if isinstance(field, serializers.DecimalField):
        return _is_number(value) or (isinstance(value, str) and any(c.isdigit() for c in value))
    return True


def _wrong_types(field: serializers.Field, value: Any) -> Any:
    """The errors of a raw JSON value whose type is not the one the schema declares for ``field`` (None if none),
    with the field's own message; follows lists and objects of values (a nested serializer checks its own)."""
    if value is None:
        return None
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        errors = {index: wrong for index, item in enumerate(value) if (wrong := _wrong_types(field.child, item))}
        return errors or None
    if isinstance(field, serializers.DictField) and isinstance(value, dict):
        errors = {key: wrong for key, item in value.items() if (wrong := _wrong_types(field.child, item))}
        return errors or None
    if json_type_fits(field, value):
        return None
    return [field.error_messages.get("invalid") or serializers.CharField.default_error_messages["invalid"]]


# A serializer that takes the JSON types the schema declares and no other (json_type_fits): DRF's fields also turn a
# number into text (``"name": 0`` → ``"0"``), ``0`` into false and ``"5"`` into 5; here that is a 400 naming the field,
# with the body's other errors. Every serializer that reads a request body has it (InputSerializer,
# stores.references.ReadableModelSerializer; tests/opsplan/test_request_bodies.py sweeps every body). A query string's
# values are all text and are left to the fields. The mixins here keep their description in comments: drf-spectacular
# would give a docstring to every component without its own.
class StrictTypesMixin:
    def to_internal_value(self, data: Any) -> dict[str, Any]:
        wrong: dict[str, Any] = {}
        if isinstance(data, dict) and not hasattr(data, "getlist"):
            for field in self._writable_fields:
                if field.field_name in data and (errors := _wrong_types(field, data[field.field_name])):
                    wrong[field.field_name] = errors
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if wrong and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **wrong}) from None
            raise
        if wrong:
            raise serializers.ValidationError(wrong)
        return values


# The base of a serializer that reads a request body and is not a model's.
class InputSerializer(StrictTypesMixin, serializers.Serializer):
    pass


class QuerySerializer(InputSerializer):
    """The query parameters of a view that is not a filtered list, declared once for the server and the schema
    (``extend_schema(parameters=[TheQuerySerializer])``): a parameter sent empty is a 400 like a malformed one (DRF
    alone reads an empty optional parameter as absent), a required one missing is a 400."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        empty = {name: [EMPTY_PARAMETER] for name in self.fields if hasattr(data, "getlist") and data.get(name) == ""}
        if empty:
            raise serializers.ValidationError(empty)
        return super().to_internal_value(data)

    @classmethod
    def of(cls, request: Any) -> dict[str, Any]:
        """The request's query parameters, validated (a 400 naming each bad one)."""
        query = cls(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data


class StoreQuerySerializer(QuerySerializer):
    store = serializers.SlugField(help_text="The store's code.")


class Pagination(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (1 to :attr:`max_page_size`): a value that is not such a whole number
    is a 400 naming the parameter, as the schema states (the limits below are the ones it declares); a page past the
    end is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 1000
    last_page_strings = ()

    def get_page_size(self, request) -> int | None:
        size = query_integer(request.query_params, self.page_size_query_param, 1, self.max_page_size)
        return self.page_size if size is None else size

    def paginate_queryset(self, queryset, request, view=None):
        query_integer(request.query_params, self.page_query_param, 1)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


def json_error(status: int, message: str, field: str | None = None) -> Response:
    """An error in the contract's shape: ``{"errors": [{"index", "field", "message"}]}``."""
    return Response({"errors": [{"index": None, "field": field, "message": message}]}, status=status)


class KeyedObjectField(serializers.DictField):
    """A JSON object whose keys are a fixed set (role codes, promotion kinds): the schema names them and no other
    (:class:`KeyedObjectFieldExtension`), and at least one unless ``allow_empty``. The service that takes the object
    refuses another key (400 naming it)."""

    def __init__(self, *, keys: Any, **kwargs: Any) -> None:
        self.keys = [str(key) for key in keys]
        kwargs.setdefault("allow_empty", False)
        super().__init__(**kwargs)


class KeyedObjectFieldExtension(OpenApiSerializerFieldExtension):
    target_class = KeyedObjectField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        value = auto_schema._map_serializer_field(self.target.child, direction)
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {key: dict(value) for key in self.target.keys},
            "additionalProperties": False,
        }
        if not self.target.allow_empty:
            schema["minProperties"] = 1
        if self.target.help_text:
            schema["description"] = str(self.target.help_text)
        return schema


# A serializer of an object saved with optimistic locking: an update (PATCH) must carry ``version_field``, the version
# the client read (a 400 without it), and the schema declares it required in the update's body
# (VersionedSerializerExtension); a create ignores it. The view takes it with version_sent().
class VersionedSerializerMixin:
    version_field = "version"

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        values = super().to_internal_value(data)
        if self.instance is not None and values.get(self.version_field) is None:
            raise serializers.ValidationError({self.version_field: [_("Send the version you read.")]})
        return values


class VersionedSerializerExtension(OpenApiSerializerExtension):
    target_class = VersionedSerializerMixin
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if is_patched_serializer(self.target, direction):
            schema["required"] = sorted({*schema.get("required", []), self.target.version_field})
        return schema


def version_sent(serializer: serializers.Serializer, values: dict[str, Any]) -> int:
    """Pop the version an optimistic update carries (a :class:`VersionedSerializerMixin` has checked it is there)
    from the serializer's validated ``values``; a create drops it the same way (a new object starts at 1)."""
    return values.pop(serializer.version_field, None)


class StaleVersionErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="Always null: the error is about the whole object.")
    field = serializers.CharField(help_text="The version field the client sent (``version`` or ``lock_version``).")
    message = serializers.CharField()
    current = serializers.IntegerField(help_text="The object's version now: read the object again, then retry.")


class StaleVersionSerializer(serializers.Serializer):
    """A save on top of an old version: ``{"errors": [{"index": null, "field", "message", "current"}]}``."""

    errors = StaleVersionErrorSerializer(many=True)


def stale_version_response(description: str) -> OpenApiResponse:
    """The schema of a view's 409 answered by :func:`stale_version`."""
    return OpenApiResponse(StaleVersionSerializer, description=description)


def stale_version(field: str, current: int, message: str) -> Response:
    """409 for an optimistic save on top of an old version: one shape for plans, products and promotions,
    ``{"errors": [{"index": null, "field", "message", "current": <the version now>}]}``; nothing was written."""
    error = {"index": None, "field": field, "message": message, "current": current}
    return Response({"errors": [error]}, status=409)


ENVELOPED_STATUSES = frozenset({400, 403, 413, 415, 422})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, except for the methods a view lists in ``errors_envelope`` (the bulk ingests' POST): they
    answer their documented error statuses in the contract's ``{"errors": [...]}`` shape even when DRF itself
    refuses the request (unparseable JSON, a CSRF failure) before the view runs.

    A lost database connection answers 503 with ``Retry-After`` (the transaction is rolled back)."""
    # Imported here: rest_framework.views reads the DRF settings, which name classes of this module.
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    view = context.get("view")
    request = context.get("request")
    if is_database_outage(exc):
        logger.warning("database unavailable, answering 503", exc_info=exc)
        set_rollback()
        envelope = request is not None and request.method in getattr(view, "errors_envelope", ())
        message = unavailable_message()
        data = {"errors": [{"index": None, "field": None, "message": message}]} if envelope else {"detail": message}
        return Response(data, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    if isinstance(exc, ServiceForbidden):
        exc = PermissionDenied(str(exc))
    elif isinstance(exc, ServiceInvalid):  # a service's refusal: nothing was written (one mapping for every app)
        exc = ValidationError(exc.api_detail())
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and request is not None
        and request.method in getattr(view, "errors_envelope", ())
        and response.status_code in ENVELOPED_STATUSES
        and not (isinstance(response.data, dict) and "errors" in response.data)
    ):
        detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
        response.data = {"errors": [{"index": None, "field": None, "message": str(detail)}]}
    return response
