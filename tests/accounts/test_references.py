"""Unknown and forbidden references look the same everywhere: for every API operation whose body or query (from the
OpenAPI schema) takes a reference to a store or a store's object, naming the other store's (a store the caller may
not read) and naming one that does not exist give the same status and the same body, once the reference itself is
taken out. Also the forms: a taken store code, a linked username. A new endpoint is covered by its schema."""

from __future__ import annotations

import json
import re

import pytest
from django.db import transaction
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.choices import Role
from tests.factories import MembershipFactory, UserFactory

from .access_world import API_REQUESTS, build_world

UNKNOWN_CODE = "no-such-ref"
UNKNOWN_PK = 987654321

# Body and query fields that name a store or a store's object, and the object of a world they name.
REFERENCES = {
    "store": lambda w: w.store,
    "plan": lambda w: w.plan,
    "product": lambda w: w.product,
    "promotion": lambda w: w.promotion,
    "person": lambda w: w.person,
    "milestone": lambda w: w.milestone,
    "user": lambda w: w.manager,
}


def _value(obj, kind: str):
    if kind == "integer":
        return obj.pk
    return getattr(obj, "code", None) or getattr(obj, "username", None) or str(obj.pk)


def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _body_fields(operation, schema) -> dict[str, str]:
    content = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref")
    if not ref:
        return {}
    properties = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]].get("properties", {})
    return {
        name: prop.get("type", "string")
        for name, prop in properties.items()
        if name in REFERENCES and not prop.get("readOnly")
    }


def _operations():
    schema = _schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch"):
                fields = _body_fields(operation, schema)
                found += [(path, method, "body", field, kind) for field, kind in fields.items()]
            if method == "get":
                found += [
                    (path, method, "query", p["name"], p.get("schema", {}).get("type", "string"))
                    for p in operation.get("parameters", [])
                    if p.get("in") == "query" and p["name"] in REFERENCES
                ]
    return found


OPERATIONS = _operations()


def test_the_sweep_finds_references_in_bodies_and_queries():
    kinds = {(where, field) for _p, _m, where, field, _k in OPERATIONS}
    assert {("body", "store"), ("body", "plan"), ("body", "person"), ("query", "store"), ("body", "user")} <= kinds


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        own, other = build_world()
        manager = MembershipFactory(
            user=UserFactory(username="refs-manager", password="!"), store=own.store, role=Role.OPS_MANAGER
        ).user
        yield own, other, manager
        transaction.set_rollback(True)


def _url(path: str, own) -> str | None:
    """The operation's path with the own store's objects for its kwargs (from access_world), or None."""
    if "{" not in path:
        return path
    name = resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name
    if name not in API_REQUESTS:
        return None
    kwargs, _query = API_REQUESTS[name](own)
    return re.sub(r"\{(\w+)\}", lambda m: str(kwargs.get(m.group(1), m.group(0))), path)


def _query_of(path: str, own) -> dict:
    try:
        name = resolve(path).url_name
    except Exception:  # noqa: BLE001 - a path the resolver does not know has no extra query
        return {}
    return dict(API_REQUESTS[name](own)[1]) if name in API_REQUESTS else {}


def _scrubbed(response, *values) -> tuple[int, str]:
    text = response.content.decode()
    for value in values:
        text = text.replace(json.dumps(value)[1:-1] if isinstance(value, str) else str(value), "<ref>")
    return response.status_code, text


@pytest.mark.parametrize(
    "path,method,where,field,kind", OPERATIONS, ids=[f"{m}-{p}-{w}-{f}" for p, m, w, f, _k in OPERATIONS]
)
def test_an_unknown_and_a_forbidden_reference_answer_the_same(path, method, where, field, kind, _shared, db):
    own, other, manager = _shared
    url = _url(path, own)
    if url is None:
        pytest.skip(f"{path}: no kwargs in access_world.API_REQUESTS")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    api.force_authenticate(manager)
    forbidden = _value(REFERENCES[field](other), kind)
    unknown = UNKNOWN_CODE if isinstance(forbidden, str) and not forbidden.isdigit() else UNKNOWN_PK
    answers = []
    for value in (forbidden, unknown):
        if where == "body":
            response = getattr(api, method)(url, {field: value}, format="json")
        else:
            response = api.get(url, {**_query_of(url, own), field: value})
        answers.append(_scrubbed(response, forbidden, unknown))
    assert answers[0] == answers[1], f"{method.upper()} {path} {where} {field}: {answers[0]} != {answers[1]}"
