"""The rota API: patterns CRUD, shifts, generate and coverage, my shifts; bad input is a clear 400 and writes
nothing."""

from __future__ import annotations

import pytest

from rotas.domain import REASONS
from rotas.models import Rota, Shift, ShiftPattern
from rotas.services import shift_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_api(api, member):
    api.force_authenticate(member("ops_manager"))
    return api


def test_generate_answers_the_coverage_report(manager_api, own_store, team):
    team(2)
    body = {"store": own_store.code, "role": "customer_service", "start": "2026-03-02", "end": "2026-03-29", "seed": 3}
    response = manager_api.post("/api/v1/rota-generate/", body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["seed"] == 3 and data["created"] == Shift.objects.count() > 0
    assert data["coverage"]["shortfall"] == sum(g["shortfall"] for g in data["coverage"]["gaps"]) > 0
    gap = data["coverage"]["gaps"][0]
    assert set(gap) == {
        "date",
        "pattern",
        "pattern_name",
        "required",
        "on_duty",
        "shortfall",
        "reason",
        "reason_label",
        "blocked",
    }
    assert all(g["reason"] in REASONS and g["reason_label"] for g in data["coverage"]["gaps"])
    again = manager_api.get(
        "/api/v1/rota-coverage/",
        {"store": own_store.code, "role": "customer_service", "start": "2026-03-02", "end": "2026-03-29"},
    )
    assert again.json()["gaps"] == data["coverage"]["gaps"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"role": "customer_service", "start": "2026-03-02", "end": "2026-03-29"}, "store"),
        ({"store": "own-store", "role": "nobody", "start": "2026-03-02", "end": "2026-03-29"}, "role"),
        ({"store": "own-store", "role": "customer_service", "start": "2026-03-29", "end": "2026-03-02"}, "end"),
        ({"store": "own-store", "role": "customer_service", "start": "2026-01-01", "end": "2026-12-31"}, "end"),
        ({"store": "own-store", "role": "customer_service", "start": "soon", "end": "2026-03-02"}, "start"),
    ],
)
def test_bad_generate_input_is_a_400_naming_the_field(manager_api, own_store, team, body, field):
    team(3)
    response = manager_api.post("/api/v1/rota-generate/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Shift.objects.exists() and not Rota.objects.exists()


def test_generate_with_one_person_says_why(manager_api, own_store, team):
    team(1)
    body = {"store": own_store.code, "role": "customer_service", "start": "2026-03-02", "end": "2026-03-08"}
    response = manager_api.post("/api/v1/rota-generate/", body, format="json")
    assert response.status_code == 400
    assert "two or more people" in response.json()["non_field_errors"][0]


def test_only_the_manager_writes(api, own_store, team, member):
    team(2)
    api.force_authenticate(member("customer_service"))
    body = {"store": own_store.code, "role": "customer_service", "start": "2026-03-02", "end": "2026-03-08"}
    assert api.post("/api/v1/rota-generate/", body, format="json").status_code == 403
    assert api.get("/api/v1/shift-patterns/", {"store": own_store.code}).status_code == 200


def test_patterns_crud_and_a_bad_split_is_refused(manager_api, own_store):
    body = {
        "store": own_store.code,
        "role": "logistics",
        "name": "Night pick",
        "start_time": "22:00",
        "end_time": "06:00",
        "weekdays": [0, 1, 2, 3, 4],
    }
    created = manager_api.post("/api/v1/shift-patterns/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    bad = manager_api.patch(
        f"/api/v1/shift-patterns/{pk}/", {"second_start_time": "05:00", "second_end_time": "08:00"}, format="json"
    )
    assert bad.status_code == 400 and "second_start_time" in bad.json()
    assert ShiftPattern.objects.get(pk=pk).second_start_time is None
    duplicate = manager_api.post("/api/v1/shift-patterns/", body, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    assert manager_api.delete(f"/api/v1/shift-patterns/{pk}/").status_code == 204


def test_shifts_create_move_with_version_and_delete(manager_api, own_store, team):
    anna, bo = team(2)
    early = ShiftPattern.objects.get(store=own_store, name="Early")
    created = manager_api.post(
        "/api/v1/shifts/", {"pattern": early.pk, "person": anna.pk, "date": "2026-03-02"}, format="json"
    )
    assert created.status_code == 201, created.json()
    shift = created.json()
    assert shift["start_at"].startswith("2026-03-02T08:30:00+08:00") and shift["version"] == 1
    overlap = manager_api.post(
        "/api/v1/shifts/",
        {"pattern": ShiftPattern.objects.get(name="Late").pk, "person": anna.pk, "date": "2026-03-02"},
        format="json",
    )
    assert overlap.status_code == 400 and "person" in overlap.json()
    no_version = manager_api.patch(f"/api/v1/shifts/{shift['id']}/", {"person": bo.pk}, format="json")
    assert no_version.status_code == 400 and "version" in no_version.json()
    moved = manager_api.patch(f"/api/v1/shifts/{shift['id']}/", {"person": bo.pk, "version": 1}, format="json")
    assert moved.status_code == 200 and moved.json()["person"] == bo.pk and moved.json()["version"] == 2
    stale = manager_api.patch(f"/api/v1/shifts/{shift['id']}/", {"person": anna.pk, "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["errors"][0] | {"message": ""} == {
        "index": None,
        "field": "version",
        "message": "",
        "current": 2,
    }
    assert manager_api.delete(f"/api/v1/shifts/{shift['id']}/").status_code == 204
    assert Shift.objects.count() == 0


def test_my_shifts(api, own_store, team):
    from django.utils import timezone

    anna, _bo = team(2)
    anna.user = UserFactory(username="anna")
    anna.save()
    shift_create(own_store, ShiftPattern.objects.get(name="Early"), anna, timezone.localdate())
    api.force_authenticate(anna.user)
    data = api.get("/api/v1/my-shifts/").json()
    assert [row["store"] for row in data] == [own_store.code] and data[0]["shift"] == "Early"


def test_the_schema_documents_the_rota_endpoints(api):
    api.force_authenticate(UserFactory(username="reader"))
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/rota-generate/", "/api/v1/rota-coverage/", "/api/v1/shifts/{id}/", "/api/v1/my-shifts/"):
        assert path in schema["paths"]
    assert "409" in schema["paths"]["/api/v1/shifts/{id}/"]["patch"]["responses"]
