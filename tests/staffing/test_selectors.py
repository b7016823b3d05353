from decimal import Decimal

import pytest

from promotions.models import Promotion, PromotionPhase
from staffing.models import PlannedHeadcount
from staffing.selectors import roster_days, staffing_gap, understaffed_between

from .conftest import D, assign, plan_with_targets
from .factories import PersonFactory, TimeOffFactory, role

pytestmark = pytest.mark.django_db
DEC = D(2026, 12, 1)
GAP_QUERIES = 11  # roles, policy, norms, plans + stages, targets, promotions + phases, assignments, time off, planned


def row(report, code):
    return next(r for r in report.rows if r.role == code)


def test_the_gap_report_compares_required_planned_and_on_roster_per_role(shop):
    plan_with_targets(shop, DEC, D(2026, 12, 31), orders=200)
    assign(shop, "logistics")
    PlannedHeadcount.objects.create(store=shop, role=role("logistics"), month=DEC, headcount=Decimal(2))
    [december] = staffing_gap(shop, DEC, 1).months
    logistics = row(december, "logistics")
    assert (logistics.required, logistics.planned, logistics.on_roster) == (Decimal("1.40"), 2, Decimal("1.00"))
    assert logistics.state == "short"
    assert december.stages == (2,) and december.planned_days == 31


def test_a_promotion_day_multiplies_the_orders_and_is_listed_as_under_staffed(shop):
    plan_with_targets(shop, DEC, D(2026, 12, 31), orders=200)
    Promotion.objects.create(
        store=shop, kind="double_12", name="双12", start_date=D(2026, 12, 12), end_date=D(2026, 12, 12)
    )
    assign(shop, "logistics", share="1")
    assign(shop, "logistics", share="0.5")
    [december] = staffing_gap(shop, DEC, 1).months
    assert row(december, "logistics").peak == Decimal("4.20")  # 600 parcels / 200 × 7/5
    [day] = december.understaffed
    assert day.date == D(2026, 12, 12) and day.promotion == "double_12" and day.orders == 600
    assert {s.role for s in day.shortages} >= {"logistics"}


def test_only_the_live_and_final_payment_phases_of_a_promotion_are_busy(shop):
    plan_with_targets(shop, D(2026, 10, 20), D(2026, 11, 30), orders=100)
    double_11 = Promotion.objects.create(
        store=shop, kind="double_11", name="双11", start_date=D(2026, 10, 21), end_date=D(2026, 11, 11)
    )
    PromotionPhase.objects.create(
        promotion=double_11, kind="presale_deposit", start_date=D(2026, 10, 21), end_date=D(2026, 11, 10)
    )
    PromotionPhase.objects.create(
        promotion=double_11, kind="live", start_date=D(2026, 11, 11), end_date=D(2026, 11, 11)
    )
    days = understaffed_between(shop, D(2026, 10, 21), D(2026, 11, 30))
    assert [d.date for d in days] == [D(2026, 11, 11)]
    assert days[0].orders == 500


def test_a_person_shared_by_two_stores_counts_their_share_in_each(shop, sister):
    shared = PersonFactory(name="李娜")
    assign(shop, "customer_service", share="0.5", person=shared)
    assign(sister, "customer_service", share="0.5", person=shared)
    assign(sister, "logistics", share="0.5", person=PersonFactory(weekly_hours=Decimal(20)))
    assert roster_days(shop, DEC, DEC)[DEC] == {"customer_service": Decimal("0.5")}
    assert roster_days(sister, DEC, DEC)[DEC] == {"customer_service": Decimal("0.5"), "logistics": Decimal("0.25")}


def test_time_off_and_employment_dates_count_pro_rata_in_the_month(shop):
    temp = PersonFactory(start_date=D(2026, 12, 1), end_date=D(2026, 12, 15), employment_type="temporary")
    assign(shop, "customer_service", person=temp)
    regular = assign(shop, "customer_service").person
    TimeOffFactory(person=regular, start_date=D(2026, 12, 21), end_date=D(2026, 12, 30))
    [december] = staffing_gap(shop, DEC, 1).months
    # 15 of 31 days + 21 of 31 days
    assert row(december, "customer_service").on_roster == Decimal("1.16")


def test_months_without_a_plan_need_the_minimums(shop):
    [month] = staffing_gap(shop, D(2027, 3, 1), 1).months
    assert month.planned_days == 0 and month.stages == ()
    assert row(month, "logistics").required == Decimal("1.00")
    assert row(month, "finance").required == Decimal("0.50")


def test_the_gap_report_reads_in_a_constant_number_of_queries(shop, sister, django_assert_max_num_queries):
    plan_with_targets(shop, DEC, D(2027, 11, 30), orders=lambda d: 50 + d.day)
    Promotion.objects.create(
        store=shop, kind="double_12", name="双12", start_date=D(2026, 12, 12), end_date=D(2026, 12, 12)
    )
    Promotion.objects.create(store=shop, kind="618", name="618", start_date=D(2027, 6, 1), end_date=D(2027, 6, 18))
    assign(shop, "logistics")
    with django_assert_max_num_queries(GAP_QUERIES) as few:
        staffing_gap(shop, DEC, 2)
    for n in range(15):
        person = assign(shop, "customer_service", share="0.5").person
        assign(sister, "customer_service", share="0.5", person=person)
        TimeOffFactory(person=person, start_date=D(2027, 1, 1 + n), end_date=D(2027, 1, 1 + n))
    with django_assert_max_num_queries(GAP_QUERIES) as many:
        report = staffing_gap(shop, DEC, 12)
    assert len(report.months) == 12
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_chart_sums_the_roles_per_month(shop):
    gap = staffing_gap(shop, DEC, 2)
    chart = gap.chart()
    assert chart["months"] == ["2026-12", "2027-01"]
    assert chart["planned"] == [0.0, 0.0] and chart["on_roster"] == [0.0, 0.0]
    assert chart["required"][0] == pytest.approx(sum(float(r.required) for r in gap.months[0].rows))


def test_overlapping_active_plans_take_the_later_ones_targets(shop):
    plan_with_targets(shop, D(2026, 11, 1), D(2026, 12, 31), orders=100)
    plan_with_targets(shop, DEC, D(2026, 12, 31), orders=1000)
    [december] = staffing_gap(shop, DEC, 1).months
    assert december.orders_peak == 1000
