"""The under-staffed rule on hand-built contexts, and its evaluation after a rollup from the staffing figures."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from alerts.choices import AlertKind, Severity
from alerts.models import Alert
from alerts.rulebook import RULES
from alerts.rules import AlertContext, StaffingDay, StaffShortage
from alerts.services import alerts_evaluate
from promotions.models import Promotion
from tests.staffing.conftest import assign, plan_with_targets

AS_OF = date(2026, 12, 1)


def day(offset, promotion=None, role="logistics"):
    return StaffingDay(
        AS_OF + timedelta(days=offset),
        Decimal(600),
        promotion,
        (StaffShortage(role, Decimal("4.20"), Decimal("1.00")),),
    )


def check(*days):
    return RULES[AlertKind.UNDERSTAFFED].check(AlertContext(store_id=1, as_of=AS_OF, understaffed=days))


def test_an_under_staffed_day_within_two_weeks_is_an_alert_critical_when_close():
    soon, later, beyond = day(2), day(11, "double_12"), day(15)
    found = check(soon, later, beyond)
    assert [(f.key, f.severity) for f in found] == [("2026-12-03", Severity.CRITICAL), ("2026-12-12", Severity.WARNING)]
    assert found[1].title == "Under-staffed on 2026-12-12 (in 10 days)"
    assert "Logistics needs 4.20 FTE, the roster has 1.00" in found[1].detail
    assert "Double 12 (12.12)" in found[1].detail


def test_the_last_full_day_itself_is_not_ahead():
    assert check(day(0)) == []


@pytest.mark.django_db
def test_evaluation_raises_the_alert_from_the_plan_promotions_and_roster(own_store):
    plan_with_targets(own_store, date(2026, 12, 1), date(2026, 12, 31), orders=200)
    Promotion.objects.create(
        store=own_store, kind="double_12", name="双12", start_date=date(2026, 12, 12), end_date=date(2026, 12, 12)
    )
    for code in ("ops_manager", "customer_service", "designer", "promoter", "logistics", "finance", "editor"):
        assign(own_store, code)
    alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get(store=own_store, kind=AlertKind.UNDERSTAFFED)
    assert alert.key == "2026-12-12" and alert.severity == Severity.WARNING
    assert {s["role"] for s in alert.data["shortages"]} == {"customer_service", "logistics"}
    # Without the promotion the day is ordinary again, and the next evaluation resolves the alert.
    Promotion.objects.filter(store=own_store).delete()
    alerts_evaluate(own_store, AS_OF)
    alert.refresh_from_db()
    assert alert.state == "resolved"
