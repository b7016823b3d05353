"""Validation of a response against the OpenAPI document that describes it.

The schema is OpenAPI 3.0: its schema objects are JSON Schema (draft 4 style) plus ``nullable``, which this module
turns into a ``null`` type (or an ``anyOf`` with ``null`` around a reference) before validating with jsonschema.
Formats are checked: ``date`` and ``date-time`` as ISO 8601, ``uuid``, and ``decimal`` as a decimal number.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jsonschema import Draft7Validator, FormatChecker

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: Any) -> bool:
    return not isinstance(value, str) or (
        bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))
    )


@FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.tzinfo is not None


@FORMATS.checks("decimal", raises=InvalidOperation)
def _is_decimal(value: Any) -> bool:
    return not isinstance(value, str) or Decimal(value).is_finite()


def json_schema(node: Any) -> Any:
    """An OpenAPI 3.0 schema object as JSON Schema: ``nullable: true`` admits ``null``."""
    if isinstance(node, list):
        return [json_schema(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node and not any(k in node for k in ("$ref", "allOf", "oneOf", "anyOf")):
            node["type"] = [node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


class ResponseValidator:
    """Validates (status, body) of an operation against what the document declares for it."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components = json_schema(copy.deepcopy(document.get("components", {})))
        self.operations = {
            operation["operationId"]: operation
            for item in document["paths"].values()
            for method, operation in item.items()
            if isinstance(operation, dict) and "operationId" in operation
        }

    def errors(self, operation_id: str, status: int, content_type: str, body: bytes) -> list[str]:
        import json

        responses = self.operations[operation_id]["responses"]
        declared = responses.get(str(status)) or responses.get("default")
        if declared is None:
            return [f"status {status} is not documented (documented: {sorted(responses)})"]
        content = declared.get("content")
        if not content:
            return [] if not body else [f"status {status} documents no body but one came: {body[:200]!r}"]
        media = content_type.split(";")[0].strip()
        if media not in content:
            return [f"status {status} came as {media!r}, documented as {sorted(content)}"]
        schema = content[media].get("schema")
        if schema is None or media != "application/json":
            return []
        try:
            instance = json.loads(body)
        except ValueError as exc:
            return [f"not JSON: {exc}"]
        validator = Draft7Validator(
            {"allOf": [json_schema(copy.deepcopy(schema))], "components": self.components}, format_checker=FORMATS
        )
        return [
            f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message[:300]}"
            for error in validator.iter_errors(instance)
        ]
