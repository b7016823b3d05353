"""Sweeps of every request body the schema declares, against the serializer that reads it: what the schema says a
body holds is what the server takes. The request serializers come from drf-spectacular's own view of the URL conf,
so a new endpoint is covered.

- A field refuses a value of another JSON type than the schema declares: a number for text (DRF alone turns ``0``
  into ``"0"``), ``0`` for a boolean, ``"1"`` for a number or an id, ``""`` for a decimal
  (:class:`core.api.StrictTypesMixin`).
- An optimistic update (PATCH) requires the version the client read, in the schema and on the server
  (:class:`core.api.VersionedSerializerMixin`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiRequest
from rest_framework import serializers

from core.api import VersionedSerializerMixin, is_text_field


def _serializers(found: Any) -> Iterator[serializers.Serializer]:
    if isinstance(found, OpenApiRequest):
        found = found.request
    if isinstance(found, dict):
        for value in found.values():
            yield from _serializers(value)
    elif isinstance(found, type) and issubclass(found, serializers.BaseSerializer):
        yield from _serializers(found())
    elif isinstance(found, serializers.ListSerializer):
        yield from _serializers(found.child)
    elif isinstance(found, serializers.Serializer):
        yield found


def _request_serializers() -> dict[str, tuple[str, serializers.Serializer]]:
    """``"METHOD /path/{id}/"`` (as in the schema) → (method, the serializer that reads its body), for every
    operation with a JSON body."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    found = {}
    for path, _regex, method, callback in generator.endpoints:
        if method not in ("POST", "PUT", "PATCH"):
            continue
        view = generator.create_view(callback, method)
        if not any(parser.media_type == "application/json" for parser in view.parser_classes):
            continue  # a multipart upload: every part is text, JSON's types do not apply
        for serializer in _serializers(view.schema.get_request_serializer()):
            found[f"{method} {generator.coerce_path(path, method, view)}"] = (method, serializer)
    return found


def _nested(serializer: serializers.Serializer) -> Iterator[serializers.Serializer]:
    """The serializer and the writable serializers nested in it, each once."""
    yield serializer
    for field in serializer.fields.values():
        if field.read_only:
            continue
        child = getattr(field, "child", field)
        if isinstance(child, serializers.Serializer):
            yield from _nested(child)


def _wrong_type(field: serializers.Field) -> Any:
    """A value of another JSON type than the schema declares for ``field``, else None (a field of no fixed type)."""
    if is_text_field(field):
        return 0
    if isinstance(field, serializers.BooleanField):
        return 0
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return "1"
    if isinstance(field, serializers.FloatField):
        return "1.5"
    if isinstance(field, serializers.DecimalField):
        return ""
    return None


def _probe(field: serializers.Field) -> Any:
    """A wrong value for the field: directly, or inside its list or object of values."""
    if isinstance(field, serializers.ListField) and (wrong := _wrong_type(field.child)) is not None:
        return [wrong]
    if isinstance(field, serializers.DictField) and (wrong := _wrong_type(field.child)) is not None:
        return dict.fromkeys(getattr(field, "keys", ["key"])[:1], wrong)
    return _wrong_type(field)


@pytest.mark.django_db
def test_every_field_of_every_request_body_refuses_another_json_type():
    bodies = _request_serializers()
    assert len(bodies) > 30
    seen: set[type] = set()
    probed, accepted = [], []
    for operation, (_method, top) in sorted(bodies.items()):
        for serializer in _nested(top):
            if type(serializer) in seen:
                continue
            seen.add(type(serializer))
            for name, field in serializer.fields.items():
                if field.read_only or (probe := _probe(field)) is None:
                    continue
                probed.append(name)
                checked = type(serializer)(data={name: probe}, partial=True, context=serializer.context)
                if checked.is_valid() or name not in checked.errors:
                    accepted.append(f"{operation}: {type(serializer).__name__}.{name} = {probe!r}")
    assert len(probed) > 100
    assert not accepted, "fields that take another JSON type than the schema declares:\n" + "\n".join(accepted)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _request_component(schema: dict[str, Any], operation: str) -> dict[str, Any]:
    method, path = operation.split(" ", 1)
    body = schema["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]["schema"]
    return schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]


@pytest.mark.django_db
def test_every_versioned_update_requires_the_version_in_the_schema_and_on_the_server(schema):
    updates = {
        operation: serializer
        for operation, (method, serializer) in _request_serializers().items()
        if method in ("PATCH", "PUT")
    }
    versioned = {op: s for op, s in updates.items() if isinstance(s, VersionedSerializerMixin)}
    assert len(versioned) >= 5, sorted(updates)
    for operation, serializer in versioned.items():
        field = serializer.version_field
        assert field in _request_component(schema, operation).get("required", []), operation
        model = serializer.Meta.model
        without = type(serializer)(model(), data={}, partial=True, context=serializer.context)
        assert not without.is_valid(), operation
        assert field in without.errors, (operation, without.errors)
    # A body that carries a version field on an update is a versioned one: none is left optional.
    loose = [
        operation
        for operation, serializer in updates.items()
        if operation not in versioned and {"version", "lock_version"} & set(serializer.fields)
    ]
    assert not loose, f"updates whose version is not required: {loose}"


@pytest.mark.django_db
def test_a_create_does_not_need_a_version(schema):
    creates = [
        (operation, serializer)
        for operation, (method, serializer) in _request_serializers().items()
        if method == "POST" and isinstance(serializer, VersionedSerializerMixin)
    ]
    assert creates
    for operation, serializer in creates:
        assert serializer.version_field not in _request_component(schema, operation).get("required", []), operation


def test_every_keyed_object_names_its_keys_and_no_other(schema):
    from core.api import KeyedObjectField

    keyed = [
        (operation, name, field)
        for operation, (_method, top) in _request_serializers().items()
        for serializer in _nested(top)
        for name, field in serializer.fields.items()
        if isinstance(field, KeyedObjectField) and not field.read_only
    ]
    assert len(keyed) >= 3
    for operation, name, field in keyed:
        declared = _request_component(schema, operation)["properties"][name]
        assert declared["additionalProperties"] is False, operation
        assert sorted(declared["properties"]) == sorted(field.keys), operation
        assert declared.get("minProperties", 0) == (0 if field.allow_empty else 1), operation
