"""Funnel arithmetic, target spreading, stage status and plan validation: pure functions, no database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from core.months import days_between
from funnel.domain.arithmetic import (
    gmv_from_orders,
    implied,
    orders_from_gmv,
    orders_from_uv,
    sales,
    uv_needed,
)
from funnel.domain.layout import default_milestones, event_weights, stage_dates
from funnel.domain.spread import (
    StageTargets,
    day_targets,
    day_weights,
    spread_int,
    spread_money,
    stage_totals,
)
from funnel.domain.status import averages, conversion_anomalies
from funnel.domain.validation import MAX_PLAN_DAYS, StageInput, period_problems, validate_stages
from funnel.formulas import AOV, CONVERSION

D = Decimal


class TestArithmetic:
    def test_the_playbook_example_200_orders_at_2_percent_needs_10000_uv(self):
        assert uv_needed(200, D("0.02")) == 10_000

    def test_sales_is_uv_times_conversion_times_aov(self):
        assert sales(10_000, D("0.02"), D("150")) == D("30000.00")

    def test_every_inversion_agrees_with_sales(self):
        uv, conversion, aov = 4321, D("0.0315"), D("168.40")
        orders = orders_from_uv(uv, conversion)
        gmv = sales(uv, conversion, aov)
        assert gmv_from_orders(orders, aov) == gmv
        assert float(orders_from_gmv(gmv, aov)) == pytest.approx(float(orders), rel=1e-6)
        assert CONVERSION(orders=orders, uv=uv) == conversion
        assert AOV(gmv=gmv, orders=orders) == aov
        assert uv_needed(orders, conversion) == uv

    def test_uv_needed_rounds_up_to_whole_visitors(self):
        assert uv_needed(1, D("0.03")) == 34

    def test_derived_rates_of_an_empty_day_are_none(self):
        assert CONVERSION(orders=0, uv=0) is None and AOV(gmv=D("0"), orders=0) is None

    def test_a_zero_conversion_cannot_reach_any_target(self):
        with pytest.raises(ValueError):
            uv_needed(10, D("0"))

    def test_implied_figures_of_a_stage(self):
        result = implied(D("12"), D("0.02"), D("150"), D("0.35"), D("0.60"))
        assert (result.uv, result.paid_uv, result.gmv, result.ad_spend) == (600, 210, D("1800.00"), D("126.00"))
        assert result.roi == D("14.29")

    def test_roi_comes_from_the_unrounded_gmv_and_ad_spend(self):
        # GMV 1.1 × 33.33 = 36.663 (36.66), ad spend 55 × 0.333 × 0.07 = 1.28205 (1.28)
        result = implied(D("1.1"), D("0.02"), D("33.33"), D("0.333"), D("0.07"))
        assert (result.gmv, result.ad_spend) == (D("36.66"), D("1.28"))
        assert result.roi == D("28.60")  # not 36.66 / 1.28 = 28.64

    def test_a_stages_totals_come_from_the_unrounded_daily_amounts(self):
        november = (date(2026, 11, 1), date(2026, 11, 30))
        stage = StageTargets(1, *november, D("1.1"), D("0.02"), D("33.33"), D("0.333"), D("0.07"))
        orders, uv, gmv, ad_spend = stage_totals(stage)
        assert (orders, uv) == (33, 1650)
        assert gmv == D("1099.890")  # not 30 × 36.66 = 1,099.80
        assert sum(spread_money(ad_spend, [1] * 30)) == D("38.46")  # not 30 × 1.28 = 38.40

    def test_no_ad_spend_means_no_roi(self):
        assert implied(D("1"), D("0.02"), D("100"), D("0"), D("0")).roi is None


class TestSpread:
    def test_parts_sum_exactly_to_the_total(self):
        parts = spread_int(100, [1, 1, 1])
        assert parts == [34, 33, 33] and sum(parts) == 100

    @pytest.mark.parametrize("total", [0, 1, 7, 999, 1_000_003, 123_456_789])
    def test_any_total_over_uneven_weights_sums_exactly(self, total):
        weights = [0.93, 1.1, 5.0, 1.0, 0.35, 2.5, 1.0000001]
        assert sum(spread_int(total, weights)) == total

    def test_money_sums_to_the_cent(self):
        parts = spread_money(D("1000.00"), [1, 1, 1])
        assert parts == [D("333.34"), D("333.33"), D("333.33")] and sum(parts) == D("1000.00")

    def test_heavier_days_get_more(self):
        light, heavy = spread_int(60, [1, 5])
        assert (light, heavy) == (10, 50)

    def test_all_zero_weights_spread_evenly(self):
        assert spread_int(4, [0, 0]) == [2, 2]

    def test_weights_combine_weekday_month_and_events(self):
        days = [date(2026, 11, 9), date(2026, 11, 11)]  # Monday, Wednesday (Double 11)
        weekday = [0.9, 1, 1.2, 1, 1, 1, 1]
        month = [1] * 10 + [2] + [1]
        assert day_weights(days, weekday, month, {date(2026, 11, 11): 5}) == pytest.approx([1.8, 12.0])

    def test_day_targets_add_up_to_each_stage_and_so_to_the_period(self):
        stages = [
            StageTargets(1, date(2026, 1, 1), date(2026, 1, 14), D("1"), D("0.02"), D("150"), D("0"), D("0")),
            StageTargets(
                2, date(2026, 1, 15), date(2026, 3, 31), D("5.5"), D("0.025"), D("149.90"), D("0.3"), D("0.5")
            ),
        ]
        events = {date(2026, 3, 14): 1.5}
        targets = day_targets(stages, [0.95, 0.93, 0.95, 0.98, 1.05, 1.12, 1.1], [1.0] * 12, events)
        assert [t.date for t in targets] == days_between(date(2026, 1, 1), date(2026, 3, 31))
        second = [t for t in targets if t.stage == 2]
        assert sum(t.orders for t in second) == round(D("5.5") * 76)
        assert sum(t.gmv for t in second) == D("5.5") * D("149.90") * 76
        assert sum(t.uv for t in second) == 220 * 76
        march = [t for t in second if t.date.month == 3]
        assert max(march, key=lambda t: t.orders).date == date(2026, 3, 14)


class TestLayout:
    def test_stages_take_their_default_lengths_and_the_last_one_the_rest(self):
        dates = stage_dates(date(2026, 1, 1), date(2026, 12, 31), [2, 4, 6, 12, 26])
        assert dates[0] == (date(2026, 1, 1), date(2026, 1, 14))
        assert dates[1][0] == date(2026, 1, 15)
        assert dates[-1][1] == date(2026, 12, 31)
        assert all((b[0] - a[1]).days == 1 for a, b in zip(dates, dates[1:], strict=False))

    def test_a_short_period_shrinks_the_stages_in_proportion(self):
        dates = stage_dates(date(2026, 1, 1), date(2026, 1, 31), [2, 4, 6, 12, 26])
        assert dates[-1][1] == date(2026, 1, 31)
        assert all(end >= start for start, end in dates)
        assert all((b[0] - a[1]).days == 1 for a, b in zip(dates, dates[1:], strict=False))

    def test_a_period_shorter_than_the_stage_count_is_refused(self):
        with pytest.raises(ValueError):
            stage_dates(date(2026, 1, 1), date(2026, 1, 3), [2, 4, 6, 12, 26])

    def test_platform_events_inside_the_period_weigh_more(self):
        weights = event_weights(date(2026, 11, 1), date(2026, 12, 31))
        assert weights == {date(2026, 11, 11): 5.0, date(2026, 12, 12): 2.5}

    def test_default_milestones_are_the_playbooks(self):
        milestones = default_milestones(date(2026, 1, 1), date(2026, 12, 31))
        assert [(m.metric, m.target, m.due_date) for m in milestones] == [
            ("positive_rate", D("98.5"), date(2026, 1, 1)),
            ("orders_per_day", D(30), date(2026, 2, 1)),
            ("orders_per_day", D(50), date(2026, 12, 13)),
            ("orders_per_day", D(200), date(2026, 12, 31)),
        ]


class TestStageStatus:
    def test_averages_skip_days_without_uv_for_the_uv_average(self):
        result = averages([(100, 2), (None, 4)])
        assert (result.uv, result.orders, result.days) == (100, 3, 2)

    def test_a_conversion_spike_over_three_times_the_trailing_median_is_an_anomaly(self):
        start = date(2026, 10, 1)
        days = [(start + timedelta(days=i), 1000, 20) for i in range(28)]  # 2%
        days.append((start + timedelta(days=28), 1000, 70))  # 7% = 3.5x
        days.append((start + timedelta(days=29), 1000, 50))  # 5% = 2.5x: high, but not flagged
        found = conversion_anomalies(days)
        assert [a.date for a in found] == [start + timedelta(days=28)]
        assert found[0].ratio == pytest.approx(3.5)

    def test_too_little_history_or_tiny_numbers_are_not_judged(self):
        start = date(2026, 10, 1)
        days = [(start + timedelta(days=i), 100, 1) for i in range(3)] + [(start + timedelta(days=3), 100, 50)]
        assert conversion_anomalies(days) == []
        quiet = [(start + timedelta(days=i), 100, 0) for i in range(10)] + [(start + timedelta(days=10), 10, 2)]
        assert conversion_anomalies(quiet) == []


def stage(number, start, end, **over):
    values = dict(
        uv_min=100,
        uv_max=300,
        orders_min=1,
        orders_max=10,
        orders_per_day=D(5),
        conversion=D("0.02"),
        aov=D(100),
        paid_share=D(0),
        cpc=D(0),
        bestseller_count=1,
        bestseller_sales=10,
        listed_items=200,
    )
    values.update(over)
    return StageInput(number, start, end, **values)


class TestValidation:
    P0, P1 = date(2026, 1, 1), date(2026, 12, 31)

    def test_contiguous_stages_inside_the_period_pass(self):
        stages = [stage(1, self.P0, date(2026, 6, 30)), stage(2, date(2026, 7, 1), self.P1)]
        assert validate_stages(self.P0, self.P1, stages) == []

    def test_a_gap_between_stages_is_named(self):
        stages = [stage(1, self.P0, date(2026, 6, 30)), stage(2, date(2026, 7, 3), self.P1)]
        [problem] = validate_stages(self.P0, self.P1, stages)
        assert (problem.subject, problem.field) == ("2", "start") and "2026-07-01" in problem.message

    def test_overlapping_stages_are_refused(self):
        stages = [stage(1, self.P0, date(2026, 6, 30)), stage(2, date(2026, 6, 20), self.P1)]
        assert "overlap" in validate_stages(self.P0, self.P1, stages)[0].message

    def test_dates_outside_the_period_are_refused(self):
        stages = [stage(1, self.P0, date(2026, 6, 30)), stage(2, date(2026, 7, 1), date(2027, 1, 5))]
        assert any("inside the plan's period" in p.message for p in validate_stages(self.P0, self.P1, stages))

    def test_a_range_must_run_from_low_to_high(self):
        stages = [stage(1, self.P0, self.P1, uv_min=500, uv_max=300)]
        assert [(p.field, "min ≤ max" in p.message) for p in validate_stages(self.P0, self.P1, stages)] == [
            ("uv_min", True)
        ]

    def test_negative_numbers_are_refused(self):
        stages = [stage(1, self.P0, self.P1, aov=D(-1), listed_items=-5)]
        assert {p.field for p in validate_stages(self.P0, self.P1, stages)} == {"aov", "listed_items"}

    def test_conversion_must_be_a_rate(self):
        stages = [stage(1, self.P0, self.P1, conversion=D("1.5"))]
        assert validate_stages(self.P0, self.P1, stages)[0].field == "conversion"


class TestPlanPeriod:
    START = date(2026, 1, 1)

    def test_a_period_from_five_days_to_three_years_is_fine(self):
        assert period_problems(self.START, self.START + timedelta(days=4)) == []
        assert period_problems(self.START, self.START + timedelta(days=MAX_PLAN_DAYS - 1)) == []

    def test_a_period_ending_before_it_starts_is_refused(self):
        [problem] = period_problems(self.START, self.START - timedelta(days=1))
        assert problem.field == "period_end" and "ends before it starts" in problem.message

    def test_a_period_shorter_than_one_day_per_stage_is_refused(self):
        assert "at least 5 days" in period_problems(self.START, self.START + timedelta(days=3))[0].message

    def test_a_period_of_centuries_is_refused_before_any_day_target_is_spread(self):
        [problem] = period_problems(self.START, date(9999, 12, 31))
        assert "at most 1098 days" in problem.message and problem.field == "period_end"
