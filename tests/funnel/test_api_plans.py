"""Plans, stage plans and milestones in the REST API."""

from __future__ import annotations

import pytest

from accounts.choices import Role
from funnel.models import Plan
from tests.factories import MembershipFactory, UserFactory, api_client_with_key

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


def test_a_manager_creates_a_plan_from_the_template(api, plan_id):
    body = api.get(f"/api/v1/plans/{plan_id}/").json()
    assert [s["number"] for s in body["stages"]] == [1, 2, 3, 4, 5]
    assert body["status"] == "draft" and body["milestones"]
    assert body["stages"][0]["implied_uv"] == 50  # 1 order/day at 2%


def test_a_plan_over_three_years_is_refused_with_nothing_written(api, manager):
    api.force_authenticate(manager)
    response = api.post(
        "/api/v1/plans/",
        {"store": "own-store", "name": "typo", "period_start": "2026-01-01", "period_end": "2030-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "at most 1098 days" in response.json()["period_end"][0]
    assert not Plan.objects.exists()


def test_customer_service_cannot_create_plans(api, own_store):
    user = MembershipFactory(user=UserFactory(username="cs"), store=own_store, role=Role.CUSTOMER_SERVICE).user
    api.force_authenticate(user)
    response = api.post(
        "/api/v1/plans/",
        {"store": "own-store", "name": "x", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        format="json",
    )
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_patching_a_stage_needs_the_lock_version_and_detects_conflicts(api, plan_id):
    plan = api.get(f"/api/v1/plans/{plan_id}/").json()
    stage_id, lock = plan["stages"][3]["id"], plan["lock_version"]
    assert api.patch(f"/api/v1/stage-plans/{stage_id}/", {"orders_per_day": "35"}, format="json").status_code == 400
    ok = api.patch(f"/api/v1/stage-plans/{stage_id}/", {"orders_per_day": "35", "lock_version": lock}, format="json")
    assert ok.status_code == 200 and ok.json()["orders_per_day"] == "35.0"
    late = api.patch(f"/api/v1/stage-plans/{stage_id}/", {"orders_per_day": "40", "lock_version": lock}, format="json")
    assert late.status_code == 409
    assert late.json()["errors"][0] | {"message": ""} == {
        "index": None,
        "field": "lock_version",
        "message": "",
        "current": lock + 1,
    }
    assert api.get(f"/api/v1/stage-plans/{stage_id}/").json()["orders_per_day"] == "35.0"


def test_an_invalid_stage_patch_says_why_and_changes_nothing(api, plan_id):
    plan = api.get(f"/api/v1/plans/{plan_id}/").json()
    stage = plan["stages"][1]
    response = api.patch(
        f"/api/v1/stage-plans/{stage['id']}/", {"uv_min": 5000, "lock_version": plan["lock_version"]}, format="json"
    )
    assert response.status_code == 400
    assert "min ≤ max" in str(response.json())
    assert api.get(f"/api/v1/stage-plans/{stage['id']}/").json()["uv_min"] == stage["uv_min"]


def test_copy_and_activate(api, plan_id):
    copy = api.post(f"/api/v1/plans/{plan_id}/copy/", {"scenario": "stretch"}, format="json").json()
    assert copy["scenario"] == "stretch" and copy["version"] == 2
    assert api.post(f"/api/v1/plans/{copy['id']}/activate/").json()["status"] == "active"


def test_patching_a_plan_changes_its_name_with_the_lock(api, plan_id):
    lock = api.get(f"/api/v1/plans/{plan_id}/").json()["lock_version"]
    response = api.patch(f"/api/v1/plans/{plan_id}/", {"name": "2026 年度", "lock_version": lock}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "2026 年度"


def test_milestones_are_added_and_removed_by_managers(api, plan_id):
    created = api.post(
        "/api/v1/milestones/",
        {
            "plan": plan_id,
            "title": "≥80 orders/day",
            "metric": "orders_per_day",
            "target": "80",
            "due_date": "2026-09-01",
        },
        format="json",
    )
    assert created.status_code == 201
    assert api.delete(f"/api/v1/milestones/{created.json()['id']}/").status_code == 204
    outside = api.post(
        "/api/v1/milestones/",
        {"plan": plan_id, "title": "x", "metric": "orders_per_day", "target": "1", "due_date": "2027-09-01"},
        format="json",
    )
    assert outside.status_code == 400


def test_other_stores_plans_are_invisible_and_api_clients_read_their_own(api, plan_id, other_store, own_store):
    outsider = MembershipFactory(user=UserFactory(username="o"), store=other_store, role=Role.OPS_MANAGER).user
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/plans/{plan_id}/").status_code == 404
    assert api.get("/api/v1/plans/").json()["count"] == 0
    _, key = api_client_with_key("reader", own_store)
    api.force_authenticate(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"/api/v1/plans/{plan_id}/").status_code == 200
    assert api.post(f"/api/v1/plans/{plan_id}/activate/").status_code == 403


def test_a_plan_keeps_the_weights_and_notes_it_is_created_with(api, manager):
    api.force_authenticate(manager)
    body = {
        "store": "own-store",
        "name": "2026",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "weekday_weights": [1, 1, 1, 1, 1.2, 1.5, 1.3],
        "month_weights": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.5, 1],
        "notes": "双11 加权",
    }
    created = api.post("/api/v1/plans/", body, format="json")
    assert created.status_code == 201, created.content
    stored = api.get(f"/api/v1/plans/{created.json()['id']}/").json()
    assert stored["weekday_weights"] == [1, 1, 1, 1, 1.2, 1.5, 1.3]
    assert stored["month_weights"][10] == 1.5
    assert stored["notes"] == "双11 加权"
    even = {k: v for k, v in body.items() if k not in ("weekday_weights", "month_weights")} | {"scenario": "even"}
    even_id = api.post("/api/v1/plans/", even, format="json").json()["id"]
    day = "2026-11-04"  # a Wednesday of November: weight 1 × 1.5 against 1 × 1
    weighted = Plan.objects.get(pk=stored["id"]).daily_targets.get(date=day).gmv
    assert weighted > Plan.objects.get(pk=even_id).daily_targets.get(date=day).gmv
