"""The demo team: shared people, a part-timer, a temporary hire for Double 11, time off and a planned year."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from staffing.models import Assignment, Person, PlannedHeadcount, StaffingPolicy, TimeOff

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(time_machine):
    time_machine.move_to("2026-11-22 09:00 +0800")
    call_command("seed_demo", stdout=io.StringIO())


def test_every_store_has_a_team_with_chinese_names_and_a_person_shared_by_two(loaded):
    for code in ("tmall-flagship", "jd-shop", "douyin-shop"):
        assert Assignment.objects.filter(store__code=code).count() >= 4, code
    li_na = Person.objects.get(name="李娜")
    assert li_na.user.username == "service"
    assert set(li_na.assignments.values_list("store__code", "share")) == {("tmall-flagship", 0.5), ("jd-shop", 0.5)}
    assert Person.objects.filter(employment_type="part_time").exists()


def test_a_temporary_hire_covers_the_coming_double_11(loaded):
    temp = Person.objects.get(employment_type="temporary")
    assert (temp.start_date, temp.end_date) == (date(2027, 11, 4), date(2027, 11, 15))
    assert temp.assignments.get().role.code == "customer_service"


def test_no_ones_shares_exceed_their_time(loaded):
    for person in Person.objects.prefetch_related("assignments"):
        assert sum(a.share for a in person.assignments.all()) <= 1, person.name


def test_policies_time_off_and_a_year_of_planned_headcount(loaded):
    assert StaffingPolicy.objects.count() == 3
    assert TimeOff.objects.count() == 3
    assert PlannedHeadcount.objects.count() == 3 * 12 * 7
    assert (
        PlannedHeadcount.objects.get(
            store__code="tmall-flagship", month=date(2026, 11, 1), role__code="promoter"
        ).headcount
        == 2
    )


def test_loading_twice_changes_nothing(loaded):
    counts = [model.objects.count() for model in (Person, Assignment, TimeOff, PlannedHeadcount, StaffingPolicy)]
    call_command("seed_demo", stdout=io.StringIO())
    assert [
        model.objects.count() for model in (Person, Assignment, TimeOff, PlannedHeadcount, StaffingPolicy)
    ] == counts
