"""The assessment API's contract: weights, teamwork scores, compute and finalise, and whose scorecards one reads."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.choices import Role
from assessments.defaults import DEFAULT_WEIGHTS
from assessments.models import AssessmentPeriod, RoleWeights, TeamworkScore
from tests.factories import MembershipFactory, UserFactory

from .factories import month_actuals, month_ratings, staff, staff_member, unrounded_month

pytestmark = pytest.mark.django_db
WEIGHTS = "/api/v1/assessments/weights/"
TEAMWORK = "/api/v1/assessments/teamwork/"
SCORECARDS = "/api/v1/assessments/scorecards/"
COMPUTE = "/api/v1/assessments/scorecards/compute/"
FINALISE = "/api/v1/assessments/scorecards/finalise/"


def signed_in(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


@pytest.fixture
def team(own_store, member):
    month_actuals(own_store)
    month_ratings(own_store)
    manager = member(Role.OPS_MANAGER)
    wang, wang_user = staff_member(own_store, "customer_service", "Wang")
    zhang, _zhang_user = staff_member(own_store, "customer_service", "Zhang")
    return {"manager": signed_in(manager), "wang": wang, "wang_api": signed_in(wang_user), "zhang": zhang}


def test_every_member_reads_the_weights_with_the_defaults_marked(own_store, team):
    response = team["wang_api"].get(WEIGHTS, {"store": own_store.code})
    assert response.status_code == 200
    rows = {row["role"]: row for row in response.json()}
    assert len(rows) == 7 and rows["promoter"]["is_default"] is True
    assert rows["promoter"]["results"] == DEFAULT_WEIGHTS["promoter"]["results"]


def test_weights_that_do_not_add_up_are_a_clear_400_and_nothing_is_written(own_store, team):
    body = {"store": own_store.code, "role": "promoter", **DEFAULT_WEIGHTS["promoter"], "results": 80, "uv": 45}
    response = team["manager"].post(WEIGHTS, body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["dimensions"] == [
        "Results, customer satisfaction and teamwork add up to 110%; they must add up to 100%."
    ]
    assert errors["results"] == ["The results figures add up to 105%; they must add up to 100%."]
    assert not RoleWeights.objects.exists()


def test_a_role_missing_from_the_catalogue_is_a_400(own_store, team):
    from staffing.models import StaffRole

    StaffRole.objects.filter(code="promoter").delete()
    body = {"store": own_store.code, "role": "promoter", **DEFAULT_WEIGHTS["promoter"]}
    response = team["manager"].post(WEIGHTS, body, format="json")
    assert response.status_code == 400 and "role" in response.json()
    assert not RoleWeights.objects.exists()


def test_the_manager_sets_weights_and_others_may_not(own_store, other_store, team):
    body = {"store": own_store.code, "role": "promoter", **DEFAULT_WEIGHTS["promoter"], "results": 60, "teamwork": 30}
    assert team["wang_api"].post(WEIGHTS, body, format="json").status_code == 403
    response = team["manager"].post(WEIGHTS, body, format="json")
    assert response.status_code == 200 and response.json()["is_default"] is False
    assert RoleWeights.objects.get().teamwork == 30
    assert team["manager"].post(WEIGHTS, {**body, "store": other_store.code}, format="json").status_code == 404


def test_a_manager_of_another_store_who_only_reads_this_one_is_refused(own_store, other_store, team):
    user = UserFactory(username="elsewhere")
    MembershipFactory(user=user, store=other_store, role=Role.OPS_MANAGER)
    MembershipFactory(user=user, store=own_store, role=Role.VIEWER)
    body = {"store": own_store.code, "role": "promoter", **DEFAULT_WEIGHTS["promoter"]}
    assert signed_in(user).post(WEIGHTS, body, format="json").status_code == 403


def test_teamwork_scores_are_written_by_the_manager(own_store, other_store, team):
    body = {"store": own_store.code, "person": team["wang"].pk, "month": "2026-09", "score": 75, "comment": "ok"}
    response = team["manager"].post(TEAMWORK, body, format="json")
    assert response.status_code == 201 and response.json()["month"] == "2026-09"
    assert TeamworkScore.objects.get().score == 75
    assert team["manager"].post(TEAMWORK, {**body, "score": 101}, format="json").status_code == 400
    outsider = staff(other_store, "designer", "Li")
    assert team["manager"].post(TEAMWORK, {**body, "person": outsider.pk}, format="json").status_code == 404
    assert team["wang_api"].post(TEAMWORK, body, format="json").status_code == 403


def test_compute_finalise_and_a_finalised_month_is_409_without_new_version(own_store, team):
    body = {"store": own_store.code, "month": "2026-09"}
    computed = team["manager"].post(COMPUTE, body, format="json")
    assert computed.status_code == 200
    data = computed.json()
    assert data["version"] == 1 and len(data["scorecards"]) == 2
    assert data["scorecards"][0]["missing"] == ["teamwork"]
    assert team["manager"].post(FINALISE, body, format="json").json()["finalised_at"]
    refused = team["manager"].post(COMPUTE, body, format="json")
    assert refused.status_code == 409 and "new_version" in refused.json()["detail"]
    again = team["manager"].post(COMPUTE, {**body, "new_version": True}, format="json")
    assert again.status_code == 200 and again.json()["version"] == 2
    assert AssessmentPeriod.objects.count() == 2
    assert team["wang_api"].post(COMPUTE, body, format="json").status_code == 403


def test_scorecards_are_everyones_for_the_manager_and_only_ones_own_for_a_member(own_store, team, token_api):
    team["manager"].post(COMPUTE, {"store": own_store.code, "month": "2026-09"}, format="json")
    everyone = team["manager"].get(SCORECARDS, {"store": own_store.code, "month": "2026-09"}).json()["results"]
    assert {c["person_name"] for c in everyone} == {"Wang", "Zhang"}
    own = team["wang_api"].get(SCORECARDS, {"store": own_store.code}).json()["results"]
    assert [c["person_name"] for c in own] == ["Wang"]
    assert token_api.get(SCORECARDS, {"store": own_store.code}).status_code == 403  # a client without read_staff
    assert team["manager"].get(SCORECARDS, {"store": "other-store"}).status_code == 404
    assert team["manager"].get(SCORECARDS, {"store": own_store.code, "month": "09/2026"}).status_code == 400


def test_a_scorecard_total_is_weighted_from_the_unrounded_scores(own_store, member):
    unrounded_month(own_store)
    api = signed_in(member(Role.OPS_MANAGER))
    [card] = api.post(COMPUTE, {"store": own_store.code, "month": "2026-09"}, format="json").json()["scorecards"]
    assert (card["satisfaction"], card["teamwork"], card["total"]) == ("79.3", "77.0", "78.7")  # not 78.6
    assert card["missing"] == ["results"]


def test_the_endpoints_are_in_the_schema_with_their_errors(client):
    schema = client.get("/api/schema/?format=json").json()
    compute = schema["paths"]["/api/v1/assessments/scorecards/compute/"]["post"]["responses"]
    assert {"200", "400", "403", "404", "409"} <= set(compute)
    assert "/api/v1/assessments/weights/" in schema["paths"]
