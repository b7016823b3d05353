"""The rules on hand-built contexts: which findings, with which keys, severities and texts."""

from datetime import date, timedelta
from decimal import Decimal

from alerts.choices import AlertKind, Severity
from alerts.rulebook import RULES, alert_text, run_rules
from alerts.rules import AlertContext, DayFigures, KnownAlert, ServiceDay
from funnel.domain.status import ConversionAnomaly

AS_OF = date(2026, 3, 15)


def context(**values) -> AlertContext:
    return AlertContext(store_id=1, as_of=AS_OF, **values)


def test_only_the_kinds_whose_data_exists_have_rules():
    assert set(RULES) == {
        AlertKind.BEHIND_PLAN,
        AlertKind.STAGE_CHANGE,
        AlertKind.LOW_RATING,
        AlertKind.LATE_SHIPPING,
        AlertKind.CONVERSION_ANOMALY,
        AlertKind.STOCK_LOW,
        AlertKind.STOCK_OUT_LISTED,
        AlertKind.PROMOTION_DECISION,
        AlertKind.UNDERSTAFFED,
    }


def test_a_quiet_store_has_no_findings():
    days = tuple(DayFigures(AS_OF - timedelta(days=n), 10, 10) for n in range(7))
    quiet = context(days=days, month_pace=Decimal("1.1"), recommendation="hold", previous_recommendation="hold")
    found = run_rules(quiet)
    assert all(findings == [] for findings in found.values())


def test_behind_plan_says_which_measure_fired():
    days = tuple(DayFigures(AS_OF - timedelta(days=n), 6, 10) for n in range(7))
    [finding] = RULES[AlertKind.BEHIND_PLAN].check(context(days=days, month_pace=Decimal("1.2")))
    assert finding.key == "orders"
    assert "7-day average of 6.0 orders a day is 60% of the day target of 10.0" in finding.detail
    assert "pace" not in finding.detail
    [finding] = RULES[AlertKind.BEHIND_PLAN].check(context(month_pace=Decimal("0.8512")))
    assert finding.detail == "At this month's pace the store reaches 85% of the month's orders target."


def test_a_changed_recommendation_raises_an_info_notice_keyed_by_recommendation_and_date():
    [finding] = RULES[AlertKind.STAGE_CHANGE].check(context(recommendation="advance", previous_recommendation="hold"))
    assert finding.key == "advance:2026-03-15"
    assert finding.severity == Severity.INFO
    assert finding.title == "Stage recommendation changed: Advance to the next stage"


def test_an_earlier_notice_holds_only_while_its_recommendation_stands():
    notice = KnownAlert(
        AlertKind.STAGE_CHANGE,
        "advance:2026-03-10",
        Severity.INFO,
        {"recommendation": "advance", "previous": "hold", "changed_on": "2026-03-10", "stage": 2},
    )
    kept = RULES[AlertKind.STAGE_CHANGE].check(
        context(recommendation="advance", previous_recommendation="advance", unresolved=(notice,))
    )
    assert [f.key for f in kept] == ["advance:2026-03-10"]
    moved_on = RULES[AlertKind.STAGE_CHANGE].check(
        context(recommendation="hold", previous_recommendation="advance", unresolved=(notice,))
    )
    assert [f.key for f in moved_on] == ["hold:2026-03-15"]


def test_late_shipping_is_one_finding_per_day_of_the_week():
    days = (
        ServiceDay(date(2026, 3, 8), 20, 5, None),  # before the window
        ServiceDay(date(2026, 3, 10), 20, 1, None),
        ServiceDay(date(2026, 3, 12), 20, 0, None),
        ServiceDay(date(2026, 3, 14), 20, 4, None),
    )
    found = RULES[AlertKind.LATE_SHIPPING].check(context(service_days=days))
    assert [(f.key, f.severity) for f in found] == [("2026-03-10", Severity.WARNING), ("2026-03-14", Severity.CRITICAL)]
    assert found[1].title == "4 orders shipped after 48 h on 2026-03-14"


def test_conversion_anomalies_of_the_week_are_findings_keyed_by_date():
    anomalies = (
        ConversionAnomaly(date(2026, 3, 1), 0.05, 0.01, 5.0),  # before the window
        ConversionAnomaly(date(2026, 3, 14), 0.04, 0.01, 4.0),
    )
    [finding] = RULES[AlertKind.CONVERSION_ANOMALY].check(context(anomalies=anomalies))
    assert (finding.key, finding.severity) == ("2026-03-14", Severity.WARNING)
    assert "4.00%, 4.0× the median of 1.00%" in finding.detail


def test_finding_data_is_what_a_json_column_gives_back():
    [finding] = RULES[AlertKind.LOW_RATING].check(context(latest_rating=ServiceDay(AS_OF, 10, 0, Decimal("97.50"))))
    assert finding.data == {"date": "2026-03-15", "positive_rate": "97.50", "target": "98.5"}
    assert finding.title == "Positive-rating rate 97.5% on 2026-03-15"


def test_texts_fall_back_to_the_stored_ones_when_the_data_cannot_say_them():
    assert alert_text(AlertKind.LOW_RATING, {}, "stored title", "stored detail") == ("stored title", "stored detail")
    assert alert_text(AlertKind.STOCK_LOW, {"sku": "A"}, "stock title", "") == ("stock title", "")
