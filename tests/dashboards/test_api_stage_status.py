"""A store's stage status in the REST API (``/api/v1/stores/<code>/stage-status/``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(own_store):
    return MembershipFactory(user=UserFactory(username="mgr"), store=own_store, role=Role.OPS_MANAGER).user


@pytest.fixture
def plan_id(api, manager):
    api.force_authenticate(manager)
    response = api.post(
        "/api/v1/plans/",
        {"store": "own-store", "name": "2026", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_stage_status_reports_stage_averages_and_recommendation(api, plan_id, own_store, pusher, token_api):
    api.post(f"/api/v1/plans/{plan_id}/activate/")
    today = timezone.localdate()
    records = [
        {"store": "own-store", "date": (today - timedelta(days=i)).isoformat(), "uv": 40, "orders": 1}
        for i in range(1, 29)
    ]
    assert token_api.post("/api/v1/metrics/daily/", {"records": records}, format="json").status_code == 200
    from django.core.management import call_command

    call_command("rollup", stdout=__import__("io").StringIO())
    body = api.get("/api/v1/stores/own-store/stage-status/").json()
    assert body["plan"] == plan_id and body["uv_7d"] == 40 and body["orders_28d"] == 1
    assert body["recommendation"] in {"hold", "behind", "advance"} and body["reasons"]
    assert date.fromisoformat(body["as_of"]) == today
