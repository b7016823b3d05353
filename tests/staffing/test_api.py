from decimal import Decimal

import pytest

from promotions.models import Promotion
from staffing.models import Assignment, CapacityNorm, Person, PlannedHeadcount, StaffingPolicy, TimeOff
from tests.factories import MembershipFactory, StoreFactory, UserFactory

from .conftest import D, assign, plan_with_targets
from .factories import PersonFactory, TimeOffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_manager(api, manager):
    api.force_authenticate(manager)
    return api


@pytest.fixture
def as_service(api, shop):
    api.force_authenticate(
        MembershipFactory(user=UserFactory(username="kefu"), store=shop, role="customer_service").user
    )
    return api


def test_the_role_catalogue_lists_the_seven_roles(as_service):
    rows = as_service.get("/api/v1/staffing/roles/").json()
    assert [r["code"] for r in rows][:2] == ["ops_manager", "customer_service"]
    assert len(rows) == 7 and rows[1]["default_norm"] == "15.00" and rows[1]["norm_unit"] == "orders_per_hour"


def test_norms_are_read_by_members_and_written_by_the_manager_only(as_service, api, shop, manager):
    body = as_service.get("/api/v1/staffing/norms/", {"store": "staff-shop"}).json()
    assert {r["role"]: r["norm"] for r in body["norms"]}["logistics"] is None
    put = {"store": "staff-shop", "norms": {"logistics": "150"}}
    assert as_service.put("/api/v1/staffing/norms/", put, format="json").status_code == 403
    api.force_authenticate(manager)
    response = api.put("/api/v1/staffing/norms/", put, format="json")
    assert response.status_code == 200
    assert {r["role"]: r["norm"] for r in response.json()["norms"]}["logistics"] == "150.00"


def test_bad_norms_are_a_400_and_nothing_is_written(as_manager, shop):
    response = as_manager.put(
        "/api/v1/staffing/norms/", {"store": "staff-shop", "norms": {"logistics": "120", "finance": "3"}}, format="json"
    )
    assert response.status_code == 400 and "fixed headcount" in response.json()["finance"][0]
    assert not CapacityNorm.objects.exists()
    response = as_manager.put(
        "/api/v1/staffing/norms/", {"store": "staff-shop", "norms": {"logistics": "-5"}}, format="json"
    )
    assert response.status_code == 400


def test_another_stores_staffing_is_not_found(as_manager):
    StoreFactory(code="elsewhere")
    assert as_manager.get("/api/v1/staffing/gap/", {"store": "elsewhere"}).status_code == 404
    response = as_manager.put(
        "/api/v1/staffing/norms/", {"store": "elsewhere", "norms": {"logistics": "1"}}, format="json"
    )
    assert response.status_code == 404


def test_the_policy_is_patched_and_bad_input_refused(as_manager, shop):
    body = as_manager.get("/api/v1/staffing/policy/", {"store": "staff-shop"}).json()
    assert body["promotion_multipliers"]["double_11"] == "5.00" and len(body["hourly_profile"]) == 24
    response = as_manager.patch(
        "/api/v1/staffing/policy/", {"store": "staff-shop", "hourly_profile": [1] * 23}, format="json"
    )
    assert response.status_code == 400 and "hourly_profile" in response.json()
    response = as_manager.patch(
        "/api/v1/staffing/policy/", {"store": "staff-shop", "promotion_multipliers": {"nope": "2"}}, format="json"
    )
    assert response.status_code == 400 and not StaffingPolicy.objects.exists()
    response = as_manager.patch(
        "/api/v1/staffing/policy/", {"store": "staff-shop", "max_days_in_row": 5, "service_end": "22:00"}, format="json"
    )
    assert response.status_code == 200 and response.json()["max_days_in_row"] == 5


def test_a_person_is_created_with_their_first_assignment(as_manager, shop):
    body = {
        "name": "王芳",
        "start_date": "2026-01-01",
        "store": "staff-shop",
        "role": "customer_service",
        "share": "0.5",
    }
    response = as_manager.post("/api/v1/staffing/people/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["assignments"] == [
        {
            "id": data["assignments"][0]["id"],
            "store": "staff-shop",
            "role": "customer_service",
            "share": "0.50",
            "start_date": None,
            "end_date": None,
        }
    ]
    response = as_manager.post("/api/v1/staffing/people/", {"name": "无名", "start_date": "2026-01-01"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"store", "role"}
    assert Person.objects.count() == 1


def test_a_second_store_beyond_the_persons_time_is_a_clear_400(as_manager, shop, sister):
    person = assign(shop, "customer_service", share="0.75").person
    body = {"person": person.pk, "store": "sister-shop", "role": "customer_service", "share": "0.5"}
    response = as_manager.post("/api/v1/staffing/assignments/", body, format="json")
    assert response.status_code == 400
    assert "add up to 1.25" in response.json()["assignments"][0]
    assert Assignment.objects.filter(person=person).count() == 1
    body["share"] = "0.25"
    assert as_manager.post("/api/v1/staffing/assignments/", body, format="json").status_code == 201


def test_people_list_one_store_and_show_only_readable_assignments(api, shop, sister):
    shared = assign(shop, "logistics", share="0.5", person=PersonFactory(name="张伟")).person
    assign(sister, "logistics", share="0.5", person=shared)
    assign(sister, "editor", person=PersonFactory(name="别人"))
    user = MembershipFactory(user=UserFactory(username="kefu"), store=shop, role="customer_service").user
    api.force_authenticate(user)
    rows = api.get("/api/v1/staffing/people/").json()["results"]
    assert [r["name"] for r in rows] == ["张伟"]
    assert [a["store"] for a in rows[0]["assignments"]] == ["staff-shop"]
    assert api.get("/api/v1/staffing/people/", {"store": "sister-shop"}).json()["results"] == []


def test_time_off_overlaps_are_refused(as_manager, shop):
    person = assign(shop, "customer_service").person
    TimeOffFactory(person=person, start_date=D(2026, 12, 1), end_date=D(2026, 12, 3))
    body = {"person": person.pk, "start_date": "2026-12-03", "end_date": "2026-12-04"}
    response = as_manager.post("/api/v1/staffing/time-off/", body, format="json")
    assert response.status_code == 400 and "already has time off" in response.json()["start_date"][0]
    body["start_date"] = "2026-12-04"
    response = as_manager.post("/api/v1/staffing/time-off/", body, format="json")
    assert response.status_code == 201 and TimeOff.objects.count() == 2
    assert as_manager.delete(f"/api/v1/staffing/time-off/{response.json()['id']}/").status_code == 204


def test_the_person_of_another_store_is_not_found(as_manager):
    stranger = assign(StoreFactory(code="elsewhere"), "editor").person
    assert as_manager.get(f"/api/v1/staffing/people/{stranger.pk}/").status_code == 404
    assert as_manager.patch(f"/api/v1/staffing/people/{stranger.pk}/", {"name": "x"}, format="json").status_code == 404


def test_deleting_a_person_who_works_elsewhere_is_refused(as_manager, shop):
    person = assign(shop, "editor", share="0.5").person
    assign(MembershipFactory(role="ops_manager").store, "editor", share="0.5", person=person)
    response = as_manager.delete(f"/api/v1/staffing/people/{person.pk}/")
    assert response.status_code == 403 and Person.objects.filter(pk=person.pk).exists()


def test_planned_headcount_is_set_per_month_all_or_nothing(as_manager, shop):
    body = {"store": "staff-shop", "month": "2026-12", "headcount": {"customer_service": "3", "logistics": "1.5"}}
    response = as_manager.put("/api/v1/staffing/planned/", body, format="json")
    assert response.status_code == 200 and len(response.json()) == 2
    body["headcount"] = {"customer_service": "4", "nobody": "1"}
    assert as_manager.put("/api/v1/staffing/planned/", body, format="json").status_code == 400
    assert PlannedHeadcount.objects.get(store=shop, role__code="customer_service").headcount == 3
    for month in ("2026-13", "0000-01"):  # year 0 has no calendar: a 400, not a crash
        body["month"] = month
        assert as_manager.put("/api/v1/staffing/planned/", body, format="json").status_code == 400
    bad_start = as_manager.get("/api/v1/staffing/planned/", {"store": "staff-shop", "start": "0000-01"})
    assert bad_start.status_code == 400
    rows = as_manager.get("/api/v1/staffing/planned/", {"store": "staff-shop", "start": "2026-12", "months": 1}).json()
    assert rows == [
        {"month": "2026-12", "role": "customer_service", "headcount": "3.00"},
        {"month": "2026-12", "role": "logistics", "headcount": "1.50"},
    ]


def test_the_gap_report_in_the_api(as_service, shop):
    plan_with_targets(shop, D(2026, 12, 1), D(2026, 12, 31), orders=200)
    Promotion.objects.create(
        store=shop, kind="double_12", name="双12", start_date=D(2026, 12, 12), end_date=D(2026, 12, 12)
    )
    assign(shop, "logistics", share="1")
    body = as_service.get("/api/v1/staffing/gap/", {"store": "staff-shop", "start": "2026-12", "months": 1}).json()
    [month] = body["months"]
    logistics = next(r for r in month["rows"] if r["role"] == "logistics")
    assert logistics == {
        "role": "logistics",
        "required": "1.40",
        "planned": None,
        "on_roster": "1.00",
        "gap": "-0.40",
        "peak": "4.20",
        "state": "short",
    }
    assert month["understaffed"][0]["date"] == "2026-12-12" and month["understaffed"][0]["promotion"] == "double_12"
    assert as_service.get("/api/v1/staffing/gap/", {"store": "staff-shop", "months": 99}).status_code == 400
    assert as_service.get("/api/v1/staffing/gap/").status_code == 400
    assert Decimal(month["orders_peak"]) == 600


def test_the_people_list_reads_in_a_constant_number_of_queries(as_manager, shop, sister, django_assert_max_num_queries):
    for n in range(3):
        assign(shop, "customer_service", share="0.5", person=PersonFactory(name=f"甲{n}"))
    with django_assert_max_num_queries(12) as few:
        as_manager.get("/api/v1/staffing/people/")
    for n in range(12):
        person = assign(shop, "logistics", share="0.5", person=PersonFactory(name=f"乙{n}")).person
        assign(sister, "logistics", share="0.5", person=person)
    with django_assert_max_num_queries(12) as many:
        assert len(as_manager.get("/api/v1/staffing/people/").json()["results"]) == 15
    assert len(many.captured_queries) == len(few.captured_queries)
