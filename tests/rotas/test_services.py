"""Generating, moving and checking rotas against the database."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from funnel.choices import PlanStatus
from funnel.models import DailyTarget, Plan
from promotions.models import Promotion
from rotas.choices import HeadcountSource, ShiftState
from rotas.models import Rota, Shift, ShiftPattern
from rotas.selectors import coverage_report, my_shifts, required_for
from rotas.services import (
    RotaInvalid,
    ShiftConflict,
    demo_rotas,
    demo_rotas_ahead,
    pattern_create,
    patterns_seed_defaults,
    rota_generate,
    shift_create,
    shift_delete,
    shift_update,
)
from staffing.models import StaffingPolicy
from tests.factories import StoreFactory, UserFactory
from tests.staffing.factories import AssignmentFactory, TimeOffFactory, role

from .conftest import MARCH

pytestmark = pytest.mark.django_db


def test_the_defaults_cover_service_hours_and_the_shipping_run(own_store, cs):
    early, late = patterns_seed_defaults(own_store, cs)
    assert (early.start_time, early.end_time, late.start_time, late.end_time) == (
        time(8, 30),
        time(16, 30),
        time(16),
        time(0),
    )
    assert early.headcount_source == late.headcount_source == HeadcountSource.WORKLOAD
    (shipping,) = patterns_seed_defaults(own_store, role("logistics"))
    assert (shipping.start_time, shipping.end_time) == (time(13), time(19))
    assert patterns_seed_defaults(own_store, cs) == []  # idempotent


def test_generate_fills_the_month_and_keeps_confirmed_shifts(own_store, cs, team):
    people = team(5)
    first, last = MARCH
    result = rota_generate(own_store, cs, first, last, seed=1)
    assert result.created == 56 and result.report.gaps == []
    shift = Shift.objects.filter(store=own_store, date=first).order_by("start_at").first()
    assert shift.start_at.astimezone(shift.start_at.tzinfo).hour in (0, 8)  # stored in UTC, 08:30 in Shanghai
    late = Shift.objects.filter(pattern__name="Late", date=first).get()
    assert (late.end_at - late.start_at) == timedelta(hours=8) and late.end_at.date() >= first
    Shift.objects.filter(pk=shift.pk).update(state=ShiftState.CONFIRMED)
    again = rota_generate(own_store, cs, first, last, seed=2)
    assert again.kept == 1 and again.created == 55
    assert Shift.objects.filter(pk=shift.pk, person=shift.person).exists()
    assert Shift.objects.filter(store=own_store).count() == 56
    assert Rota.objects.count() == 2
    assert {s.person_id for s in Shift.objects.all()} <= {p.pk for p in people}


def test_generation_needs_two_people_and_a_sane_range(own_store, cs, team):
    team(1)
    with pytest.raises(RotaInvalid, match="two or more people"):
        rota_generate(own_store, cs, *MARCH)
    with pytest.raises(RotaInvalid, match="ends before"):
        rota_generate(own_store, cs, MARCH[1], MARCH[0])
    assert not Shift.objects.exists() and not Rota.objects.exists()


def test_time_off_added_after_generation_shows_as_a_gap(own_store, cs, team):
    team(5)
    first, last = MARCH
    rota_generate(own_store, cs, first, last, seed=3)
    shift = Shift.objects.filter(date=first + timedelta(days=3)).first()
    TimeOffFactory(person=shift.person, start_date=shift.date, end_date=shift.date)
    report = coverage_report(own_store, cs, first, last)
    assert [(g.gap.day, g.pattern, g.gap.shortfall) for g in report.gaps] == [(shift.date, shift.pattern, 1)]
    assert [b.breach.kind for b in report.breaches] == ["time_off"]


def test_a_move_to_another_day_leaves_a_gap_and_is_version_locked(own_store, cs, team):
    team(5)
    first, last = MARCH
    rota_generate(own_store, cs, first, last, seed=4)
    shift = Shift.objects.filter(date=first + timedelta(days=2), pattern__name="Early").first()
    target = shift.date + timedelta(days=10)
    shift.person.shifts.filter(date__range=(target - timedelta(days=1), target + timedelta(days=1))).delete()
    moved = shift_update(shift, {"date": target}, shift.version)
    assert moved.version == 2 and moved.date == target
    report = coverage_report(own_store, cs, first, last)
    assert (first + timedelta(days=2), "Early") in {(g.gap.day, g.pattern.name) for g in report.gaps}
    with pytest.raises(ShiftConflict):
        shift_update(shift, {"state": ShiftState.CONFIRMED}, 1)


def test_a_shift_on_time_off_or_over_another_is_refused(own_store, cs, team):
    anna, bo = team(2)
    early, late = ShiftPattern.objects.filter(store=own_store).order_by("start_time")
    day = MARCH[0]
    shift_create(own_store, early, anna, day)
    with pytest.raises(RotaInvalid, match="already works"):
        shift_create(own_store, late, anna, day)  # 16:00 overlaps 08:30–16:30
    TimeOffFactory(person=bo, start_date=day, end_date=day)
    with pytest.raises(RotaInvalid, match="time off"):
        shift_create(own_store, early, bo, day)
    stranger = AssignmentFactory(store=StoreFactory(), role=cs).person
    with pytest.raises(RotaInvalid, match="does not work"):
        shift_create(own_store, early, stranger, day)
    assert Shift.objects.count() == 1


def test_a_shared_persons_shifts_in_another_store_are_respected(own_store, cs, team):
    anna, bo, chen = team(3)
    other = StoreFactory(code="second-shop")
    AssignmentFactory(person=anna, store=other, role=cs, share=Decimal("0.5"))
    evening = pattern_create(
        other, cs, {"name": "Evening", "start_time": time(15), "end_time": time(23), "headcount": 1}
    )
    first, last = MARCH
    for n in range(0, 28, 2):
        shift_create(other, evening, anna, first + timedelta(days=n))
    rota_generate(own_store, cs, first, last, seed=5)
    busy = {first + timedelta(days=n) for n in range(0, 28, 2)}
    for shift in Shift.objects.filter(store=own_store, person=anna):
        if shift.date in busy:
            assert (
                shift.pattern.name == "Early"
                and shift.end_at <= Shift.objects.get(person=anna, store=other, date=shift.date).start_at
            )


def test_workload_headcount_reads_the_active_plan_and_promotions(own_store, cs):
    early, late = patterns_seed_defaults(own_store, cs)
    StaffingPolicy.objects.create(store=own_store, hourly_profile=[0] * 20 + [100, 0, 0, 0])
    plan = Plan.objects.create(
        store=own_store, name="p", period_start=date(2026, 3, 1), period_end=date(2026, 3, 31), status=PlanStatus.ACTIVE
    )
    norm = role("customer_service").default_norm
    orders = int(norm * 5)
    for n in (2, 3):
        DailyTarget.objects.create(plan=plan, date=date(2026, 3, n), stage=2, uv=1000, orders=orders, gmv=0, ad_spend=0)
    Promotion.objects.create(
        store=own_store,
        kind="custom",
        name="sale",
        start_date=date(2026, 3, 3),
        end_date=date(2026, 3, 3),
        status="planned",
    )
    required = required_for(own_store, cs, [early, late], date(2026, 3, 2), date(2026, 3, 4))
    assert required[(date(2026, 3, 2), late.pk)] == 5
    assert required[(date(2026, 3, 3), late.pk)] == 10  # the default promotion multiplier is 2
    assert required[(date(2026, 3, 4), late.pk)] == 1  # no target: the minimum
    assert required[(date(2026, 3, 2), early.pk)] == 1  # no orders in its hours


def test_coverage_and_generation_take_a_fixed_number_of_queries(own_store, cs, team, django_assert_max_num_queries):
    team(6)
    with django_assert_max_num_queries(25):
        rota_generate(own_store, cs, *MARCH, seed=6)
    with django_assert_max_num_queries(12):
        coverage_report(own_store, cs, *MARCH)


def test_my_shifts_lists_the_linked_persons_shifts_across_stores(own_store, cs, team):
    anna, _bo = team(2)
    user = UserFactory(username="anna")
    anna.user = user
    anna.save()
    early = ShiftPattern.objects.filter(store=own_store, name="Early").get()
    shift_create(own_store, early, anna, MARCH[0])
    assert [s.date for s in my_shifts(user, MARCH[0], MARCH[1])] == [MARCH[0]]
    assert my_shifts(UserFactory(username="nobody"), MARCH[0], MARCH[1]) == []
    shift_delete(Shift.objects.get())
    assert my_shifts(user, MARCH[0], MARCH[1]) == []


def test_demo_rotas_do_nothing_without_a_team_and_plan_with_one(own_store, team):
    assert demo_rotas(own_store, *MARCH) == []
    team(3)
    team(2, "logistics")
    results = demo_rotas(own_store, *MARCH)
    assert len(results) == 2 and all(r.created for r in results)


def test_demo_rotas_ahead_plans_this_month_and_the_next(own_store, team):
    team(3)
    results = demo_rotas_ahead(date(2026, 1, 31))
    assert [(r.rota.start_date, r.rota.end_date) for r in results] == [(date(2026, 1, 1), date(2026, 2, 28))]
    results = demo_rotas_ahead(date(2026, 12, 1))
    assert [(r.rota.start_date, r.rota.end_date) for r in results] == [(date(2026, 12, 1), date(2027, 1, 31))]
