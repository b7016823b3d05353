"""One JSON parser for every JSON request body: nesting deeper than ``API_MAX_JSON_DEPTH`` is malformed JSON, 400 in
the endpoint's documented error shape, swept over every operation of the schema that takes a JSON body."""

from __future__ import annotations

import json

import pytest

from core.jsonparse import NestingTooDeep, loads, nests_deeper_than, too_deep_message
from funnel.push import BulkPushMixin

from .test_business_dates import _client, _operations, _shared, world  # noqa: F401 - the shared fixtures

DEEP = 100_000


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_nesting_is_counted_from_the_top_level(settings):
    settings.API_MAX_JSON_DEPTH = 3
    assert loads('{"records": [{"a": 1}]}') == {"records": [{"a": 1}]}
    with pytest.raises(NestingTooDeep):
        loads('{"records": [{"a": [1]}]}')
    assert not nests_deeper_than([[[]]], 3) and nests_deeper_than([[[[]]]], 3)
    assert not nests_deeper_than("text", 0)


def test_a_body_deeper_than_the_interpreter_recursion_is_malformed_not_a_crash():
    with pytest.raises(NestingTooDeep):
        loads(_nested(DEEP))


def test_every_json_body_of_the_api_nested_100000_deep_is_a_400_in_its_error_shape(world):  # noqa: F811
    body = '{"records": ' + _nested(DEEP) + "}"
    problems, checked = [], 0
    for method, url, operation, view_class in _operations(world):
        if "application/json" not in (operation.get("requestBody") or {}).get("content", {}):
            continue
        checked += 1
        response = getattr(_client(world, view_class), method)(url, body, content_type="application/json")
        envelope = view_class is not None and method.upper() in getattr(view_class, "errors_envelope", ())
        try:
            data = json.loads(response.content)
        except ValueError:
            data = None
        if envelope:
            shaped = isinstance(data, dict) and too_deep_message() in data["errors"][0]["message"]
        else:
            shaped = data == {"detail": too_deep_message()}
        if response.status_code != 400 or not shaped:
            problems.append(f"{method.upper()} {url}: {response.status_code} {response.content[:200]!r}")
    assert checked > 30
    assert not problems, "\n".join(problems)


def test_the_pushes_answer_a_deep_body_in_the_contracts_shape(world):  # noqa: F811
    client = _client(world, BulkPushMixin)
    for url in ("/api/v1/metrics/daily/", "/api/v1/inventory/sales/daily/"):
        response = client.post(url, '{"records": ' + _nested(DEEP) + "}", content_type="application/json")
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["index"] is None and too_deep_message() in error["message"]
