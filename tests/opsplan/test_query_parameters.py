"""Every query parameter the OpenAPI schema declares is held by the server to that declaration, both ways: a value
the schema forbids (empty, the wrong type, outside its enum, pattern, format or bounds) is a 400 naming the
parameter, and a value the schema allows is never a 400. The sweep is derived from the schema, so a new parameter is
covered the day it is declared; schemathesis (tests/reliability/test_api_fuzz.py) checks the same at random.

Also the push's declared limits (records, ``Idempotency-Key``) come from the constants the server enforces.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.choices import Role
from funnel.push import IDEMPOTENCY_KEY_MAX_LENGTH
from tests.factories import MembershipFactory, UserFactory

from ..accounts.access_world import build_world

OWN_STORE = "own-store"


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _query_operations() -> list[tuple[str, list[dict]]]:
    """(path, query parameters) of every GET without path parameters other than a SKU."""
    found = []
    for path, item in _schema()["paths"].items():
        operation = item.get("get")
        if operation is None or re.search(r"\{(?!sku\})", path):
            continue
        parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        if parameters:
            found.append((path.replace("{sku}", "no-such-sku"), parameters))
    return found


OPERATIONS = _query_operations()
CASES = [(path, parameter["name"]) for path, parameters in OPERATIONS for parameter in parameters]


def _malformed(schema: dict) -> list[str]:
    """Values the parameter's schema forbids, one per constraint it declares."""
    kind = schema.get("type")
    values = [""]
    if kind == "integer":
        values += ["x1", "1.5", " 1"]
        if "minimum" in schema:
            values.append(str(schema["minimum"] - 1))
        if "maximum" in schema:
            values.append(str(schema["maximum"] + 1))
    elif kind == "boolean":
        values.append("maybe")
    elif "enum" in schema:
        values.append("no-such-choice")
    elif schema.get("format") == "date":
        values += ["2026-02-30", "1999-12-31", "2100-01-01"]
    elif "pattern" in schema:
        values += [v for v in ("2026-13", "1999-12", "no such code!", "a\x00b") if not re.search(schema["pattern"], v)]
    return values


def _allowed(name: str, schema: dict) -> str:
    """A value the parameter's schema allows."""
    if "enum" in schema:
        return str(schema["enum"][0])
    kind = schema.get("type")
    if kind == "integer":
        return str(schema.get("minimum", 1))
    if kind == "boolean":
        return "true"
    if schema.get("format") == "date":
        # Today: inside every range a view builds around a default (this month), whichever end it is.
        return timezone.localdate().isoformat()
    if name == "store":
        return OWN_STORE
    if name == "role":
        return "customer_service"
    for value in ("2026-01", "x"):
        if re.search(schema.get("pattern", ""), value):
            return value
    raise AssertionError(f"no allowed value derived for {name}: {schema}")


def _required(path: str) -> dict[str, str]:
    parameters = dict(OPERATIONS)[path]
    return {p["name"]: _allowed(p["name"], p["schema"]) for p in parameters if p.get("required")}


@pytest.fixture(scope="module")
def manager(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        own, _other = build_world()
        assert own.store.code == OWN_STORE
        user = MembershipFactory(
            user=UserFactory(username="query-manager", password="!"), store=own.store, role=Role.OPS_MANAGER
        ).user
        yield user
        transaction.set_rollback(True)


@pytest.fixture
def api(manager, db):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(manager)
    return client


def test_the_sweep_finds_the_kinds_of_parameters():
    kinds = {
        (p["schema"].get("type"), p["schema"].get("format"), "enum" in p["schema"], "pattern" in p["schema"])
        for _path, parameters in OPERATIONS
        for p in parameters
    }
    assert ("integer", None, False, False) in kinds
    assert ("boolean", None, False, False) in kinds
    assert ("string", None, True, False) in kinds
    assert ("string", "date", False, True) in kinds
    assert ("string", None, False, True) in kinds
    assert len(CASES) > 100


def test_every_string_query_parameter_declares_what_an_empty_one_is():
    loose = [
        (path, p["name"])
        for path, parameters in OPERATIONS
        for p in parameters
        if p["schema"].get("type") == "string" and not p["schema"].get("minLength") and not p["schema"].get("enum")
        if not p["schema"].get("format")
    ]
    assert loose == []


@pytest.mark.parametrize("path,name", CASES, ids=[f"{path}?{name}" for path, name in CASES])
def test_a_query_parameter_is_held_to_its_declaration(path, name, api):
    schema = next(p["schema"] for p in dict(OPERATIONS)[path] if p["name"] == name)
    base = _required(path)
    for value in _malformed(schema):
        response = api.get(path, {**base, name: value})
        assert response.status_code == 400, f"{path}?{name}={value!r}: {response.status_code} {response.content!r}"
        assert name in response.json(), f"{path}?{name}={value!r}: {response.json()}"
    allowed = _allowed(name, schema)
    response = api.get(path, {**base, name: allowed})
    assert response.status_code != 400, f"{path}?{name}={allowed!r}: {response.content!r}"
    assert response.status_code < 500


REQUIRING = [path for path, parameters in OPERATIONS if any(p.get("required") for p in parameters)]


@pytest.mark.parametrize("path", REQUIRING)
def test_a_required_query_parameter_missing_is_a_400_naming_it(path, api):
    for name in _required(path):
        response = api.get(path, {k: v for k, v in _required(path).items() if k != name})
        assert response.status_code == 400, f"{path} without {name}: {response.status_code}"
        assert name in response.json()


def test_the_push_limits_in_the_schema_are_the_ones_the_server_enforces():
    schema = _schema()
    pushes = [
        (path, item["post"])
        for path, item in schema["paths"].items()
        if any(p["name"] == "Idempotency-Key" for p in item.get("post", {}).get("parameters", []))
    ]
    assert len(pushes) >= 2
    for path, operation in pushes:
        key = next(p["schema"] for p in operation["parameters"] if p["name"] == "Idempotency-Key")
        assert (key["minLength"], key["maxLength"]) == (1, IDEMPOTENCY_KEY_MAX_LENGTH), path
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        records = schema["components"]["schemas"][ref]["properties"]["records"]
        assert (records["minItems"], records["maxItems"]) == (1, settings.API_MAX_RECORDS), path


@pytest.mark.parametrize("key", ["", " key", "key ", "clé", "k" * (IDEMPOTENCY_KEY_MAX_LENGTH + 1)])
def test_an_idempotency_key_the_schema_forbids_is_a_400(key, db):
    from tests.factories import StoreFactory, api_client_with_key

    _client, secret = api_client_with_key("query-pusher", StoreFactory(code="push-store"))
    schema = _schema()
    pattern = next(
        p["schema"]["pattern"]
        for p in schema["paths"]["/api/v1/metrics/daily/"]["post"]["parameters"]
        if p["name"] == "Idempotency-Key"
    )
    assert not re.search(pattern, key)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.post("/api/v1/metrics/daily/", {"records": []}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
