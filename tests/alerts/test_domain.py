"""The thresholds and severities of the alert rules, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from alerts import domain
from alerts.choices import Severity

ON_TARGET = [(10, 10)] * 7


def test_a_week_below_80_percent_of_the_day_targets_is_behind_plan():
    result = domain.behind_plan([(7, 10)] * 7, None)
    assert result is not None
    assert result.below_average and not result.below_pace
    assert result.attainment == Decimal("0.7")
    assert result.severity == Severity.WARNING


def test_exactly_80_percent_of_the_targets_is_not_behind():
    assert domain.behind_plan([(8, 10)] * 7, None) is None


def test_the_average_weighs_the_targets_of_the_same_days():
    # 24 orders against targets of 30: 80%, not behind, although one day alone was at 20%.
    assert domain.behind_plan([(2, 10), (14, 10), (8, 10)], None) is None
    assert domain.behind_plan([(2, 10), (14, 10), (7, 10)], None) is not None


def test_days_without_actuals_do_not_count_as_zero_orders():
    days = [(None, 10)] * 4 + [(10, 10)] * 3
    assert domain.behind_plan(days, None) is None


def test_too_few_days_with_actuals_and_targets_are_not_judged():
    assert domain.behind_plan([(0, 10), (0, 10)] + [(5, None)] * 5, None) is None


def test_a_month_pace_below_one_is_behind_even_when_the_week_is_on_target():
    result = domain.behind_plan(ON_TARGET, Decimal("0.95"))
    assert result is not None
    assert result.below_pace and not result.below_average
    assert result.severity == Severity.WARNING


def test_a_pace_of_one_is_on_plan():
    assert domain.behind_plan(ON_TARGET, Decimal("1.0000")) is None


def test_under_half_of_the_target_is_critical():
    assert domain.behind_plan([(4, 10)] * 7, None).severity == Severity.CRITICAL
    assert domain.behind_plan(ON_TARGET, Decimal("0.49")).severity == Severity.CRITICAL
    assert domain.behind_plan([(7, 10)] * 7, Decimal("0.3")).severity == Severity.CRITICAL


def test_the_first_evaluation_of_a_store_sees_no_stage_change():
    assert not domain.stage_changed(None, "hold")
    assert not domain.stage_changed("hold", "hold")
    assert domain.stage_changed("hold", "advance")


def test_a_stage_change_notice_holds_for_a_week_while_the_recommendation_stays():
    changed = date(2026, 3, 1)
    assert domain.stage_change_holds(changed, "advance", "advance", date(2026, 3, 7))
    assert not domain.stage_change_holds(changed, "advance", "advance", date(2026, 3, 8))
    assert not domain.stage_change_holds(changed, "advance", "hold", date(2026, 3, 2))


@pytest.mark.parametrize(
    "rate,severity",
    [
        (None, None),
        ("100", None),
        ("98.50", None),
        ("98.49", Severity.WARNING),
        ("97.00", Severity.WARNING),
        ("96.99", Severity.CRITICAL),
    ],
)
def test_a_positive_rating_rate_below_98_5_percent_is_low(rate, severity):
    assert domain.rating_severity(None if rate is None else Decimal(rate)) == severity


@pytest.mark.parametrize(
    "later,orders,severity",
    [(0, 20, None), (1, 20, Severity.WARNING), (2, 20, Severity.CRITICAL), (1, 0, Severity.WARNING)],
)
def test_any_order_shipped_after_48_hours_is_late_and_a_tenth_of_the_day_is_critical(later, orders, severity):
    assert domain.late_shipping_severity(later, orders) == severity


def test_a_conversion_five_times_the_median_is_critical():
    assert domain.anomaly_severity(3.5) == Severity.WARNING
    assert domain.anomaly_severity(5.0) == Severity.CRITICAL


def test_the_window_is_the_seven_days_up_to_as_of():
    as_of = date(2026, 3, 15)
    assert domain.window(as_of) == (date(2026, 3, 9), as_of)
    assert domain.in_window(date(2026, 3, 9), as_of)
    assert not domain.in_window(date(2026, 3, 8), as_of)
    assert not domain.in_window(date(2026, 3, 16), as_of)
