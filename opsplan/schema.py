"""OpenAPI schema post-processing: every operation documents the error responses it can give.

Views document their own specific errors (the ingest's 400/403/413/422 bodies); this hook adds, where an
operation does not say otherwise, the answers any authenticated, throttled, store-scoped endpoint gives:
a request a client cannot know is bad in advance must still be a documented response, not a surprise.
"""

from __future__ import annotations

import re
from typing import Any

from core.api import ENVELOPED_STATUSES
from core.dates import MONTH_PATTERN, business_date_pattern, business_month_pattern

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "What went wrong, in the caller's language.",
}
VALIDATION = {
    "type": "object",
    "additionalProperties": True,
    "description": "Field names (or `non_field_errors`, `detail`, `errors`) mapped to what is wrong with them.",
}
COMMON = {
    "401": "No credentials, or wrong ones.",
    "403": "The caller may not do this in this store.",
    "404": "No such object among the stores the caller may see (or no such page of a list).",
    "429": "Too many requests; retry after `Retry-After` seconds.",
    "503": "The database is unavailable for a moment (a restart, a failover); nothing was changed. "
    "Retry after `Retry-After` seconds.",
}
WITH_INPUT = {"400": "The parameters or the body are invalid; nothing was changed."}
WITH_BODY = {
    "413": "The body is over the size limit.",
    "415": "The body is not in a media type the operation accepts.",
}
METHODS = ("get", "put", "patch", "post", "delete")


def _response(description: str, schema_name: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def document_common_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", DETAIL)
    schemas.setdefault("ValidationErrors", VALIDATION)
    for path_item in result.get("paths", {}).values():
        for method in METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            extra = dict(COMMON)
            if operation.get("parameters") or path_item.get("parameters") or "requestBody" in operation:
                extra.update(WITH_INPUT)
            if "requestBody" in operation:
                extra.update(WITH_BODY)
            for status, description in extra.items():
                if status not in responses:
                    schema_name = "ValidationErrors" if status == "400" else "ErrorDetail"
                    responses[status] = _response(description, schema_name)
    return result


# JSON Schema's "time" format is RFC 3339's full-time, which needs a UTC offset; opsplan's times of day are
# wall-clock times in the store's time zone ("09:00:00"), so they are described by a pattern instead.
LOCAL_TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"}


def _local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node.update(LOCAL_TIME)
            node.setdefault("description", "A time of day in the store's time zone, HH:MM[:SS].")
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def describe_local_times(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: times of day as ``HH:MM[:SS]`` strings without an offset."""
    _local_times(result)
    return result


# Money and other decimals are sent as strings (COERCE_DECIMAL_TO_STRING), but the server reads a JSON number as well
# as a string (docs/API.md): a request's decimal is declared as either. drf-spectacular's pattern for a decimal string,
# ``^-?\d{0,W}(?:\.\d{0,F})?$``, also matches "", "-" and ".", which DRF's DecimalField refuses (400): a decimal
# string has at least one digit. A number has at most W digits before its point, as the string.
SPECTACULAR_DECIMAL = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def decimal_string_pattern(whole: int, fraction: int) -> str:
    """A decimal string of at most ``whole`` digits before the point and ``fraction`` after it, at least one digit."""
    if not fraction:
        return rf"^-?\d{{1,{max(whole, 1)}}}$"
    if not whole:
        return rf"^-?0?\.\d{{1,{fraction}}}$|^-?0$"
    return rf"^-?(?:\d{{1,{whole}}}(?:\.\d{{0,{fraction}}})?|\.\d{{1,{fraction}}})$"


def _decimal_either(node: Any) -> Any:
    if isinstance(node, list):
        return [_decimal_either(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: _decimal_either(value) for key, value in node.items()}
    if node.get("type") == "string" and node.get("format") == "decimal":
        string = {
            k: v for k, v in node.items() if k not in ("nullable", "description", "title", "readOnly", "writeOnly")
        }
        number: dict[str, Any] = {"type": "number"}
        digits = SPECTACULAR_DECIMAL.match(string.get("pattern", ""))
        if digits:
            whole, fraction = int(digits[1]), int(digits[2])
            string["pattern"] = decimal_string_pattern(whole, fraction)
            bound = 10**whole
            number.update({"minimum": -bound, "exclusiveMinimum": True, "maximum": bound, "exclusiveMaximum": True})
        either = {"oneOf": [number, string]}
        either.update({k: v for k, v in node.items() if k in ("nullable", "description", "title")})
        return either
    return node


def accept_decimal_numbers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: a request body's decimal is a JSON number or a decimal string."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in list(schemas):
        if name.endswith("Request"):
            schemas[name] = _decimal_either(schemas[name])
    return result


# The body core.api.exception_handler gives each error status it produces: a validation error maps fields to
# their problems; every other refusal of DRF's is ``{"detail": "…"}``. The bulk ingests' POST (a view's
# ``errors_envelope``) answers the enveloped statuses as ``{"errors": [...]}`` instead. Other statuses (409, 422)
# come from the views themselves, which declare their bodies.
HANDLER_BODIES = {
    "400": "ValidationErrors",
    **dict.fromkeys(("401", "403", "404", "405", "406", "413", "415", "429", "503"), "ErrorDetail"),
}
ENVELOPE_BODY = "Errors"


def _view_class(template: str) -> Any:
    """The view class behind a schema path (its parameters replaced by a value every converter here accepts)."""
    from django.urls import Resolver404, resolve

    try:
        callback = resolve(re.sub(r"\{[^}]+\}", "1", template)).func
    except Resolver404:
        return None
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def declare_error_bodies(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: an error response a view declares by its description only gets the
    body the exception handler answers that status with, so no error response is documented without its body."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", DETAIL)
    schemas.setdefault("ValidationErrors", VALIDATION)
    enveloped = {str(status) for status in ENVELOPED_STATUSES} | {"503"}
    for template, path_item in result.get("paths", {}).items():
        view = None
        for method in METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            for status, response in operation.get("responses", {}).items():
                if response.get("content") or status.startswith("2") or status not in HANDLER_BODIES:
                    continue
                view = view or _view_class(template)
                name = HANDLER_BODIES[status]
                if status in enveloped and method.upper() in getattr(view, "errors_envelope", ()):
                    name = ENVELOPE_BODY
                response["content"] = _response(response.get("description", ""), name)["content"]
    return result


def _business_ranges(node: Any, patterns: dict[str, str], refs: set[str]) -> None:
    """Dates and months in ``node`` get the business range's patterns; component references are collected."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "date":
            node["pattern"] = patterns["date"]
        elif node.get("pattern") == MONTH_PATTERN:
            node["pattern"] = patterns["month"]
        if isinstance(node.get("$ref"), str):
            refs.add(node["$ref"].rsplit("/", 1)[-1])
        for value in node.values():
            _business_ranges(value, patterns, refs)
    elif isinstance(node, list):
        for value in node:
            _business_ranges(value, patterns, refs)


# Django's and DRF's text fields refuse a NUL character (a 400), in a filter as in a query serializer.
NO_NULL_CHARACTER = "^[^\\u0000]*$"


def describe_request_limits(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: what a client sends is declared with the limits the server holds it to.

    - A query parameter is never empty: the API answers ``?store=`` 400 like any malformed value
      (:class:`stores.references.ReadableFilterBackend`, query serializers, :class:`core.api.Pagination`), so
      every string query parameter has ``minLength: 1``; nor does it hold a NUL character, which text fields refuse.
    - A date or a month a client sends (query, path, header or body) lies in the business range
      (:mod:`core.dates`); responses keep the plain format, as rows stored before the range may lie outside it.
    """
    patterns = {"date": business_date_pattern(), "month": business_month_pattern()}
    schemas = result.get("components", {}).get("schemas", {})
    refs: set[str] = set()
    for path_item in result.get("paths", {}).values():
        for method in METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                plain = not ({"enum", "format", "pattern"} & set(schema))
                if parameter.get("in") == "query" and schema.get("type") == "string" and plain:
                    schema.setdefault("minLength", 1)
                    schema["pattern"] = NO_NULL_CHARACTER
                _business_ranges(schema, patterns, refs)
            _business_ranges(operation.get("requestBody", {}), patterns, refs)
    done: set[str] = set()
    while refs - done:
        name = (refs - done).pop()
        done.add(name)
        _business_ranges(schemas.get(name, {}), patterns, refs)
    return result
