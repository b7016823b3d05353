"""The promotion rules and arithmetic, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.months import Span, month_weeks, shift_month, week_bars
from inventory.domain import PromotionDemand, project_stock
from promotions.choices import PhaseKind, PromotionKind, PromotionStatus
from promotions.domain import (
    ItemPrice,
    ItemSpan,
    Phase,
    PhaseSpan,
    ReminderState,
    lunar_new_year,
    order_by_date,
    preset_for_year,
    price_floor,
    price_problem,
    promotion_problems,
    remaining_window,
    reminder_state,
    required_stock,
    selling_window,
    shortfall,
    sku_overlaps,
    stock_decision_deadline,
)


@pytest.mark.parametrize(
    "list_price,floor",
    [("100.00", "70.00"), ("99.90", "69.93"), ("99.99", "70.00"), ("0.01", "0.01"), ("0", "0.00"), ("1.23", "0.87")],
)
def test_the_floor_is_70_percent_rounded_up_to_the_cent(list_price, floor):
    assert price_floor(Decimal(list_price)) == Decimal(floor)


def test_it_refuses_a_price_below_the_floor_and_names_the_rule_and_the_lowest_price():
    message = price_problem(PromotionKind.DOUBLE_12, Decimal("99.90"), Decimal("69.92"))
    assert "not below 70% of list price (7折) except Double 11 and Taojinbi" in message
    assert "¥69.93" in message


def test_it_accepts_the_floor_itself():
    assert price_problem(PromotionKind.JUHUASUAN, Decimal("99.90"), Decimal("69.93")) is None


@pytest.mark.parametrize("kind", [PromotionKind.DOUBLE_11, PromotionKind.TAOJINBI])
def test_double_11_and_taojinbi_allow_prices_below_the_floor(kind):
    assert price_problem(kind, Decimal("100"), Decimal("39.00")) is None


@pytest.mark.parametrize("kind", sorted(set(PromotionKind.values) - {"double_11", "taojinbi"}))
def test_every_other_kind_keeps_the_floor(kind):
    assert price_problem(kind, Decimal("100"), Decimal("69.99")) is not None


def test_a_negative_price_is_refused_even_on_double_11():
    assert price_problem(PromotionKind.DOUBLE_11, Decimal("100"), Decimal("-1")) is not None


def test_overlaps_are_the_same_sku_in_two_promotions_sharing_a_day():
    spans = [
        ItemSpan(1, 10, date(2026, 11, 1), date(2026, 11, 11)),
        ItemSpan(1, 11, date(2026, 11, 11), date(2026, 11, 12)),  # touches on 11.11
        ItemSpan(1, 12, date(2026, 11, 12), date(2026, 11, 20)),  # only with 11
        ItemSpan(2, 12, date(2026, 11, 12), date(2026, 11, 20)),  # another SKU
        ItemSpan(2, 13, date(2026, 11, 21), date(2026, 11, 22)),  # the day after: no overlap
    ]
    found = [(o.product_id, o.promotion_id, o.other_promotion_id, o.first_day, o.last_day) for o in sku_overlaps(spans)]
    assert found == [
        (1, 10, 11, date(2026, 11, 11), date(2026, 11, 11)),
        (1, 11, 12, date(2026, 11, 12), date(2026, 11, 12)),
    ]


def test_required_stock_is_baseline_times_uplift_times_days_plus_presale():
    assert required_stock(Decimal("4.5"), Decimal("3"), 3, 100) == 141  # 40.5 rounded up + 100
    assert required_stock(Decimal("2"), Decimal("1.5"), 10, 0) == 30
    assert required_stock(Decimal("0"), Decimal("5"), 10, 7) == 7


def test_the_selling_window_is_the_live_phase_and_presale_ships_on_final_payment():
    phases = [
        Phase(PhaseKind.PRESALE_DEPOSIT, date(2026, 10, 21), date(2026, 11, 10)),
        Phase(PhaseKind.FINAL_PAYMENT, date(2026, 11, 11), date(2026, 11, 11)),
        Phase(PhaseKind.LIVE, date(2026, 11, 11), date(2026, 11, 11)),
    ]
    window = selling_window(date(2026, 10, 21), date(2026, 11, 11), phases)
    assert (window.start, window.end, window.presale_ships_on, window.days) == (
        date(2026, 11, 11),
        date(2026, 11, 11),
        date(2026, 11, 11),
        1,
    )
    plain = selling_window(date(2026, 12, 10), date(2026, 12, 12))
    assert (plain.start, plain.end, plain.presale_ships_on) == (
        date(2026, 12, 10),
        date(2026, 12, 12),
        date(2026, 12, 10),
    )


def test_a_running_promotion_needs_stock_only_for_its_remaining_days():
    window = selling_window(date(2026, 6, 1), date(2026, 6, 18))
    assert remaining_window(window, date(2026, 6, 11)).days == 8
    assert remaining_window(window, date(2026, 6, 19)) is None


def test_shortfall_never_goes_negative_and_counts_a_negative_projection_as_zero():
    assert shortfall(140, 100) == 40
    assert shortfall(100, 140) == 0
    assert shortfall(30, -5) == 30


def test_projected_stock_across_a_promotion_with_presale():
    """Pre-sold units leave on the final-payment day, on top of the uplifted sales; before it, baseline."""
    as_of = date(2026, 11, 1)
    window = selling_window(
        date(2026, 10, 21),
        date(2026, 11, 11),
        [
            Phase(PhaseKind.FINAL_PAYMENT, date(2026, 11, 11), date(2026, 11, 11)),
            Phase(PhaseKind.LIVE, date(2026, 11, 11), date(2026, 11, 11)),
        ],
    )
    demand = PromotionDemand(window.start, window.end, Decimal("5"), 120, window.presale_ships_on)
    days = project_stock(300, Decimal("4"), as_of, days=12, promotions=[demand])
    at_start = days[-2].opening  # stock when 11.11 opens
    assert at_start == 300 - 4 * 10
    assert days[-1].date == date(2026, 11, 12) and days[-2].date == date(2026, 11, 11)
    assert days[-2].opening - days[-2].closing == 4 * 5 + 120  # 11.11 sells 20 and ships 120 pre-sold
    required = required_stock(Decimal("4"), Decimal("5"), window.days, 120)
    assert required == 140
    assert shortfall(required, days[-2].opening) == 0
    assert shortfall(required_stock(Decimal("4"), Decimal("5"), 1, 250), days[-2].opening) == 10


def test_the_stock_decision_is_a_week_before_the_start_by_default():
    assert stock_decision_deadline(date(2026, 10, 21), 7) == date(2026, 10, 14)


def test_factory_order_by_is_start_less_lead_time_and_safety_days():
    assert order_by_date(date(2026, 11, 11), 15, 3) == date(2026, 10, 24)


@pytest.mark.parametrize(
    "as_of,status,expected",
    [
        (date(2026, 10, 10), PromotionStatus.PLANNED, ReminderState.NONE),  # 4 days ahead
        (date(2026, 10, 11), PromotionStatus.PLANNED, ReminderState.DUE),  # 3 days ahead
        (date(2026, 10, 14), PromotionStatus.IDEA, ReminderState.DUE),  # the day itself
        (date(2026, 10, 15), PromotionStatus.PLANNED, ReminderState.OVERDUE),
        (date(2026, 10, 12), PromotionStatus.STOCK_DECIDED, ReminderState.NONE),
        (date(2026, 10, 15), PromotionStatus.RUNNING, ReminderState.NONE),
        (date(2026, 11, 12), PromotionStatus.PLANNED, ReminderState.NONE),  # the promotion is over
    ],
)
def test_reminders_within_three_days_and_undecided(as_of, status, expected):
    assert reminder_state(date(2026, 10, 14), as_of, 3, status, date(2026, 11, 11)) == expected


@pytest.mark.parametrize(
    "year,new_year",
    [(2025, date(2025, 1, 29)), (2026, date(2026, 2, 17)), (2027, date(2027, 2, 6)), (2030, date(2030, 2, 3))],
)
def test_chinese_new_year_follows_the_lunar_calendar(year, new_year):
    assert lunar_new_year(year) == new_year


def test_the_preset_has_the_playbook_events_in_date_order():
    events = preset_for_year(2026)
    keys = [e.key for e in events]
    assert keys == [
        "new_year_festival",
        "digital_0314",
        "juhuasuan_spring",
        "digital_0520",
        "618",
        "digital_0818",
        "juhuasuan_autumn",
        "double_11",
        "double_12",
    ]
    by_key = {e.key: e for e in events}
    festival = by_key["new_year_festival"]
    assert festival.end == date(2026, 2, 7) and festival.start == date(2026, 1, 25)  # ends 10 days before 2.17
    double_11 = by_key["double_11"]
    assert (double_11.start, double_11.end) == (date(2026, 10, 21), date(2026, 11, 11))
    assert {p.kind: (p.start, p.end) for p in double_11.phases} == {
        PhaseKind.PRESALE_DEPOSIT: (date(2026, 10, 21), date(2026, 11, 10)),
        PhaseKind.FINAL_PAYMENT: (date(2026, 11, 11), date(2026, 11, 11)),
        PhaseKind.LIVE: (date(2026, 11, 11), date(2026, 11, 11)),
    }
    assert [e.kind for e in events].count(PromotionKind.JUHUASUAN) == 2
    assert all(p.start >= e.start and p.end <= e.end for e in events for p in e.phases)
    assert "双11" in double_11.name and "Double 11" in double_11.name


@pytest.mark.parametrize("year", [1900, 2100])
def test_the_preset_refuses_years_outside_the_lunar_tables(year):
    with pytest.raises(ValueError, match="1901 to 2099"):
        preset_for_year(year)


def test_the_month_grid_starts_on_monday_and_covers_the_month():
    weeks = month_weeks(date(2026, 11, 1))
    assert weeks[0][0] == date(2026, 10, 26) and weeks[-1][-1] == date(2026, 12, 6)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)


def test_month_shifting_holds_at_the_ends_of_the_calendar():
    assert shift_month(date(1, 1, 1), -1) == date(1, 1, 1)
    assert shift_month(date(9999, 12, 1), 1) == date(9999, 12, 1)
    assert shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert shift_month(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_bars_take_the_first_free_lane_and_say_when_they_continue():
    week = month_weeks(date(2026, 11, 1))[2]  # 9–15 November
    bars = week_bars(
        week,
        [
            Span("d11", date(2026, 10, 21), date(2026, 11, 11)),
            Span("other", date(2026, 11, 10), date(2026, 11, 13)),
            Span("later", date(2026, 11, 12), date(2026, 11, 20)),
        ],
    )
    got = {b.key: (b.column, b.width, b.lane, b.continues_before, b.continues_after) for b in bars}
    assert got == {
        "d11": (1, 3, 0, True, False),
        "other": (2, 4, 1, False, False),
        "later": (4, 4, 0, False, True),
    }


PROMOTION = {"kind": "double_11", "name": "双11", "status": "planned", "budget": Decimal("0")}
NOVEMBER = {**PROMOTION, "start_date": date(2026, 11, 1), "end_date": date(2026, 11, 11)}
DEEP = ItemPrice("SKU-1", Decimal("100.00"), Decimal("20.00"))


def test_a_deep_price_is_allowed_in_double_11_and_refused_once_the_kind_is_custom():
    assert promotion_problems(NOVEMBER, items=[DEEP]) == {}
    problems = promotion_problems({**NOVEMBER, "kind": "custom"}, items=[DEEP])
    assert list(problems) == ["kind"]
    assert "SKU-1" in problems["kind"][0] and "¥20.00" in problems["kind"][0] and "¥70.00" in problems["kind"][0]


def test_price_problems_land_on_the_field_the_write_changed():
    problems = promotion_problems({**NOVEMBER, "kind": "custom"}, items=[DEEP], price_field="promo_price")
    assert list(problems) == ["promo_price"]


def test_dates_that_leave_a_phase_outside_are_a_problem_of_the_whole_promotion():
    live = PhaseSpan("live", date(2026, 11, 11), date(2026, 11, 11))
    assert promotion_problems(NOVEMBER, phases=[live]) == {}
    problems = promotion_problems({**NOVEMBER, "end_date": date(2026, 11, 10)}, phases=[live])
    assert "must lie within" in problems["__all__"][0]
