from decimal import Decimal

import pytest

from staffing.models import Assignment, CapacityNorm, Person, PlannedHeadcount, StaffingPolicy, TimeOff
from staffing.services import (
    STARTING_TEAM,
    AssignmentInput,
    StaffingInvalid,
    assignment_save,
    norms_save,
    person_save,
    planned_headcount_seed,
    planned_headcount_set,
    policy_save,
    time_off_add,
)
from staffing.services.common import StaffingForbidden

from .conftest import D, assign, plan_with_targets
from .factories import PersonFactory, TimeOffFactory, role

pytestmark = pytest.mark.django_db
DEC = D(2026, 12, 1)


def person_values(**extra):
    return {"name": "王芳", "start_date": D(2026, 1, 1), **extra}


def test_a_person_is_created_with_their_assignment(shop):
    person = person_save(
        None, person_values(), [AssignmentInput(shop, role("customer_service"), Decimal("0.5"))], {shop.pk}
    )
    assert person.weekly_hours == 40 and person.employment_type == "full_time"
    assert list(person.assignments.values_list("store__code", "role__code", "share")) == [
        ("staff-shop", "customer_service", Decimal("0.50"))
    ]


def test_shares_across_stores_may_not_exceed_one(shop, sister):
    person = assign(sister, "customer_service", share="0.6").person
    with pytest.raises(StaffingInvalid) as refused:
        person_save(person, {}, [AssignmentInput(shop, role("customer_service"), Decimal("0.5"))], {shop.pk})
    assert "add up to 1.1" in refused.value.errors["assignments"][0]
    assert Assignment.objects.filter(person=person).count() == 1  # nothing written


def test_assignments_in_stores_the_manager_does_not_manage_stay(shop, sister):
    person = assign(sister, "logistics", share="0.5").person
    person_save(person, {}, [AssignmentInput(shop, role("logistics"), Decimal("0.5"))], {shop.pk})
    assert set(person.assignments.values_list("store__code", flat=True)) == {"staff-shop", "sister-shop"}
    # Their own details belong to both stores: the manager of one may not rename them.
    with pytest.raises(StaffingForbidden):
        person_save(person, {"name": "张伟"}, [AssignmentInput(shop, role("logistics"), Decimal("0.5"))], {shop.pk})
    assert Person.objects.get(pk=person.pk).name != "张伟"
    with pytest.raises(StaffingInvalid) as refused:
        person_save(person, {}, [AssignmentInput(sister, role("logistics"), Decimal("0.5"))], {shop.pk})
    assert "stores whose staff you manage" in refused.value.errors["assignments"][0]


def test_a_person_needs_a_name_a_start_and_ordered_dates(shop):
    with pytest.raises(StaffingInvalid) as refused:
        person_save(None, {"name": " ", "start_date": None}, [], {shop.pk})
    assert set(refused.value.errors) == {"name", "start_date"}
    with pytest.raises(StaffingInvalid) as refused:
        person_save(None, person_values(end_date=D(2025, 1, 1)), [], {shop.pk})
    assert "end_date" in refused.value.errors
    with pytest.raises(StaffingInvalid) as refused:
        person_save(None, person_values(weekly_hours=Decimal(90)), [], {shop.pk})
    assert "weekly_hours" in refused.value.errors
    assert not Person.objects.exists()


def test_the_api_assignment_checks_shares_and_duplicates(shop, sister):
    first = assign(shop, "editor", share="0.5")
    person = first.person
    assignment_save(None, AssignmentInput(sister, role("editor"), Decimal("0.5")), person)
    with pytest.raises(StaffingInvalid):
        assignment_save(None, AssignmentInput(sister, role("designer"), Decimal("0.1")), person)
    with pytest.raises(StaffingInvalid) as refused:
        assignment_save(None, AssignmentInput(shop, role("editor"), Decimal("0.05")), person)
    assert "role" in refused.value.errors
    changed = assignment_save(first, AssignmentInput(shop, role("editor"), Decimal("0.25")), person)
    assert changed.share == Decimal("0.25")


def test_overlapping_time_off_is_refused(shop):
    person = PersonFactory()
    TimeOffFactory(person=person, start_date=D(2026, 12, 1), end_date=D(2026, 12, 3))
    with pytest.raises(StaffingInvalid) as refused:
        time_off_add(person, {"start_date": D(2026, 12, 3), "end_date": D(2026, 12, 5)})
    assert "2026-12-01 to 2026-12-03" in refused.value.errors["start_date"][0]
    with pytest.raises(StaffingInvalid):
        time_off_add(person, {"start_date": D(2026, 12, 9), "end_date": D(2026, 12, 5)})
    time_off_add(person, {"start_date": D(2026, 12, 4), "end_date": D(2026, 12, 5), "kind": "sick"})
    assert TimeOff.objects.filter(person=person).count() == 2


def test_norms_override_the_catalogue_and_empty_restores_the_default(shop):
    norms_save(shop, {"customer_service": "20", "logistics": "150"})
    assert dict(CapacityNorm.objects.filter(store=shop).values_list("role__code", "value")) == {
        "customer_service": Decimal("20.00"),
        "logistics": Decimal("150.00"),
    }
    norms_save(shop, {"customer_service": ""})
    assert list(CapacityNorm.objects.filter(store=shop).values_list("role__code", flat=True)) == ["logistics"]
    with pytest.raises(StaffingInvalid) as refused:
        norms_save(shop, {"logistics": "-1", "ops_manager": "3", "nobody": "1"})
    assert set(refused.value.errors) == {"logistics", "ops_manager", "nobody"}


def test_the_policy_defaults_to_the_playbooks_multipliers_and_checks_its_input(shop):
    policy = policy_save(shop, {"max_days_in_row": 5})
    assert policy.promotion_multipliers == {"double_11": "5", "618": "3", "double_12": "3", "juhuasuan": "3"}
    assert policy.multiplier_for("double_11") == 5 and policy.multiplier_for("clearance") == 2
    with pytest.raises(StaffingInvalid) as refused:
        policy_save(shop, {"hourly_profile": [1] * 23, "promotion_multipliers": {"double_11": "0.5", "nope": "2"}})
    assert set(refused.value.errors) == {"hourly_profile", "promotion_multipliers"}
    assert StaffingPolicy.objects.get(store=shop).max_days_in_row == 5


def test_a_months_planned_headcount_is_set_all_or_nothing(shop):
    planned_headcount_set(shop, D(2026, 12, 15), {"customer_service": "3", "logistics": "1.5"})
    with pytest.raises(StaffingInvalid):
        planned_headcount_set(shop, DEC, {"customer_service": "4", "logistics": "-1"})
    planned_headcount_set(shop, DEC, {"logistics": ""})
    assert dict(PlannedHeadcount.objects.filter(store=shop).values_list("role__code", "headcount")) == {
        "customer_service": Decimal("3.00")
    }


def test_the_seed_starts_from_the_playbooks_team_grows_with_the_requirement_and_keeps_edits(shop):
    plan_with_targets(shop, D(2027, 1, 1), D(2027, 1, 31), orders=700)
    planned_headcount_set(shop, DEC, {"ops_manager": "2"})
    added = planned_headcount_seed(shop, DEC, 2)
    assert added == 13
    december = dict(PlannedHeadcount.objects.filter(store=shop, month=DEC).values_list("role__code", "headcount"))
    assert december == {**STARTING_TEAM, "ops_manager": Decimal(2)}
    january = dict(
        PlannedHeadcount.objects.filter(store=shop, month=D(2027, 1, 1)).values_list("role__code", "headcount")
    )
    assert january["logistics"] == Decimal("5")  # 700 parcels / 200 × 7/5 = 4.9, up to the half
    assert january["promoter"] == 2 and january["finance"] == Decimal("0.5")
    assert planned_headcount_seed(shop, DEC, 2) == 0
