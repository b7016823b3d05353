import datetime
from decimal import Decimal

import pytest

from staffing.domain import (
    hourly_orders,
    hours_of_window,
    orders_in_window,
    people_for,
    promotion_day_orders,
    required_on_shift,
)
from staffing.models import default_hourly_profile

T = datetime.time


def test_hourly_orders_follow_the_profile_and_add_up_to_the_day():
    per_hour = hourly_orders(200, default_hourly_profile())
    assert sum(per_hour) == pytest.approx(Decimal(200))
    assert max(per_hour) == per_hour[21]


def test_a_profile_of_zeros_spreads_the_day_evenly():
    assert hourly_orders(48, [0] * 24) == [Decimal(2)] * 24


def test_a_profile_needs_24_non_negative_values():
    with pytest.raises(ValueError, match="24"):
        hourly_orders(10, [1] * 23)
    with pytest.raises(ValueError, match="negative"):
        hourly_orders(10, [-1] + [1] * 23)


def test_windows_count_the_hours_they_touch():
    assert hours_of_window(T(9), T(18)) == list(range(9, 18))
    assert hours_of_window(T(9, 30), T(18, 30)) == list(range(9, 19))


def test_an_overnight_window_wraps_past_midnight():
    assert hours_of_window(T(20), T(2)) == [20, 21, 22, 23, 0, 1]
    assert hours_of_window(T(9), T(0)) == list(range(9, 24))
    assert hours_of_window(T(0), T(0)) == list(range(24))


def test_orders_in_a_window_and_its_busiest_hour():
    profile = [0] * 24
    profile[10], profile[21] = 1, 3
    total, peak = orders_in_window(400, profile, T(20), T(2))
    assert (total, peak) == (Decimal(300), Decimal(300))


def test_a_shift_is_staffed_for_its_busiest_hour():
    profile = [0] * 24
    profile[10], profile[11] = 3, 1
    # 300 orders at 10:00 at 15 orders per person-hour need 20 people; 11:00 alone needs 7.
    assert required_on_shift(400, profile, T(9), T(17), 15) == 20
    assert required_on_shift(400, profile, T(11), T(12), 15) == 7
    assert required_on_shift(400, profile, T(18), T(23), 15) == 1  # nobody buys, the minimum still holds


def test_people_for_a_workload_respects_the_minimum_and_refuses_a_zero_norm():
    assert people_for(300, 200) == Decimal("1.5")
    assert people_for(10, 200, minimum=1) == 1
    with pytest.raises(ValueError):
        people_for(10, 0)


def test_a_promotion_day_multiplies_the_target_once():
    assert promotion_day_orders(50, 5) == 250
    # The plan already weighted Double 11 at 3: 150 holds that weight, so ×5 means 250, not 750.
    assert promotion_day_orders(150, 5, plan_weight=3) == 250
    # A plan weight above the multiplier wins.
    assert promotion_day_orders(400, 2, plan_weight=4) == 400
    assert promotion_day_orders(50, None) == 50
