"""A JSON body the parser refuses is answered in opsplan's words: no hint to Python's internals, on every endpoint."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.jsonparse import JSONParser
from tests.accounts.test_access_matrix import API
from tests.factories import StoreFactory, api_client_with_key


def _view_class(callback):
    return getattr(callback, "cls", None) or callback.view_class


@pytest.mark.parametrize("name", sorted(API))
def test_every_api_endpoint_parses_json_with_opsplans_parser(name):
    parsers = _view_class(API[name][1]).parser_classes
    json_parsers = [p for p in parsers if p.media_type == "application/json"]
    assert all(issubclass(p, JSONParser) for p in json_parsers), (name, parsers)


@pytest.mark.django_db
def test_a_number_too_long_is_a_clear_error_not_a_hint_to_pythons_limit():
    store = StoreFactory(code="json-shop")
    _client, key = api_client_with_key("erp", store)
    api = APIClient(headers={"Authorization": f"Token {key}", "Accept-Language": "en"})
    body = '{"records": [{"store": "json-shop", "date": "2026-12-01", "uv": ' + "9" * 5000 + "}]}"
    response = api.post("/api/v1/metrics/daily/", body, content_type="application/json")
    assert response.status_code == 400
    text = response.content.decode()
    assert "set_int_max_str_digits" not in text and "sys." not in text
    assert "A number in the JSON is too long: at most 4,300 digits are accepted." in text
