"""alerts_evaluate on rows built directly: raise, refresh, resolve, keep acknowledgements, stay idempotent."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone, translation

from alerts.choices import AlertKind, AlertState, EventKind, Severity
from alerts.models import Alert, AlertEvaluation, AlertEvent
from alerts.rulebook import RULES
from alerts.services import AlertStateConflict, alert_acknowledge, alert_resolve, alerts_evaluate
from funnel.models import DailyMetric
from funnel.services.plans import plan_activate, plan_create_from_template

from .conftest import AS_OF, actuals, day_rollups, make_alert, month_rollup, service_log, week

EVALUATION_QUERIES = 26

pytestmark = pytest.mark.django_db


def events(alert) -> list[str]:
    return list(AlertEvent.objects.filter(alert=alert).order_by("pk").values_list("event", flat=True))


def test_a_store_behind_plan_gets_an_open_alert_with_a_raised_event(own_store):
    day_rollups(own_store, orders=6, target=10)
    result = alerts_evaluate(own_store, AS_OF)
    [alert] = Alert.objects.all()
    assert (alert.kind, alert.key, alert.state, alert.severity) == (
        AlertKind.BEHIND_PLAN,
        "orders",
        AlertState.OPEN,
        Severity.WARNING,
    )
    assert "7-day average of 6.0 orders a day is 60%" in alert.display_detail
    assert events(alert) == [EventKind.RAISED]
    assert (result.raised, result.held, result.resolved) == (1, 0, 0)


def test_a_pace_below_one_is_behind_plan_and_the_detail_says_so(own_store):
    day_rollups(own_store, orders=10, target=10)
    month_rollup(own_store, "0.9000")
    alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get(kind=AlertKind.BEHIND_PLAN)
    assert alert.display_detail == "At this month's pace the store reaches 90% of the month's orders target."


def test_a_store_on_plan_has_no_alert(own_store):
    day_rollups(own_store, orders=9, target=10)
    month_rollup(own_store, "1.0500")
    service_log(own_store, AS_OF)
    alerts_evaluate(own_store, AS_OF)
    assert not Alert.objects.exists()


def test_an_alert_that_still_holds_is_refreshed_not_raised_again(own_store):
    day_rollups(own_store, orders=6, target=10)
    alerts_evaluate(own_store, AS_OF)
    first = Alert.objects.get()
    DailyMetric.objects.filter(store=own_store).update(orders=3)
    result = alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get()
    assert alert.pk == first.pk
    assert alert.last_seen > first.last_seen
    assert alert.severity == Severity.CRITICAL
    assert "30%" in alert.display_detail
    assert events(alert) == [EventKind.RAISED, EventKind.SEEN]
    assert (result.raised, result.changed, result.held) == (0, 1, 1)


def test_an_alert_that_no_longer_holds_is_resolved(own_store):
    day_rollups(own_store, orders=6, target=10)
    alerts_evaluate(own_store, AS_OF)
    DailyMetric.objects.filter(store=own_store).update(orders=10)
    result = alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get()
    assert alert.state == AlertState.RESOLVED
    assert alert.resolved_at is not None
    assert events(alert) == [EventKind.RAISED, EventKind.RESOLVED]
    assert result.resolved == 1


def test_an_acknowledged_alert_stays_acknowledged_while_it_holds_then_resolves(own_store, manager):
    day_rollups(own_store, orders=6, target=10)
    alerts_evaluate(own_store, AS_OF)
    alert_acknowledge(Alert.objects.get(), manager, "calling the promoter")
    alerts_evaluate(own_store, AS_OF + timedelta(days=1))
    alert = Alert.objects.get()
    assert alert.state == AlertState.ACKNOWLEDGED
    assert alert.acknowledged_by == manager
    DailyMetric.objects.filter(store=own_store).update(orders=10)
    alerts_evaluate(own_store, AS_OF + timedelta(days=1))
    assert Alert.objects.get().state == AlertState.RESOLVED


def test_evaluating_twice_changes_nothing_but_last_seen(own_store):
    day_rollups(own_store, orders=6, target=10)
    month_rollup(own_store, "0.7")
    service_log(own_store, AS_OF - timedelta(days=2), shipped_later=3, positive_rate="97.10")
    AlertEvaluation.objects.create(store=own_store, as_of=AS_OF, evaluated_at=timezone.now(), recommendation="hold")
    alerts_evaluate(own_store, AS_OF)
    before = {a.pk: model_to_dict(a, exclude=["last_seen"]) for a in Alert.objects.all()}
    event_count = AlertEvent.objects.count()
    result = alerts_evaluate(own_store, AS_OF)
    after = {a.pk: model_to_dict(a, exclude=["last_seen"]) for a in Alert.objects.all()}
    assert len(before) == 4  # behind plan, stage change, low rating, late shipping
    assert after == before
    assert AlertEvent.objects.count() == event_count
    assert (result.raised, result.changed, result.resolved, result.held) == (0, 0, 0, 4)


def test_the_latest_rating_below_98_5_percent_raises_an_alert_keyed_by_its_date(own_store):
    service_log(own_store, AS_OF - timedelta(days=20), positive_rate="90.00")
    service_log(own_store, AS_OF - timedelta(days=10), positive_rate="98.20")
    service_log(own_store, AS_OF, positive_rate=None)  # today's rate not logged yet
    alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get(kind=AlertKind.LOW_RATING)
    assert alert.key == (AS_OF - timedelta(days=10)).isoformat()
    assert alert.severity == Severity.WARNING
    service_log(own_store, AS_OF + timedelta(days=1), positive_rate="99.00")
    alerts_evaluate(own_store, AS_OF + timedelta(days=1))
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED


def test_late_shipping_raises_one_alert_per_day_of_the_last_week(own_store):
    service_log(own_store, AS_OF - timedelta(days=9), shipped_later=2)  # outside the window
    service_log(own_store, AS_OF - timedelta(days=6), shipped_later=1)
    service_log(own_store, AS_OF - timedelta(days=3), shipped_later=0)
    service_log(own_store, AS_OF, shipped_later=5)
    alerts_evaluate(own_store, AS_OF)
    found = Alert.objects.filter(kind=AlertKind.LATE_SHIPPING).order_by("key")
    assert [(a.key, a.severity) for a in found] == [
        ((AS_OF - timedelta(days=6)).isoformat(), Severity.WARNING),
        (AS_OF.isoformat(), Severity.CRITICAL),
    ]
    # A day that leaves the week resolves.
    alerts_evaluate(own_store, AS_OF + timedelta(days=1))
    assert list(Alert.objects.exclude(state=AlertState.RESOLVED).values_list("key", flat=True)) == [AS_OF.isoformat()]


def test_a_conversion_spike_of_the_last_week_is_an_anomaly_alert(own_store):
    rows = [(AS_OF - timedelta(days=n), 1000, 10) for n in range(20, 0, -1)]
    actuals(own_store, [*rows, (AS_OF, 1000, 60)])
    alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get(kind=AlertKind.CONVERSION_ANOMALY)
    assert (alert.key, alert.severity) == (AS_OF.isoformat(), Severity.CRITICAL)
    assert "6.00%, 6.0× the median of 1.00%" in alert.display_detail


def test_the_first_evaluation_records_the_recommendation_without_an_alert(own_store):
    alerts_evaluate(own_store, AS_OF)
    assert not Alert.objects.filter(kind=AlertKind.STAGE_CHANGE).exists()
    assert AlertEvaluation.objects.get(store=own_store).recommendation == "no_plan"


def test_a_changed_recommendation_is_an_info_alert_that_resolves_after_a_week(own_store, manager):
    alerts_evaluate(own_store, AS_OF)  # no plan yet
    start, end = AS_OF - timedelta(days=30), AS_OF + timedelta(days=300)
    plan = plan_create_from_template(own_store, manager, name="2026", period_start=start, period_end=end, as_of=AS_OF)
    plan_activate(plan, manager)
    alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get(kind=AlertKind.STAGE_CHANGE)
    key = f"not_enough_data:{AS_OF.isoformat()}"
    assert (alert.key, alert.severity, alert.state) == (key, Severity.INFO, AlertState.OPEN)
    assert alert.display_title == "Stage recommendation changed: Not enough data yet"
    alerts_evaluate(own_store, AS_OF + timedelta(days=6))
    assert Alert.objects.get(pk=alert.pk).state == AlertState.OPEN
    alerts_evaluate(own_store, AS_OF + timedelta(days=7))
    assert Alert.objects.get(pk=alert.pk).state == AlertState.RESOLVED
    assert Alert.objects.filter(kind=AlertKind.STAGE_CHANGE).count() == 1


def test_a_stage_change_alert_keeps_the_recommendations_reasons_and_says_them_in_each_language(own_store, manager):
    alerts_evaluate(own_store, AS_OF)  # no plan yet
    start, end = AS_OF - timedelta(days=30), AS_OF + timedelta(days=300)
    plan = plan_create_from_template(own_store, manager, name="2026", period_start=start, period_end=end, as_of=AS_OF)
    plan_activate(plan, manager)
    day_rollups(own_store, orders=3, target=12)  # the week at 25% of its targets
    alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get(kind=AlertKind.STAGE_CHANGE)
    assert alert.key == f"behind:{AS_OF.isoformat()}"
    assert Alert.objects.filter(kind=AlertKind.BEHIND_PLAN, state=AlertState.OPEN).exists()
    [behind, days] = alert.data["reasons"]
    assert behind == {
        "code": "behind_average",
        "params": {"days": 7, "avg_orders": 3.0, "avg_target": 12.0, "attainment": 0.25, "threshold": 0.8},
    }
    assert days["code"] == "days_in_stage" and days["params"]["days"] == 7
    with translation.override("en"):
        assert alert.display_title == "Stage recommendation changed: Behind plan"
        assert "Why: The 7-day average of 3.0 orders a day is 25% of the day target of 12.0" in alert.display_detail
        assert "Only 7 of the 14 days of actuals needed in stage 2 so far" in alert.display_detail
    with translation.override("zh-hans"):
        assert alert.display_title == "阶段建议变化：落后于计划"
        assert "原因：近 7 天日均 3.0 单，为日目标 12.0 单的 25%" in alert.display_detail
        assert "第 2 阶段目前只有 7 天实际数据，至少需要 14 天" in alert.display_detail


def test_alerts_of_kinds_without_a_rule_are_left_alone(own_store, monkeypatch):
    monkeypatch.delitem(RULES, AlertKind.UNDERSTAFFED)  # every kind has a rule now: take one away
    stock = make_alert(own_store, "2026-03-20", kind=AlertKind.UNDERSTAFFED)
    alerts_evaluate(own_store, AS_OF)
    stock.refresh_from_db()
    assert stock.state == AlertState.OPEN


def test_other_stores_alerts_are_not_touched(own_store, other_store):
    theirs = make_alert(other_store, AS_OF.isoformat())
    alerts_evaluate(own_store, AS_OF)
    theirs.refresh_from_db()
    assert theirs.state == AlertState.OPEN


def test_a_hand_resolved_alert_is_raised_again_while_its_condition_holds(own_store, manager):
    day_rollups(own_store, orders=6, target=10)
    alerts_evaluate(own_store, AS_OF)
    resolved = alert_resolve(Alert.objects.get(), manager, "fixed, I think")
    assert events(resolved) == [EventKind.RAISED, EventKind.RESOLVED]
    alerts_evaluate(own_store, AS_OF)
    assert list(Alert.objects.order_by("pk").values_list("state", flat=True)) == [AlertState.RESOLVED, AlertState.OPEN]


def test_only_open_alerts_can_be_acknowledged_and_resolved_ones_not_resolved_again(own_store, manager):
    alert = make_alert(own_store)
    alert_acknowledge(alert, manager)
    with pytest.raises(AlertStateConflict):
        alert_acknowledge(alert, manager)
    alert_resolve(alert, manager)
    with pytest.raises(AlertStateConflict):
        alert_resolve(alert, manager)


def test_evaluation_reads_in_a_bounded_number_of_queries(own_store, django_assert_max_num_queries):
    days = [AS_OF - timedelta(days=n) for n in range(60)]
    day_rollups(own_store, orders=5, target=10, days=days)
    month_rollup(own_store, "0.6")
    for d in days:
        service_log(own_store, d, shipped_later=1, positive_rate="97.50")
    actuals(own_store, [(d, 1000, 10) for d in days])
    for n in range(30):
        make_alert(own_store, f"SKU-{n}", kind=AlertKind.STOCK_LOW)
    AlertEvaluation.objects.create(store=own_store, as_of=AS_OF, evaluated_at=timezone.now(), recommendation="hold")
    # 16 for the plan, service, stock and promotion rules; 10 for the staffing figures of the next 14 days with the
    # active plan the day targets come from (promotions with phases and a roster add none: constant whatever their
    # size).
    with django_assert_max_num_queries(EVALUATION_QUERIES):
        first = alerts_evaluate(own_store, AS_OF)
    assert first.raised == 1 + 1 + 1 + 7  # behind plan, stage change, low rating, 7 late days
    with django_assert_max_num_queries(EVALUATION_QUERIES):
        alerts_evaluate(own_store, AS_OF + timedelta(days=1))


def test_the_refresh_task_evaluates_the_store_after_its_rollup(own_store):
    from opsplan.tasks import store_refresh_task
    from stores.days import store_yesterday

    yesterday = store_yesterday(own_store)
    service_log(own_store, yesterday, shipped_later=2)
    store_refresh_task.apply(args=(own_store.pk, yesterday.isoformat(), yesterday.isoformat()))
    assert Alert.objects.filter(store=own_store, kind=AlertKind.LATE_SHIPPING, key=yesterday.isoformat()).exists()


def test_week_helper_ends_with_as_of():
    assert week()[-1] == AS_OF and len(week()) == 7
