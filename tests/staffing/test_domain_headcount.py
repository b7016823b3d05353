import datetime
from decimal import Decimal

import pytest

from staffing.domain import (
    DayWork,
    PromotionSpan,
    RoleNorm,
    ServiceRules,
    customer_service_fte,
    day_requirements,
    day_work,
    gap_report,
    percentile,
    promotion_multipliers_by_day,
    role_requirement,
    stage_listings,
    unplanned_day,
)
from staffing.models import default_hourly_profile

D = datetime.date
T = datetime.time
FLAT = ServiceRules(T(8), T(16), [0] * 24, Decimal(8))  # 8 service hours, orders spread evenly over 24 h
ROLES = [
    RoleNorm("ops_manager", "fixed", None, Decimal("1")),
    RoleNorm("customer_service", "orders_per_hour", Decimal("15"), Decimal("1")),
    RoleNorm("designer", "pages_per_day", Decimal("4"), Decimal("1")),
    RoleNorm("promoter", "ad_spend_per_day", Decimal("1000"), Decimal("1")),
    RoleNorm("logistics", "parcels_per_day", Decimal("200"), Decimal("1")),
    RoleNorm("finance", "fixed", None, Decimal("0.5")),
    RoleNorm("editor", "listings_per_day", Decimal("20"), Decimal("0.5")),
]


DEC_1 = D(2026, 12, 1)


def work(orders, ad_spend=0, listed=0, new=0, day=DEC_1, promotion=None):
    return DayWork(day, Decimal(orders), Decimal(ad_spend), listed, Decimal(new), promotion=promotion)


def test_customer_service_holds_the_busiest_hour_over_the_service_hours_for_seven_days_of_five():
    # 720 orders evenly over 24 h: 30 an hour, 2 on duty at 15 orders per person-hour, 8 hours: 2 working days
    # a day, 2 × 7/5 = 2.8 FTE.
    assert customer_service_fte(720, FLAT, Decimal(15)) == Decimal("2.8")


def test_without_orders_customer_service_needs_only_its_minimum():
    rules = ServiceRules(T(9), T(0), default_hourly_profile(), Decimal(8))  # 15 service hours
    assert customer_service_fte(0, rules, Decimal(15)) == 0
    assert role_requirement(ROLES[1], work(0), rules) == Decimal("1.00")


def test_the_default_profile_peaks_in_the_evening_and_sets_the_staffing():
    rules = ServiceRules(T(9), T(0), default_hourly_profile(), Decimal(8))
    # 200 orders: the 21:00 hour takes 80 of the profile's 960, 16.7 orders: 1.11 people on duty for 15 hours.
    assert sum(default_hourly_profile()) == 960
    assert role_requirement(ROLES[1], work(200), rules) == Decimal("2.92")  # 1.11 × 15 / 8 × 7/5


def test_each_workload_role_needs_its_workload_over_its_norm_times_seven_fifths():
    need = day_requirements(work(400, ad_spend=2000, listed=300, new=10), ROLES, FLAT)
    assert need["logistics"] == Decimal("2.80")  # 400 parcels / 200 × 1.4
    assert need["promoter"] == Decimal("2.80")  # 2,000 CNY / 1,000 × 1.4
    assert need["editor"] == Decimal("1.40")  # (300 / 30 + 10) listings / 20 × 1.4
    assert need["designer"] == Decimal("4.67")  # (300 / 90 + 10) pages / 4 × 1.4
    assert need["ops_manager"] == Decimal("1.00") and need["finance"] == Decimal("0.50")


def test_small_workloads_need_the_minimum():
    need = day_requirements(work(10, ad_spend=50, listed=20), ROLES, FLAT)
    assert need["logistics"] == need["promoter"] == need["designer"] == Decimal("1.00")
    assert need["editor"] == Decimal("0.50")


def test_a_day_without_a_plan_needs_only_the_minimums():
    need = day_requirements(unplanned_day(D(2026, 12, 1)), ROLES, FLAT)
    assert need["customer_service"] == need["logistics"] == Decimal("1.00")


def test_a_promotion_day_multiplies_the_orders_and_so_customer_service_and_logistics():
    ordinary = day_work(D(2026, 11, 10), 200, 0)
    double_11 = day_work(D(2026, 11, 11), 600, 0, plan_weight=3, promotion=("double_11", Decimal(5)))
    # The plan weighted 11.11 at 3 already: ×5 of the unweighted 200 is 1,000 orders, not 3,000.
    assert double_11.orders == 1000 and double_11.promotion == "double_11"
    cs = ROLES[1]
    assert role_requirement(cs, double_11, FLAT) > role_requirement(cs, ordinary, FLAT)
    assert role_requirement(ROLES[4], double_11, FLAT) == Decimal("7.00")  # 1,000 / 200 × 1.4


def test_promotion_days_take_the_largest_multiplier_of_overlapping_promotions():
    spans = [
        PromotionSpan("double_11", ((D(2026, 11, 11), D(2026, 11, 11)),)),
        PromotionSpan("clearance", ((D(2026, 11, 10), D(2026, 11, 12)),)),
    ]
    days = promotion_multipliers_by_day(spans, {"double_11": Decimal(5)}, Decimal(2))
    assert days[D(2026, 11, 11)] == ("double_11", Decimal(5))
    assert days[D(2026, 11, 10)] == days[D(2026, 11, 12)] == ("clearance", Decimal(2))
    assert D(2026, 11, 13) not in days


def test_stages_keep_earlier_listings_and_spread_their_growth_over_their_days():
    stages = [
        (1, D(2026, 1, 1), D(2026, 1, 10), 0),
        (2, D(2026, 1, 11), D(2026, 1, 30), 200),
        (3, D(2026, 1, 31), D(2026, 2, 9), 0),
    ]
    assert stage_listings(stages) == {1: (0, Decimal(0)), 2: (200, Decimal(10)), 3: (200, Decimal(0))}


def test_the_90th_percentile_is_nearest_rank():
    values = [Decimal(n) for n in range(1, 31)]
    assert percentile(values) == 27
    assert percentile([Decimal(3)]) == 3
    assert percentile([]) == 0


def test_a_month_needs_its_90th_percentile_day_and_lists_the_peak_days_the_roster_misses():
    days = [D(2026, 11, n) for n in range(1, 31)]
    works = [
        work(200 if day.day != 11 else 1000, day=day, promotion="double_11" if day.day == 11 else None) for day in days
    ]
    roles = [ROLES[4]]  # logistics
    required = {w.date: day_requirements(w, roles, FLAT) for w in works}
    roster = {day: {"logistics": Decimal("1.5")} for day in days}
    [month] = gap_report(works, required, roster, {(D(2026, 11, 1), "logistics"): Decimal(2)}, ["logistics"])
    [row] = month.rows
    assert (row.required, row.planned, row.on_roster, row.peak) == (
        Decimal("1.40"),
        Decimal(2),
        Decimal("1.50"),
        Decimal("7.00"),
    )
    assert row.state == "ok"
    [day] = month.understaffed
    assert day.date == D(2026, 11, 11) and day.promotion == "double_11"
    assert day.shortages[0].missing == Decimal("5.50")


def test_a_roster_short_of_the_months_level_is_a_gap_not_a_list_of_days():
    days = [D(2026, 12, n) for n in range(1, 32)]
    works = [work(600, day=day) for day in days]
    required = {w.date: day_requirements(w, [ROLES[4]], FLAT) for w in works}
    [month] = gap_report(works, required, {}, {}, ["logistics"])
    assert month.rows[0].state == "short" and month.rows[0].gap == Decimal("-4.20")
    assert month.understaffed == ()


@pytest.mark.parametrize("planned,state", [(Decimal(1), "tight"), (Decimal(3), "ok")])
def test_a_plan_below_the_requirement_is_tight_when_the_roster_still_meets_it(planned, state):
    works = [work(400, day=D(2027, 2, n)) for n in range(1, 29)]
    required = {w.date: day_requirements(w, [ROLES[4]], FLAT) for w in works}
    roster = {w.date: {"logistics": Decimal(3)} for w in works}
    [month] = gap_report(works, required, roster, {(D(2027, 2, 1), "logistics"): planned}, ["logistics"])
    assert month.rows[0].state == state
