"""A lost database connection answers 503 with Retry-After (JSON under /api/, a bilingual page elsewhere), not 500."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.utils import translation

from core.unavailable import RETRY_AFTER_SECONDS, is_database_outage

LOST = OperationalError("server closed the connection unexpectedly")
PUSH = {"records": [{"store": "own-store", "date": "2026-11-01", "uv": 10, "orders": 1}]}


def test_database_errors_are_recognised_also_when_wrapped():
    assert is_database_outage(LOST)
    assert is_database_outage(InterfaceError("connection already closed"))
    try:
        try:
            raise LOST
        except OperationalError as exc:
            raise RuntimeError("while rolling up") from exc
    except RuntimeError as wrapped:
        assert is_database_outage(wrapped)
    assert not is_database_outage(ValueError("no"))
    assert not is_database_outage(None)


@pytest.mark.django_db
def test_a_push_during_an_outage_answers_503_in_the_contract_shape(token_api):
    with mock.patch("funnel.api.views.metrics_ingest", side_effect=LOST):
        response = token_api.post("/api/v1/metrics/daily/", PUSH, format="json")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {
        "errors": [
            {
                "index": None,
                "field": None,
                "message": "The database is unavailable for a moment; nothing was changed. Please retry shortly.",
            }
        ]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("error", [LOST, InterfaceError("connection already closed")])
def test_an_api_read_during_an_outage_answers_503_detail(token_api, error):
    with mock.patch("funnel.api.views.DailyMetricView.get_queryset", side_effect=error):
        response = token_api.get("/api/v1/metrics/daily/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_an_outage_in_middleware_also_answers_503_json_under_api(member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(member("ops_manager"))
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=LOST):
        response = client.get("/api/v1/metrics/daily/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Temporarily unavailable"), ("zh-hans", "暂时无法使用")],
)
def test_a_page_during_an_outage_answers_the_503_page_in_the_callers_language(member, language, text):
    client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    client.force_login(member("ops_manager"))
    with (
        translation.override(language),
        mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=LOST),
    ):
        response = client.get("/stores/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert text in response.content.decode()


@pytest.mark.django_db
def test_other_errors_stay_500(member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(member("ops_manager"))
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=RuntimeError("bug")):
        response = client.get("/stores/")
    assert response.status_code == 500
    assert "Retry-After" not in response
