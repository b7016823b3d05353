"""The stock planning arithmetic, without a database."""

import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.numbers import as_decimal, rounded
from inventory.domain import (
    Inbound,
    PromotionDemand,
    average_daily_sales,
    days_of_cover,
    effective_safety_stock,
    first_stockout,
    project_stock,
    reorder_point,
    suggested_order_quantity,
)

AS_OF = date(2026, 10, 1)


def days_before(as_of: date, units: list[int]) -> dict[date, int]:
    """units[0] sold the day before as_of, units[1] two days before, …"""
    return {as_of - timedelta(days=i + 1): u for i, u in enumerate(units)}


class TestAverageDailySales:
    def test_it_averages_the_whole_days_before_as_of(self):
        daily = days_before(AS_OF, [7, 7, 7, 7, 7, 7, 14])
        assert average_daily_sales(daily, AS_OF, 7) == Decimal("8.00")

    def test_days_without_sales_count_as_zero(self):
        assert average_daily_sales(days_before(AS_OF, [28]), AS_OF, 28) == Decimal("1.00")

    def test_it_ignores_as_of_itself_and_days_outside_the_window(self):
        daily = {AS_OF: 100, AS_OF - timedelta(days=8): 100, AS_OF - timedelta(days=1): 14}
        assert average_daily_sales(daily, AS_OF, 7) == Decimal("2.00")
        assert average_daily_sales(daily, AS_OF, 28) == Fraction(114, 28)

    def test_a_window_must_have_days(self):
        with pytest.raises(ValueError):
            average_daily_sales({}, AS_OF, 0)


class TestCoverAndSafety:
    def test_days_of_cover_is_on_hand_over_the_average(self):
        assert days_of_cover(90, Decimal("4")) == Decimal("22.5")

    def test_stock_that_does_not_sell_has_no_cover_figure(self):
        assert days_of_cover(90, Decimal("0")) is None

    def test_negative_stock_covers_nothing(self):
        assert days_of_cover(-5, Decimal("2")) == Decimal("0.0")

    @pytest.mark.parametrize(
        ("explicit", "main_push", "expected"),
        [(None, True, 30), (None, False, 5), (12, True, 12), (0, True, 0)],
    )
    def test_safety_stock_is_the_products_own_or_the_policys(self, explicit, main_push, expected):
        assert effective_safety_stock(explicit, main_push, policy_main=30, policy_other=5) == expected


class TestReorder:
    def test_reorder_point_is_average_times_lead_time_plus_safety(self):
        assert reorder_point(Decimal("4.00"), 15, 30) == 90

    def test_reorder_point_rounds_demand_up_to_whole_units(self):
        assert reorder_point(Decimal("0.35"), 10, 0) == 4

    def test_nothing_is_suggested_above_the_reorder_point(self):
        assert suggested_order_quantity(91, 0, Decimal("4"), 15, 30, cover_days=30) == 0

    def test_open_orders_count_towards_the_position(self):
        assert suggested_order_quantity(50, 45, Decimal("4"), 15, 30, cover_days=30) == 0

    def test_at_the_reorder_point_it_orders_up_to_lead_time_and_cover_plus_safety(self):
        # order up to 4 × (15 + 30) + 30 = 210; position 90
        assert suggested_order_quantity(90, 0, Decimal("4"), 15, 30, cover_days=30) == 120

    def test_an_item_out_of_stock_with_no_sales_orders_its_safety_stock(self):
        assert suggested_order_quantity(0, 0, Decimal("0"), 15, 30, cover_days=30) == 30


class TestProjection:
    def test_baseline_sales_run_the_stock_down_day_by_day(self):
        days = project_stock(10, Decimal("3"), AS_OF, days=5)
        assert [d.closing for d in days] == [7, 4, 1, -2, -5]
        assert days[1].opening == 7
        assert first_stockout(days) == AS_OF + timedelta(days=3)

    def test_fractional_demand_sells_whole_units_as_it_adds_up(self):
        days = project_stock(10, Decimal("0.4"), AS_OF, days=5)
        assert sum(d.sales for d in days) == 2
        assert days[-1].closing == 8

    def test_inbound_orders_arrive_on_their_day(self):
        days = project_stock(5, Decimal("2"), AS_OF, days=4, inbound=[Inbound(AS_OF + timedelta(days=2), 20)])
        assert [d.inbound for d in days] == [0, 0, 20, 0]
        assert [d.closing for d in days] == [3, 1, 19, 17]

    def test_overdue_inbound_counts_on_the_first_day(self):
        days = project_stock(0, Decimal("0"), AS_OF, days=2, inbound=[Inbound(AS_OF - timedelta(days=3), 12)])
        assert days[0].inbound == 12 and days[-1].closing == 12

    def test_a_promotion_with_pre_sale_uses_uplift_and_ships_the_pre_sale_on_its_day(self):
        start = AS_OF + timedelta(days=10)
        promotion = PromotionDemand(
            start=start,
            end=start + timedelta(days=2),
            uplift=Decimal("3"),
            presale_quantity=40,
            presale_ships_on=start,
        )
        days = project_stock(300, Decimal("2"), AS_OF, days=20, promotions=[promotion])
        by_day = {d.date: d for d in days}
        assert by_day[start - timedelta(days=1)].sales == 2
        assert by_day[start].sales == 6 + 40
        assert by_day[start + timedelta(days=2)].sales == 6
        assert by_day[start + timedelta(days=3)].sales == 2
        # 17 baseline days × 2 + 3 promotion days × 6 + the pre-sale
        assert days[-1].closing == 300 - 34 - 18 - 40

    def test_a_pre_sale_shipping_at_final_payment_leaves_before_the_live_phase(self):
        start = AS_OF + timedelta(days=5)
        promotion = PromotionDemand(start, start, Decimal("1"), 10, presale_ships_on=start - timedelta(days=2))
        days = project_stock(10, Decimal("0"), AS_OF, days=7, promotions=[promotion])
        assert first_stockout(days) is None
        assert {d.date: d.closing for d in days}[start - timedelta(days=2)] == 0

    def test_overlapping_promotions_take_the_larger_uplift_not_both(self):
        both = [
            PromotionDemand(AS_OF, AS_OF, Decimal("2")),
            PromotionDemand(AS_OF, AS_OF + timedelta(days=1), Decimal("5")),
        ]
        days = project_stock(100, Decimal("1"), AS_OF, days=3, promotions=both)
        assert [d.sales for d in days] == [5, 5, 1]


class TestFiguresComeFromTheExactAverage:
    """The 28-day average is never rounded before cover, reorder point or order size are computed from it."""

    def test_one_unit_in_28_days_covers_100_units_for_2800_days(self):
        average = average_daily_sales(days_before(AS_OF, [0] * 27 + [1]), AS_OF, 28)
        assert days_of_cover(100, average) == Decimal(2800)  # not 100 / 0.04 = 2,500
        assert reorder_point(average, 28, 0) == 1  # 28 × 1/28, not 28 × 0.04 = 1.12 → 2

    def test_110_units_in_28_days_cover_1500_units_for_381_8_days(self):
        average = average_daily_sales(days_before(AS_OF, [110]), AS_OF, 28)
        assert rounded(days_of_cover(1500, average), 1) == Decimal("381.8")  # not 1,500 / 3.93 = 381.7
        assert reorder_point(average, 28, 12) == 122  # 110 + 12, not ⌈3.93 × 28⌉ + 12 = 123

    def test_the_order_size_comes_from_the_exact_average(self):
        average = average_daily_sales(days_before(AS_OF, [110]), AS_OF, 28)
        # order up to 110/28 × (28 + 28) + 12 = 232 exactly (232.08 → 233 from 3.93); position 100
        assert suggested_order_quantity(100, 0, average, 28, 12, cover_days=28) == 132

    def test_the_projection_sells_half_a_unit_as_one_on_the_day_it_adds_up(self):
        # 14 days at 1/28 a day is exactly half a unit, which rounds up to one sold unit by day 14
        days = project_stock(10, Fraction(1, 28), AS_OF, days=14)
        assert sum(d.sales for d in days) == 1


def _half_up(value: Fraction, places: int = 0) -> Fraction:
    """The exact value rounded once, half away from zero, at ``places``: the reference for every figure."""
    scale = 10**places
    whole = math.floor(abs(value) * scale + Fraction(1, 2))
    return Fraction(whole if value >= 0 else -whole, scale)


sales_windows = st.lists(st.integers(min_value=0, max_value=500), min_size=28, max_size=28)


class TestExactArithmeticProperty:
    """Each figure equals its formula in exact arithmetic, rounded once at the end, for any sales and stock."""

    @settings(max_examples=300, deadline=None)
    @given(
        units=sales_windows,
        on_hand=st.integers(min_value=-50, max_value=100_000),
        lead=st.integers(min_value=1, max_value=120),
        safety=st.integers(min_value=0, max_value=200),
        cover=st.integers(min_value=0, max_value=120),
        inbound=st.integers(min_value=0, max_value=5_000),
    )
    def test_cover_reorder_point_and_order_size(self, units, on_hand, lead, safety, cover, inbound):
        total = sum(units)
        average = average_daily_sales(days_before(AS_OF, units), AS_OF, 28)
        exact = Fraction(total, 28)
        assert average == exact
        assert rounded(as_decimal(average), 2) == Decimal(_half_up(exact, 2).numerator) / _half_up(exact, 2).denominator
        cover_days = days_of_cover(on_hand, average)
        if total == 0:
            assert cover_days is None
        else:
            expected = _half_up(Fraction(max(on_hand, 0)) / exact, 1)
            assert Fraction(rounded(cover_days, 1)) == expected
        point = math.ceil(exact * lead) + safety
        assert reorder_point(average, lead, safety) == point
        up_to = math.ceil(exact * (lead + cover)) + safety
        position = on_hand + inbound
        expected_order = 0 if position > point else max(up_to - position, 0)
        assert suggested_order_quantity(on_hand, inbound, average, lead, safety, cover) == expected_order

    @settings(max_examples=200, deadline=None)
    @given(units=sales_windows, days=st.integers(min_value=1, max_value=60))
    def test_the_projection_sells_the_exact_demand_rounded_once(self, units, days):
        average = average_daily_sales(days_before(AS_OF, units), AS_OF, 28)
        projection = project_stock(10**9, average, AS_OF, days=days)
        sold = 0
        for offset, day in enumerate(projection, start=1):
            sold += day.sales
            assert sold == _half_up(Fraction(sum(units), 28) * offset)
