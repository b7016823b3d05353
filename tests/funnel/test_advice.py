"""The stage advice: its minimum data, its verdicts and reasons, and its agreement with the behind-plan alert.
Pure functions: no database."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from alerts import domain as alert_domain
from funnel.advice_text import TEXTS, reason_text
from funnel.choices import Recommendation
from funnel.domain.advice import MIN_DAYS, DayActual, Reason, ReasonCode, advise, plan_measure
from funnel.domain.status import ConversionAnomaly, StageRange

D = Decimal
TODAY = date(2026, 3, 21)
STAGE_2 = StageRange(2, 100, 300, 1, 10)
STAGE_3 = StageRange(3, 170, 480, 3, 20)
STAGE_START = TODAY - timedelta(days=60)


def days(n: int, orders: int = 5, uv: int | None = 250, target: int | None = 5, *, first_back: int = 1):
    """``n`` consecutive days with actuals, the latest ``first_back`` days before TODAY."""
    return [DayActual(TODAY - timedelta(days=first_back + i), uv, orders, target) for i in range(n)]


def advice(history, *, stage=STAGE_2, following=STAGE_3, start=STAGE_START, pace=None, anomalies=()):
    return advise(TODAY, stage, following, start, history, pace, anomalies)


def codes(result) -> list[str]:
    return [str(r.code) for r in result.reasons]


def params(result, code: ReasonCode, **match) -> dict:
    found = [r.params for r in result.reasons if r.code == code and all(r.params.get(k) == v for k, v in match.items())]
    assert found, f"no {code} reason with {match} in {result.reasons}"
    return dict(found[0])


class TestMinimumData:
    def test_13_days_in_the_stage_are_not_enough_data(self):
        result = advice(days(13))
        assert result.verdict == Recommendation.NOT_ENOUGH_DATA
        assert result.reasons[0] == Reason(
            ReasonCode.DAYS_IN_STAGE,
            {"stage": 2, "days": 13, "required": 14, "window": 28, "since": (TODAY - timedelta(days=28)).isoformat()},
        )

    def test_14_days_in_the_stage_give_a_verdict(self):
        assert advice(days(14)).verdict == Recommendation.ADVANCE
        assert advice(days(14, orders=2, uv=150, target=2)).verdict == Recommendation.HOLD
        assert MIN_DAYS == 14

    def test_only_days_since_the_stage_began_count(self):
        # 28 days of actuals, but the stage began 10 days ago.
        result = advice(days(28), start=TODAY - timedelta(days=10))
        assert result.verdict == Recommendation.NOT_ENOUGH_DATA
        assert params(result, ReasonCode.DAYS_IN_STAGE)["days"] == 10

    def test_days_without_actuals_do_not_count(self):
        history = days(20, target=5)
        history[1:8] = [DayActual(d.date, None, None, 5) for d in history[1:8]]  # 7 days only targeted
        result = advice(history)
        assert result.verdict == Recommendation.NOT_ENOUGH_DATA
        assert params(result, ReasonCode.DAYS_IN_STAGE)["days"] == 13

    def test_without_a_plan_there_is_no_advice(self):
        result = advise(TODAY, None, None, None, days(28), None)
        assert result.verdict == Recommendation.NO_PLAN
        assert codes(result) == ["no_plan"]


class TestVerdicts:
    def test_sustained_in_the_next_stages_range_means_advance_with_both_averages_against_its_minimum(self):
        result = advice(days(28, orders=4, uv=200, target=4))
        assert result.verdict == Recommendation.ADVANCE
        assert params(result, ReasonCode.NEXT_REACHED, window=7) == {
            "window": 7,
            "days": 7,
            "orders": 4.0,
            "uv": 200.0,
            "stage": 3,
            "orders_min": 3,
            "uv_min": 170,
        }
        assert params(result, ReasonCode.NEXT_REACHED, window=28)["days"] == 28
        assert params(result, ReasonCode.ON_PLAN_AVERAGE) == {
            "days": 7,
            "avg_orders": 4.0,
            "avg_target": 4.0,
            "attainment": 1.0,
            "threshold": 0.8,
        }
        assert codes(result)[-1] == "days_in_stage"

    def test_a_good_week_alone_is_not_sustained_and_says_which_window_falls_short(self):
        history = days(7, orders=4, uv=200, target=4) + days(21, orders=2, uv=150, target=2, first_back=8)
        result = advice(history)
        assert result.verdict == Recommendation.HOLD
        assert result.reasons[0].code == ReasonCode.NEXT_NOT_REACHED
        assert result.reasons[0].params["window"] == 28
        assert result.reasons[0].params["orders"] == pytest.approx(2.5)

    def test_below_the_current_stages_minimum_holds_and_says_so(self):
        history = days(28, orders=1, uv=60, target=1)
        result = advice(history)
        assert result.verdict == Recommendation.HOLD
        assert params(result, ReasonCode.BELOW_STAGE)["uv_min"] == 100

    def test_the_last_stage_never_advances(self):
        result = advice(
            days(28, orders=150, uv=3000, target=150), stage=StageRange(5, 500, 2000, 10, 100), following=None
        )
        assert result.verdict == Recommendation.HOLD
        assert result.reasons[0] == Reason(ReasonCode.LAST_STAGE, {"stage": 5})

    def test_a_conversion_anomaly_of_the_last_28_days_blocks_advancing(self):
        spike = ConversionAnomaly(TODAY - timedelta(days=20), 0.08, 0.02, 4.0)
        result = advice(days(28, orders=4, uv=200, target=4), anomalies=[spike])
        assert result.verdict == Recommendation.HOLD
        assert result.reasons[0] == Reason(ReasonCode.ANOMALY, {"date": spike.date.isoformat(), "ratio": 4.0})
        old = ConversionAnomaly(TODAY - timedelta(days=29), 0.08, 0.02, 4.0)
        assert advice(days(28, orders=4, uv=200, target=4), anomalies=[old]).verdict == Recommendation.ADVANCE

    def test_behind_plan_gives_the_gap(self):
        result = advice(days(28, orders=3, uv=200, target=12))
        assert result.verdict == Recommendation.BEHIND
        assert result.reasons[0] == Reason(
            ReasonCode.BEHIND_AVERAGE,
            {"days": 7, "avg_orders": 3.0, "avg_target": 12.0, "attainment": 0.25, "threshold": 0.8},
        )

    def test_a_month_pace_below_the_target_is_behind_plan_too(self):
        result = advice(days(28, orders=4, uv=200, target=4), pace=D("0.9512"))
        assert result.verdict == Recommendation.BEHIND
        assert result.reasons[0] == Reason(ReasonCode.BEHIND_PACE, {"pace": 0.9512, "threshold": 1.0})

    def test_a_store_one_day_old_and_behind_is_told_it_is_behind_not_to_advance(self):
        # The reported case: one day of 3 orders at 25% of its target, a month pace of 25%.
        result = advice(days(1, orders=3, uv=200, target=12), start=TODAY - timedelta(days=1), pace=D("0.25"))
        assert result.verdict == Recommendation.BEHIND
        assert codes(result) == ["behind_pace", "days_in_stage"]
        assert params(result, ReasonCode.DAYS_IN_STAGE)["days"] == 1


ATTAINMENTS = [D(0), D("0.25"), D("0.5"), D("0.79"), D("0.8"), D("0.81"), D(1), D("1.5"), D(3)]
PACES = [None, D("0.3"), D("0.99"), D(1), D("1.4")]


@pytest.mark.parametrize("attainment,pace", list(itertools.product(ATTAINMENTS, PACES)))
def test_a_store_the_behind_plan_alert_fires_for_is_never_told_to_advance(attainment, pace):
    """Swept over attainment, month pace, days of actuals and days with targets: the advice says behind plan
    exactly when the alert rule's own function (alerts.domain.behind_plan) fires, and never advance then."""
    target = 20
    orders = int(attainment * target)
    for n_days, targeted in itertools.product(range(0, 29), (0, 2, 3, 7)):
        history = [
            DayActual(TODAY - timedelta(days=i + 1), orders * 60, orders, target if i < targeted else None)
            for i in range(n_days)
        ]
        result = advice(history, pace=pace)
        # The alert sees the 7 days up to yesterday as (orders, target), days not yet reported included.
        week = [(d.orders, d.target_orders) for d in history if d.date >= TODAY - timedelta(days=7)]
        alert = alert_domain.behind_plan(week, pace)
        if alert is not None:
            assert result.verdict == Recommendation.BEHIND, (n_days, targeted)
        else:
            assert result.verdict != Recommendation.BEHIND, (n_days, targeted)
        assert (result.verdict == Recommendation.ADVANCE) <= (alert is None and n_days >= MIN_DAYS)


def test_the_alert_and_the_advice_share_one_measure():
    week = [(3, 12)] * 7
    measure = plan_measure(week, D("0.9"))
    alert = alert_domain.behind_plan(week, D("0.9"))
    assert (alert.avg_orders, alert.avg_target, alert.attainment, alert.pace) == (
        measure.avg_orders,
        measure.avg_target,
        measure.attainment,
        measure.pace,
    )


SAMPLE_PARAMS = {
    ReasonCode.NO_PLAN: {},
    ReasonCode.DAYS_IN_STAGE: {"stage": 2, "days": 9, "required": 14, "window": 28, "since": "2026-03-01"},
    ReasonCode.BEHIND_AVERAGE: {
        "days": 7,
        "avg_orders": 1234.5,
        "avg_target": 4000.0,
        "attainment": 0.3086,
        "threshold": 0.8,
    },
    ReasonCode.ON_PLAN_AVERAGE: {
        "days": 7,
        "avg_orders": 12.0,
        "avg_target": 10.0,
        "attainment": 1.2,
        "threshold": 0.8,
    },
    ReasonCode.BEHIND_PACE: {"pace": 0.25, "threshold": 1.0},
    ReasonCode.ON_PLAN_PACE: {"pace": 1.04, "threshold": 1.0},
    ReasonCode.NEXT_REACHED: {
        "window": 28,
        "days": 28,
        "orders": 56.2,
        "uv": 12345.0,
        "stage": 4,
        "orders_min": 5,
        "uv_min": 300,
    },
    ReasonCode.NEXT_NOT_REACHED: {
        "window": 7,
        "days": 7,
        "orders": 2.5,
        "uv": None,
        "stage": 3,
        "orders_min": 3,
        "uv_min": 170,
    },
    ReasonCode.BELOW_STAGE: {
        "window": 7,
        "days": 6,
        "orders": 0.5,
        "uv": 60.0,
        "stage": 2,
        "orders_min": 1,
        "uv_min": 100,
    },
    ReasonCode.NO_RECENT_ACTUALS: {"window": 7},
    ReasonCode.LAST_STAGE: {"stage": 5},
    ReasonCode.ANOMALY: {"date": "2026-03-10", "ratio": 4.2},
}


def test_every_reason_code_has_a_text_in_both_languages():
    assert set(TEXTS) == set(ReasonCode) == set(SAMPLE_PARAMS)
    for code, values in SAMPLE_PARAMS.items():
        with translation.override("en"):
            english = reason_text(Reason(code, values))
        with translation.override("zh-hans"):
            chinese = reason_text({"code": str(code), "params": values})
        assert "%(" not in english and "%(" not in chinese
        assert english != chinese, code
        assert not any("a" <= c.lower() <= "z" for c in chinese.replace("UV", "")), chinese


def test_reason_numbers_are_formatted_with_separators_and_percentages():
    behind = Reason(ReasonCode.BEHIND_AVERAGE, SAMPLE_PARAMS[ReasonCode.BEHIND_AVERAGE])
    reached = Reason(ReasonCode.NEXT_REACHED, SAMPLE_PARAMS[ReasonCode.NEXT_REACHED])
    with translation.override("zh-hans"):
        assert "日均 1,234.5 单，为日目标 4,000.0 单的 31%" in reason_text(behind)
        assert "访客 12,345" in reason_text(reached)
    with translation.override("en"):
        assert "1,234.5 orders a day is 31% of the day target of 4,000.0" in reason_text(behind)
        assert "56.2 orders and 12,345 UV a day" in reason_text(reached)


def _against_params(orders, uv):
    return {"window": 7, "days": 7, "orders": orders, "uv": uv, "stage": 5, "orders_min": 10, "uv_min": 500}


@pytest.mark.parametrize("code", ["next_not_reached", "below_stage"])
def test_a_window_short_only_on_visitors_says_the_visitors_fall_short(code):
    reason = {"code": code, "params": _against_params(26.0, 320)}
    with translation.override("zh-hans"):
        zh = reason_text(reason)
    with translation.override("en"):
        en = reason_text(reason)
    assert "访客数" in zh and "500" in zh and "订单" in zh
    assert "the visitors do not" in en and "500 UV a day" in en


def test_a_window_short_only_on_orders_says_the_orders_fall_short():
    with translation.override("en"):
        text = reason_text({"code": "next_not_reached", "params": _against_params(4.0, 800)})
    assert "the orders do not" in text and "10 orders a day" in text
