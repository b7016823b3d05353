"""Sweeps of the OpenAPI schema's declarations, derived from the schema and the serializers so new ones are covered:
every property has a type, every month is the one month type, every field that can be null is declared nullable,
every response has its body, and a request's decimals accept numbers."""

from __future__ import annotations

import importlib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from core.dates import MONTH_SCHEMA, business_month_pattern

TYPED = ("type", "$ref", "allOf", "oneOf", "anyOf")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    def walk(where: str, node: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                yield where, name, prop
                yield from walk(f"{where}.{name}", prop)
            for key in ("items", "additionalProperties"):
                yield from walk(f"{where}[]", node.get(key))
            for key in ("allOf", "oneOf", "anyOf"):
                for part in node.get(key, []):
                    yield from walk(where, part)

    for name, component in schema["components"]["schemas"].items():
        yield from walk(name, component)


def test_every_property_has_a_type(schema):
    untyped = [f"{where}.{name}" for where, name, prop in _properties(schema) if not any(k in prop for k in TYPED)]
    assert not untyped, f"properties without a type, $ref or composition: {untyped}"


def test_every_month_is_a_yyyy_mm_string(schema):
    months = [
        (where, name, prop)
        for where, name, prop in _properties(schema)
        if name == "month" and prop.get("type") != "object"  # a scorecard's inputs have the month's figures
    ]
    assert len(months) > 5
    # A month a client sends is also held to the business range (opsplan.schema.describe_request_limits).
    month_patterns = {MONTH_SCHEMA["pattern"], business_month_pattern()}
    wrong = [f"{w}.{n}: {p}" for w, n, p in months if p.get("pattern") not in month_patterns or "format" in p]
    assert not wrong, "months not declared as YYYY-MM:\n" + "\n".join(wrong)
    params = [
        f"{operation['operationId']} ?{p['name']}"
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for p in operation.get("parameters", [])
        if p["name"] in ("month", "start")
        and p["schema"].get("pattern", "").startswith(r"^\d{4}-")
        and p["schema"]["pattern"] not in month_patterns
    ]
    assert not params, f"month parameters with another pattern: {params}"


def _own_serializers(plain: bool = False) -> list[type[serializers.Serializer]]:
    """The serializers of opsplan's apps: model serializers (with a Meta), or every one with ``plain``."""
    own = [c for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]
    for config in own:
        for module in ("api.serializers", "serializers"):
            try:
                importlib.import_module(f"{config.name}.{module}")
            except ModuleNotFoundError:
                pass

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = {c.name for c in own}
    return sorted(
        {
            cls
            for cls in subclasses(serializers.Serializer if plain else serializers.ModelSerializer)
            if cls.__module__.split(".")[0] in names
            and (plain or hasattr(cls, "Meta"))
            and not (issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"))
        },
        key=lambda c: f"{c.__module__}.{c.__name__}",
    )


def _nullable_source(model: Any, source: str) -> bool | None:
    """Whether a dotted source can be null on the way (a nullable column or foreign key); None if not a model's."""
    nullable = False
    for part in source.split("."):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a property or method: not a column, its return type says
            return nullable or _returns_none(getattr(model, part, None))
        nullable = nullable or bool(getattr(field, "null", False))
        model = field.related_model if field.is_relation else None
    return nullable


def _returns_none(attribute: Any) -> bool | None:
    """Whether a property's or method's annotated return type admits None (None if it is not annotated)."""
    function = attribute.fget if isinstance(attribute, property) else attribute
    if not callable(function):
        return None
    hint = typing.get_type_hints(function).get("return")
    if hint is None:
        return None
    return hint is type(None) or type(None) in typing.get_args(hint)


def _schema_property(schema: dict[str, Any], cls: type, name: str) -> dict[str, Any] | None:
    component = schema["components"]["schemas"].get(cls.__name__.removesuffix("Serializer"), {})
    return component.get("properties", {}).get(name)


def test_every_computed_field_that_can_be_none_is_declared_nullable(schema):
    """A SerializerMethodField whose ``get_*`` is annotated ``-> X | None`` comes back null: nullable in the schema
    (the other sources, through a model's nullable relation, property or method, are swept below)."""
    undeclared = []
    methods = 0
    for cls in _own_serializers(plain=True):
        for name, field in cls().fields.items():
            if not isinstance(field, serializers.SerializerMethodField):
                continue
            methods += 1
            method = getattr(cls, field.method_name or f"get_{name}")
            prop = _schema_property(schema, cls, name)
            if _returns_none(method) and prop is not None and not prop.get("nullable"):
                undeclared.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert methods > 5
    assert not undeclared, f"computed fields that come back null but are declared non-nullable: {undeclared}"


def test_every_field_whose_column_can_be_null_is_declared_nullable():
    classes = _own_serializers()
    assert len(classes) > 15
    undeclared = []
    for cls in classes:
        for name, field in cls().fields.items():
            if field.write_only or field.source == "*" or isinstance(field, serializers.ListSerializer):
                continue
            if _nullable_source(cls.Meta.model, field.source) and not field.allow_null:
                undeclared.append(f"{cls.__module__}.{cls.__name__}.{name} ({field.source})")
    assert not undeclared, f"fields that come back null but are declared non-nullable: {undeclared}"


# Responses documented without a body: "No Content" only.
EMPTY = frozenset({"204"})


def test_every_response_of_every_operation_has_its_body(schema):
    responses = [
        (f"{operation['operationId']} {status}", status, response)
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for status, response in operation.get("responses", {}).items()
    ]
    assert len([r for r in responses if not r[1].startswith("2")]) > 500
    bare = [what for what, status, response in responses if status not in EMPTY and not response.get("content")]
    assert not bare, f"responses documented without their body: {bare}"
    schemaless = [
        f"{what} {media}"
        for what, _status, response in responses
        for media, content in response.get("content", {}).items()
        if not any(k in content.get("schema", {}) for k in TYPED)
    ]
    assert not schemaless, f"bodies without a schema: {schemaless}"
    filled = [what for what, status, response in responses if status in EMPTY and response.get("content")]
    assert not filled, f"empty answers documented with a body: {filled}"


def test_every_stale_version_conflict_documents_the_current_version(schema):
    """A 409 from core.api.stale_version carries ``errors[].current``; the alerts' and assessments' 409s are
    ``{"detail"}``: each view declares the one it answers."""
    conflicts = {
        operation["operationId"]: response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for status, response in operation.get("responses", {}).items()
        if status == "409"
    }
    stale = {name for name, ref in conflicts.items() if ref == "StaleVersion"}
    assert len(stale) >= 5, conflicts
    assert set(conflicts) - stale, conflicts  # the others answer {"detail"}


def test_a_request_decimal_accepts_a_number_and_a_response_decimal_is_a_string(schema):
    for where, name, prop in _properties(schema):
        component = where.split(".")[0].split("[")[0]
        if prop.get("format") == "decimal":
            assert not component.endswith("Request"), f"{where}.{name} takes only a string"
        if any(p.get("format") == "decimal" for p in prop.get("oneOf", [])):
            assert component.endswith("Request"), f"{where}.{name}: a response decimal is a string"
            assert any(p.get("type") == "number" for p in prop["oneOf"]), f"{where}.{name}"
